import { useEffect, useRef, useState, type FormEvent } from 'react'
import { usePeers } from '../collab/hooks.ts'
import { initials, MAX_NAME_LENGTH, type Peer } from '../collab/presence.ts'
import type { DocSession } from '../collab/session.ts'

const MAX_SHOWN = 5

export function PresenceAvatars({ session }: { session: DocSession }) {
  const peers = usePeers(session)
  const [renaming, setRenaming] = useState(false)
  const shown = peers.slice(0, MAX_SHOWN)
  const hidden = peers.slice(MAX_SHOWN)

  return (
    <div className="presence" data-testid="presence">
      <ul className="presence__list" aria-label="People in this document">
        {shown.map((peer) => (
          <li key={peer.user.id}>
            {peer.isSelf ? (
              <button
                type="button"
                className="avatar avatar--self"
                style={{ backgroundColor: peer.user.color }}
                data-testid="presence-avatar"
                data-self="true"
                data-name={peer.user.name}
                aria-label={`${peer.user.name} (you) — rename`}
                aria-expanded={renaming}
                onClick={() => setRenaming((open) => !open)}
              >
                {initials(peer.user.name)}
                <span className="tooltip">{peer.user.name} (you) · click to rename</span>
              </button>
            ) : (
              <Avatar peer={peer} />
            )}
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
      {renaming && (
        <RenamePopover
          name={session.presence.localUser.name}
          onSave={(name) => {
            session.presence.rename(name)
            setRenaming(false)
          }}
          onCancel={() => setRenaming(false)}
        />
      )}
    </div>
  )
}

function Avatar({ peer }: { peer: Peer }) {
  return (
    <span
      className="avatar"
      style={{ backgroundColor: peer.user.color }}
      data-testid="presence-avatar"
      data-name={peer.user.name}
      aria-label={peer.user.name}
      tabIndex={0}
    >
      {initials(peer.user.name)}
      <span className="tooltip">{peer.user.name}</span>
    </span>
  )
}

function RenamePopover({ name, onSave, onCancel }: { name: string; onSave: (name: string) => void; onCancel: () => void }) {
  const [value, setValue] = useState(name)
  const ref = useRef<HTMLFormElement>(null)

  // Close on a click outside or Escape, like any popover.
  useEffect(() => {
    const onPointer = (event: PointerEvent): void => {
      const target = event.target as Element | null
      if (ref.current && target && !ref.current.contains(target) && !target.closest('.avatar--self')) onCancel()
    }
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === 'Escape') onCancel()
    }
    document.addEventListener('pointerdown', onPointer)
    document.addEventListener('keydown', onKey)
    return () => {
      document.removeEventListener('pointerdown', onPointer)
      document.removeEventListener('keydown', onKey)
    }
  }, [onCancel])

  const submit = (event: FormEvent): void => {
    event.preventDefault()
    onSave(value)
  }

  return (
    <form ref={ref} className="popover" onSubmit={submit} data-testid="rename-form">
      <label className="popover__label" htmlFor="keel-rename">
        Your name
      </label>
      <p className="popover__hint">Shown to others on your avatar and cursor.</p>
      <input
        id="keel-rename"
        className="input"
        value={value}
        maxLength={MAX_NAME_LENGTH}
        autoFocus
        onFocus={(e) => e.currentTarget.select()}
        onChange={(e) => setValue(e.target.value)}
      />
      <div className="popover__actions">
        <button type="button" className="button button--ghost" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button button--primary" disabled={value.trim() === ''}>
          Save
        </button>
      </div>
    </form>
  )
}
