import { useState } from 'react'
import type { AuditEventView as AuditRow, AuditPage } from '#shared/api/audit'
import { api, describeError } from '../../lib/http.ts'
import { timeAgo } from '../../lib/format.ts'
import { useApi } from '../../lib/use-api.ts'
import { FormMessage } from '../../components/Field.tsx'
import { Section, SectionState } from '../../components/Section.tsx'

/** Plain words for each kind; an unknown (newer) kind shows as its name. */
const LABELS: Record<string, string> = {
  'auth.sign_in': 'signed in',
  'auth.sign_in_failed': 'failed sign-in',
  'auth.sign_in_link': 'signed in with a link',
  'auth.sign_out': 'signed out',
  'auth.sign_out_everywhere': 'signed out everywhere',
  'auth.session_revoked': 'ended a session',
  'auth.password_changed': 'changed password',
  'auth.password_reset_requested': 'asked for a password reset link',
  'auth.password_reset_issued': 'made a password reset link',
  'auth.password_reset_completed': 'reset password',
  'token.created': 'created an API token',
  'token.revoked': 'revoked an API token',
  'member.role_changed': 'changed a role',
  'member.project_role_changed': 'changed a project role',
  'member.removed': 'removed a member',
  'invite.accepted': 'accepted an invite',
  'backup.requested': 'backed up the server',
  'webhook.created': 'added a webhook',
  'webhook.removed': 'removed a webhook',
  'export.downloaded': 'downloaded an export',
}

/**
 * The workspace's audit log, for owners: its own events and its members' account events
 * (sign-ins, sessions, passwords), newest first, with a filter, paging and a JSON download.
 */
export function AuditSection({ workspaceId }: { workspaceId: string }) {
  const [kind, setKind] = useState('')
  const base = `/api/workspaces/${encodeURIComponent(workspaceId)}/audit`
  const query = kind ? `?kind=${encodeURIComponent(kind)}` : ''
  const first = useApi<AuditPage>(`${base}${query}`)
  const [more, setMore] = useState<{ key: string; rows: AuditRow[]; next: number | null } | null>(null)
  const [error, setError] = useState<string | null>(null)
  const extra = more?.key === query ? more : null
  const rows = [...(first.data?.events ?? []), ...(extra?.rows ?? [])]
  const next = extra ? extra.next : (first.data?.next ?? null)

  const loadMore = async (): Promise<void> => {
    if (next === null) return
    setError(null)
    try {
      const page = await api<AuditPage>(`${base}?before=${next}${kind ? `&kind=${encodeURIComponent(kind)}` : ''}`)
      setMore({ key: query, rows: [...(extra?.rows ?? []), ...page.events], next: page.next })
    } catch (err) {
      setError(describeError(err))
    }
  }

  return (
    <Section
      title="Audit log"
      description="Sign-ins, sessions, passwords, tokens, roles, invites and webhooks of this workspace and its members. Owners only."
      action={
        <a className="button button--ghost" href={`${base}?format=json${kind ? `&kind=${encodeURIComponent(kind)}` : ''}`} download>
          Download JSON
        </a>
      }
      testId="audit-section"
    >
      <select className="select" aria-label="Show" value={kind} onChange={(e) => setKind(e.target.value)} data-testid="audit-kind">
        <option value="">Everything</option>
        {Object.entries(LABELS).map(([k, label]) => (
          <option key={k} value={k}>
            {label}
          </option>
        ))}
      </select>
      {error && <FormMessage tone="error">{error}</FormMessage>}
      <SectionState loaded={first} empty={rows.length === 0} emptyText="Nothing recorded yet.">
        <ul className="rows">
          {rows.map((e) => (
            <li key={e.id} className="row" data-testid="audit-row">
              <div className="row__main">
                <div className="row__title">
                  {e.actor?.email ?? e.subject?.email ?? 'Someone'} {LABELS[e.kind] ?? e.kind}
                  {e.subject && e.actor && e.subject.id !== e.actor.id ? ` (${e.subject.email ?? 'a former member'})` : ''}
                </div>
                <div className="row__subtitle">
                  {timeAgo(e.at)}
                  {e.address ? ` · from ${e.address}` : ''}
                </div>
              </div>
            </li>
          ))}
        </ul>
        {next !== null && (
          <button type="button" className="button button--ghost" onClick={() => void loadMore()}>
            Show older
          </button>
        )}
      </SectionState>
    </Section>
  )
}
