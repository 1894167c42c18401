import { useEffect, useRef, useState } from 'react'
import type { HistoryToast as Toast } from './use-restore.ts'

export const VISIBLE_MS = 10_000

/**
 * The notice after a restore or a rename, with its action ("Undo"); longer-lived than a plain
 * notice so Undo can be reached. The countdown pauses while the pointer is over it or focus is in
 * it (WCAG 2.2.1): with focus inside it stays until dismissed or focus leaves; then it counts anew.
 */
export function HistoryToast({ toast, onDismiss }: { toast: Toast | null; onDismiss: () => void }) {
  const [hovered, setHovered] = useState(false)
  const [focused, setFocused] = useState(false)
  const box = useRef<HTMLDivElement>(null)
  const paused = hovered || focused
  useEffect(() => {
    if (toast === null || paused) return
    const timer = setTimeout(onDismiss, VISIBLE_MS)
    return () => clearTimeout(timer)
  }, [toast, onDismiss, paused])
  // A new toast starts unpaused unless focus really is in it.
  useEffect(() => {
    setFocused(box.current?.contains(document.activeElement) ?? false)
  }, [toast])
  if (toast === null) return null
  return (
    <div
      className="notice"
      role="status"
      data-testid="history-toast"
      ref={box}
      onPointerEnter={() => setHovered(true)}
      onPointerLeave={() => setHovered(false)}
      onFocus={() => setFocused(true)}
      onBlur={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setFocused(false)
      }}
    >
      <span>{toast.text}</span>
      {toast.action && (
        <button
          type="button"
          className="notice__action"
          onClick={() => {
            onDismiss()
            toast.action!.run()
          }}
          data-testid="history-toast-action"
        >
          {toast.action.label}
        </button>
      )}
      <button type="button" className="notice__close" onClick={onDismiss} aria-label="Dismiss">
        ×
      </button>
    </div>
  )
}
