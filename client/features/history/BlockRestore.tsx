import { useRef, useState, type ReactNode } from 'react'

/**
 * "Restore this block" on the top-level block under the pointer in the preview: the block is
 * tinted so it is clear what would come back, the button sits at its top right. The index is the
 * block's place among the ProseMirror root's children, which is its index in the version's
 * content (a read-only view draws no widgets between blocks).
 */
export function BlockRestore({ enabled, onRestore, children }: { enabled: boolean; onRestore: (index: number) => void; children: ReactNode }) {
  const wrap = useRef<HTMLDivElement>(null)
  const [hover, setHover] = useState<{ index: number; top: number; height: number } | null>(null)

  const onMove = (event: React.MouseEvent): void => {
    if (!enabled || !wrap.current) return
    const root = wrap.current.querySelector('.ProseMirror')
    let el = event.target as Element | null
    // Over the button or the tint: keep the block it belongs to.
    if (el instanceof Element && el.closest('.hblocks__hover')) return
    while (el && el.parentElement !== root) el = el.parentElement
    if (!el || !root) return
    const index = Array.prototype.indexOf.call(root.children, el)
    const box = el.getBoundingClientRect()
    const top = box.top - wrap.current.getBoundingClientRect().top
    if (index !== hover?.index || top !== hover.top || box.height !== hover.height) setHover({ index, top, height: box.height })
  }

  return (
    <div className="hblocks" ref={wrap} onMouseMove={onMove} onMouseLeave={() => setHover(null)}>
      {children}
      {enabled && hover && (
        <div className="hblocks__hover" style={{ top: hover.top, height: hover.height }}>
          <button type="button" className="hblocks__restore" onClick={() => onRestore(hover.index)} data-testid="restore-block" data-block-index={hover.index}>
            Restore this block
          </button>
        </div>
      )}
    </div>
  )
}
