import type { DocSession } from '../collab/session.ts'
import { Link } from '../app/Link.tsx'
import { ConnectionBadge } from './ConnectionBadge.tsx'
import { PresenceAvatars } from './PresenceAvatars.tsx'

export function TopBar({ session, title }: { session: DocSession | null; title: string }) {
  return (
    <header className="topbar">
      <div className="topbar__left">
        <Link href="/" className="wordmark" aria-label="Keel home">
          <KeelMark />
          <span>Keel</span>
        </Link>
        <span className="topbar__sep" aria-hidden="true">/</span>
        <h1 className={`topbar__title${title ? '' : ' topbar__title--empty'}`} data-testid="doc-title" title={title || 'Untitled'}>
          {title || 'Untitled'}
        </h1>
      </div>
      <div className="topbar__right">
        {session && <PresenceAvatars session={session} />}
        {session && <ConnectionBadge session={session} />}
      </div>
    </header>
  )
}

/** A hull and keel, drawn small enough to sit next to the wordmark. */
function KeelMark() {
  return (
    <svg className="wordmark__mark" viewBox="0 0 24 24" width="22" height="22" aria-hidden="true">
      <rect width="24" height="24" rx="6" fill="currentColor" />
      <path d="M5 9.5h14l-2.6 5.2a2 2 0 0 1-1.8 1.1H9.4a2 2 0 0 1-1.8-1.1z" fill="#fff" />
      <path d="M12 15.8v3.2" stroke="#fff" strokeWidth="2" strokeLinecap="round" />
    </svg>
  )
}
