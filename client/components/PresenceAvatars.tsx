import { usePeers } from '../collab/hooks.ts'
import { initials, type Peer } from '../collab/presence.ts'
import type { DocSession } from '../collab/doc-session.ts'

const MAX_SHOWN = 5

/** Who is in the document right now, you first. Names come from accounts (the server stamps them). */
export function PresenceAvatars({ session }: { session: DocSession }) {
  const peers = usePeers(session)
  const shown = peers.slice(0, MAX_SHOWN)
  const hidden = peers.slice(MAX_SHOWN)

  return (
    <div className="presence" data-testid="presence">
      <ul className="presence__list" aria-label="People in this document">
        {shown.map((peer) => (
          <li key={peer.user.id}>
            <Avatar peer={peer} />
          </li>
        ))}
        {hidden.length > 0 && (
          <li>
            <span className="avatar avatar--more" title={hidden.map((p) => p.user.name).join(', ')}>
              +{hidden.length}
            </span>
          </li>
        )}
      </ul>
    </div>
  )
}

function Avatar({ peer }: { peer: Peer }) {
  const label = peer.isSelf ? `${peer.user.name} (you)` : peer.user.name
  return (
    <span
      className={`avatar${peer.isSelf ? ' avatar--self' : ''}`}
      style={{ backgroundColor: peer.user.color }}
      data-testid="presence-avatar"
      data-self={peer.isSelf ? 'true' : undefined}
      data-name={peer.user.name}
      aria-label={label}
      tabIndex={0}
    >
      {initials(peer.user.name)}
      <span className="tooltip">{label}</span>
    </span>
  )
}
