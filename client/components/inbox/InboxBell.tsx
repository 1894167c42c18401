import { useCallback, useRef, useState } from 'react'
import { useDismiss } from '../../lib/use-dismiss.ts'
import { InboxPanel } from './InboxPanel.tsx'
import { useUnreadCount } from './unread.ts'
import './inbox.css'

/** The bell in the top bar: the unread count, and the inbox panel under it. */
export function InboxBell() {
  const unread = useUnreadCount()
  const [open, setOpen] = useState(false)
  const ref = useRef<HTMLDivElement>(null)
  const close = useCallback(() => setOpen(false), [])
  useDismiss(ref, open, close)
  const label = unread === 0 ? 'Inbox' : `Inbox, ${unread} unread`
  return (
    <div className="menu-anchor" ref={ref}>
      <button
        type="button"
        className="inbox-bell"
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-label={label}
        title={label}
        data-testid="inbox-bell"
        onClick={() => setOpen((o) => !o)}
      >
        <svg viewBox="0 0 20 20" width="18" height="18" aria-hidden="true">
          <path
            d="M10 3a4.5 4.5 0 0 0-4.5 4.5v2.7L4.2 13a.8.8 0 0 0 .7 1.2h10.2a.8.8 0 0 0 .7-1.2l-1.3-2.8V7.5A4.5 4.5 0 0 0 10 3z"
            fill="none"
            stroke="currentColor"
            strokeWidth="1.6"
            strokeLinejoin="round"
          />
          <path d="M8.2 16.2a2 2 0 0 0 3.6 0" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
        </svg>
        {unread > 0 && (
          <span className="inbox-bell__badge" data-testid="inbox-badge">
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </button>
      {open && <InboxPanel onClose={close} />}
    </div>
  )
}
