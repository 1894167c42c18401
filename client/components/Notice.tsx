import { useEffect } from 'react'

export interface NoticeMessage {
  /** Changes on every new notice so the same text shown twice restarts the timer. */
  id: number
  text: string
}

const VISIBLE_MS = 6000

/** A transient message at the bottom of the screen (refused paste, and the like). */
export function Notice({ message, onDismiss }: { message: NoticeMessage | null; onDismiss: () => void }) {
  useEffect(() => {
    if (message === null) return
    const timer = setTimeout(onDismiss, VISIBLE_MS)
    return () => clearTimeout(timer)
  }, [message, onDismiss])

  if (message === null) return null
  return (
    <div className="notice" role="alert" data-testid="notice">
      <span>{message.text}</span>
      <button type="button" className="notice__close" onClick={onDismiss} aria-label="Dismiss">
        ×
      </button>
    </div>
  )
}
