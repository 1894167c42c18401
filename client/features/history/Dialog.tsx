import { useEffect, useRef, type ReactNode } from 'react'
import { createPortal } from 'react-dom'

const FOCUSABLE = 'input:not([disabled]), select:not([disabled]), textarea:not([disabled]), button:not([disabled]), [href], [tabindex]:not([tabindex="-1"])'

/**
 * A small modal for history's questions (name a version, confirm a restore, undo a restore). Focus
 * moves to its first field or button, Tab and Shift+Tab stay inside, and focus goes back to where
 * it was on close; Escape or a click outside cancels.
 */
export function Dialog({ title, onClose, children, testId }: { title: string; onClose: () => void; children: ReactNode; testId?: string }) {
  const box = useRef<HTMLDivElement>(null)
  useEffect(() => {
    const previous = document.activeElement
    box.current?.querySelector<HTMLElement>('input, [data-autofocus], button')?.focus()
    return () => {
      if (previous instanceof HTMLElement && document.contains(previous)) previous.focus()
    }
  }, [])
  return createPortal(
    <div className="hdialog" role="presentation" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        className="hdialog__box"
        role="dialog"
        aria-modal="true"
        aria-label={title}
        ref={box}
        data-testid={testId}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault()
            e.stopPropagation()
            onClose()
            return
          }
          if (e.key !== 'Tab' || !box.current) return
          const all = [...box.current.querySelectorAll<HTMLElement>(FOCUSABLE)]
          if (all.length === 0) return void e.preventDefault()
          const first = all[0]!
          const last = all[all.length - 1]!
          const inside = box.current.contains(document.activeElement)
          if (e.shiftKey && (document.activeElement === first || !inside)) {
            e.preventDefault()
            last.focus()
          } else if (!e.shiftKey && (document.activeElement === last || !inside)) {
            e.preventDefault()
            first.focus()
          }
        }}
      >
        <h2 className="hdialog__title">{title}</h2>
        {children}
      </div>
    </div>,
    document.body,
  )
}
