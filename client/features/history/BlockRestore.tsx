import { useRef, useState, type ReactNode } from 'react'

/**
 * "Restore this block" beside the top-level block under the pointer in the preview. The index is
 * the block's place among the ProseMirror root's children, which is its index in the version's
 * content (a read-only view draws no widgets between blocks).
 */
export function BlockRestore({ enabled, onRestore, children }: { enabled: boolean; onRestore: (index: number) => void; children: ReactNode }) {
  const wrap = useRef<HTMLDivElement>(null)
  const [hover, setHover] = useState<{ index: number; top: number } | null>(null)

  const onMove = (event: React.MouseEvent): void => {
    if (!enabled || !wrap.current) return
    const root = wrap.current.querySelector('.ProseMirror')
    let el = event.target as Element | null
    while (el && el.parentElement !== root) el = el.parentElement
    if (!el || !root) return
    const index = Array.prototype.indexOf.call(root.children, el)
    const top = el.getBoundingClientRect().top - wrap.current.getBoundingClientRect().top
    if (index !== hover?.index || top !== hover.top) setHover({ index, top })
  }

  return (
    <div className="hblocks" ref={wrap} onMouseMove={onMove} onMouseLeave={() => setHover(null)}>
      {children}
      {enabled && hover && (
        <button
          type="button"
          className="hblocks__restore"
          style={{ top: hover.top }}
          onClick={() => onRestore(hover.index)}
          data-testid="restore-block"
          data-block-index={hover.index}
        >
          Restore this block
        </button>
      )}
    </div>
  )
}
