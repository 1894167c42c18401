import { useEffect } from 'react'
import type { HistoryToast as Toast } from './use-restore.ts'

const VISIBLE_MS = 10_000

/** The notice after a restore or a rename, with its action ("Undo"); longer-lived than a plain notice so Undo can be reached. */
export function HistoryToast({ toast, onDismiss }: { toast: Toast | null; onDismiss: () => void }) {
  useEffect(() => {
    if (toast === null) return
    const timer = setTimeout(onDismiss, VISIBLE_MS)
    return () => clearTimeout(timer)
  }, [toast, onDismiss])
  if (toast === null) return null
  return (
    <div className="notice" role="status" data-testid="history-toast">
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
