import { useEffect, useLayoutEffect, useRef, useState, type ReactNode, type RefObject } from 'react'
import { createPortal } from 'react-dom'

/**
 * A menu that floats next to its button, drawn in a portal with fixed coordinates so a scrolling
 * sidebar never clips it. Closes on Escape, on a click outside (the button itself excepted, it
 * toggles), and when the page scrolls or resizes.
 */
export function Popover({
  anchor,
  onClose,
  children,
  align = 'start',
  testId,
}: {
  anchor: RefObject<HTMLElement | null>
  onClose: () => void
  children: ReactNode
  align?: 'start' | 'end'
  testId?: string
}) {
  const ref = useRef<HTMLDivElement>(null)
  const [pos, setPos] = useState<{ top: number; left: number } | null>(null)

  useLayoutEffect(() => {
    const a = anchor.current?.getBoundingClientRect()
    const menu = ref.current
    if (!a || !menu) return
    const { offsetWidth: w, offsetHeight: h } = menu
    let left = align === 'end' ? a.right - w : a.left
    let top = a.bottom + 4
    if (top + h > window.innerHeight - 8) top = Math.max(8, a.top - h - 4)
    left = Math.min(Math.max(8, left), window.innerWidth - w - 8)
    setPos({ top, left })
  }, [anchor, align, children])

  useEffect(() => {
    const onPointer = (event: PointerEvent): void => {
      const t = event.target as Node | null
      if (t && (ref.current?.contains(t) || anchor.current?.contains(t))) return
      onClose()
    }
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === 'Escape') {
        event.stopPropagation()
        onClose()
      }
    }
    document.addEventListener('pointerdown', onPointer)
    document.addEventListener('keydown', onKey, true)
    window.addEventListener('resize', onClose)
    return () => {
      document.removeEventListener('pointerdown', onPointer)
      document.removeEventListener('keydown', onKey, true)
      window.removeEventListener('resize', onClose)
    }
  }, [anchor, onClose])

  return createPortal(
    <div
      ref={ref}
      className="menu popover"
      role="menu"
      data-testid={testId}
      style={pos ? { top: pos.top, left: pos.left } : { visibility: 'hidden', top: 0, left: 0 }}
    >
      {children}
    </div>,
    document.body,
  )
}
