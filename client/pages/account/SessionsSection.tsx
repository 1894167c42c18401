import { useState } from 'react'
import { api, describeError } from '../../lib/http.ts'
import type { SessionView } from '../../lib/api-types.ts'
import { timeAgo } from '../../lib/format.ts'
import { useSession } from '../../lib/auth-session.tsx'
import { useApi } from '../../lib/use-api.ts'
import { FormMessage } from '../../components/Field.tsx'
import { Section, SectionState } from '../../components/Section.tsx'

/**
 * Where you are signed in: each browser session with its device, address and last use; end any
 * one of them, or sign out everywhere (every session, this one included: the server ends their
 * open documents and live views at once). API tokens are separate, on each workspace's page.
 */
export function SessionsSection() {
  const sessions = useApi<SessionView[]>('/api/auth/sessions')
  const { refresh } = useSession()
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const revoke = async (s: SessionView): Promise<void> => {
    setError(null)
    try {
      await api(`/api/auth/sessions/${encodeURIComponent(s.id)}`, { method: 'DELETE' })
      if (s.current) await refresh()
      else sessions.mutate((list) => list.filter((x) => x.id !== s.id))
    } catch (err) {
      setError(describeError(err))
    }
  }

  const everywhere = async (): Promise<void> => {
    if (!window.confirm('Sign out on every device, this one included?')) return
    setBusy(true)
    setError(null)
    try {
      await api('/api/auth/sign-out-everywhere', { method: 'POST', body: {} })
      await refresh()
    } catch (err) {
      setError(describeError(err))
      setBusy(false)
    }
  }

  const list = sessions.data ?? []
  return (
    <Section
      title="Where you’re signed in"
      description="Each browser you signed in from. Sessions also end by themselves after a while without use (7 days unless your server says otherwise), and some weeks after sign-in at most."
      action={
        <button
          type="button"
          className="button button--ghost button--danger"
          disabled={busy}
          onClick={() => void everywhere()}
          data-testid="sign-out-everywhere"
        >
          {busy ? 'Signing out…' : 'Sign out everywhere'}
        </button>
      }
      testId="sessions-section"
    >
      {error && <FormMessage tone="error">{error}</FormMessage>}
      <SectionState loaded={sessions} empty={list.length === 0} emptyText="No sessions.">
        <ul className="rows">
          {list.map((s) => (
            <li key={s.id} className="row" data-testid="session-row">
              <div className="row__main">
                <div className="row__title">
                  {s.device}
                  {s.current && <span className="pill pill--accent"> This device</span>}
                </div>
                <div className="row__subtitle">
                  {s.address || 'unknown address'} · signed in {timeAgo(s.createdAt)} · last seen {timeAgo(s.lastSeenAt)}
                </div>
              </div>
              <div className="row__actions">
                <button type="button" className="button button--ghost button--danger" onClick={() => void revoke(s)}>
                  {s.current ? 'Sign out' : 'Revoke'}
                </button>
              </div>
            </li>
          ))}
        </ul>
      </SectionState>
    </Section>
  )
}
