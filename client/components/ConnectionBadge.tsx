import { CloseCode } from '#shared/protocol/index'
import { useConnection } from '../collab/hooks.ts'
import { needsReload, type ConnectionState } from '../collab/connection.ts'
import type { DocSession } from '../collab/session.ts'

const changes = (n: number): string => `${n} ${n === 1 ? 'change' : 'changes'} not yet saved`

/** The badge's words. It never claims "saved" unless the server acknowledged it. */
export function badgeText({ status, unsaved, fatal, waiting }: ConnectionState, readOnly = false): string {
  if (fatal !== null) {
    if (needsReload(fatal.code)) return 'Update required · Reload'
    if (fatal.code === CloseCode.Forbidden) return "Can't save · View only"
    if (fatal.code === CloseCode.Unauthenticated) return 'Signed out'
    return `Can't sync · ${fatal.reason}`
  }
  switch (status) {
    case 'connecting':
      return waiting ? 'Waiting to sync…' : 'Connecting…'
    case 'online':
      if (readOnly && unsaved === 0) return 'Online · Live'
      return unsaved > 0 ? 'Saving…' : 'Online · All changes saved'
    case 'offline':
      return unsaved > 0 ? `Offline · ${changes(unsaved)}` : 'Offline · All changes saved'
  }
}

function badgeHint({ status, unsaved, waiting }: ConnectionState, readOnly: boolean): string {
  if (waiting && status !== 'online') return 'This page was created on this device; it opens on the server once the project’s page list has synced.'
  if (readOnly && unsaved === 0) return status === 'online' ? 'Connected: you see changes as they happen' : 'Not connected: changes by others show when the connection returns'
  if (status === 'online') return unsaved > 0 ? `Waiting for the server to store ${unsaved} ${unsaved === 1 ? 'change' : 'changes'}` : 'Everything you wrote is stored on the server'
  if (unsaved > 0) return `${changes(unsaved)}. They are kept on this device and sent when the connection returns.`
  return 'Edits made now are kept on this device and sent when the connection returns.'
}

export function ConnectionBadge({ session, readOnly = false }: { session: DocSession; readOnly?: boolean }) {
  const state = useConnection(session)
  const tone = state.fatal !== null ? 'error' : state.status === 'online' && state.unsaved > 0 ? 'saving' : state.status
  const reload = state.fatal !== null && needsReload(state.fatal.code)
  return (
    <div
      className={`badge badge--${tone}`}
      data-testid="connection-badge"
      data-status={state.status}
      data-unsaved={state.unsaved}
      data-synced={state.synced}
      title={badgeHint(state, readOnly)}
      role="status"
      aria-live="polite"
    >
      <span className="badge__dot" aria-hidden="true" />
      <span className="badge__text">{badgeText(state, readOnly)}</span>
      {reload && (
        <button type="button" className="badge__action" onClick={() => location.reload()}>
          Reload
        </button>
      )}
    </div>
  )
}
