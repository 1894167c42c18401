import { useEffect, useRef, type ReactNode } from 'react'
import { createPortal } from 'react-dom'

/**
 * A small modal for history's questions (name a version, confirm a restore). Focus moves to its
 * first field or button and back to where it was on close; Escape or a click outside cancels.
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
          if (e.key !== 'Escape') return
          e.preventDefault()
          e.stopPropagation()
          onClose()
        }}
      >
        <h2 className="hdialog__title">{title}</h2>
        {children}
      </div>
    </div>,
    document.body,
  )
}
