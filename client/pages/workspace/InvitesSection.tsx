import { useState } from 'react'
import { api, describeError } from '../../lib/http.ts'
import type { CreatedInvite, InviteView, Role } from '../../lib/api-types.ts'
import { aRole, roleLabel, timeAgo } from '../../lib/format.ts'
import { useApi } from '../../lib/use-api.ts'
import { CopyField } from '../../components/CopyField.tsx'
import { FormMessage } from '../../components/Field.tsx'
import { RoleSelect } from './RoleSelect.tsx'
import { Section, SectionState } from '../../components/Section.tsx'

function status(invite: InviteView): { label: string; tone: 'active' | 'done' } {
  if (invite.used) return { label: 'Used', tone: 'done' }
  if (Date.parse(invite.expiresAt) <= Date.now()) return { label: 'Expired', tone: 'done' }
  return { label: `Expires ${timeAgo(invite.expiresAt)}`, tone: 'active' }
}

/** Owners make single-use invite links with a role, see them, and revoke them. */
export function InvitesSection({ workspaceId }: { workspaceId: string }) {
  const path = `/api/workspaces/${encodeURIComponent(workspaceId)}/invites`
  const invites = useApi<InviteView[]>(path)
  const [role, setRole] = useState<Role>('editor')
  const [created, setCreated] = useState<CreatedInvite | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const create = async (): Promise<void> => {
    setBusy(true)
    setError(null)
    try {
      const answer = await api<CreatedInvite>(path, { method: 'POST', body: { role } })
      setCreated(answer)
      invites.mutate((list) => [answer.invite, ...list])
    } catch (err) {
      setError(describeError(err))
    } finally {
      setBusy(false)
    }
  }

  const revoke = async (invite: InviteView): Promise<void> => {
    setError(null)
    try {
      await api(`${path}/${encodeURIComponent(invite.id)}`, { method: 'DELETE' })
      invites.mutate((list) => list.filter((i) => i.id !== invite.id))
      if (created?.invite.id === invite.id) setCreated(null)
    } catch (err) {
      setError(describeError(err))
    }
  }

  const shown = invites.data?.filter((i) => !i.used) ?? []
  return (
    <Section
      title="Invite links"
      description="Each link lets one person join with the role you pick. Links work once and expire after 7 days."
      testId="invites-section"
    >
      <div className="inline-form">
        <span className="inline-form__label">Invite someone as</span>
        <RoleSelect value={role} onChange={setRole} label="Role for the invite" testId="invite-role" />
        <button type="button" className="button button--primary" disabled={busy} onClick={() => void create()} data-testid="create-invite">
          {busy ? 'Creating…' : 'Create invite link'}
        </button>
      </div>
      {error && <FormMessage tone="error">{error}</FormMessage>}
      {created && (
        <div className="reveal" data-testid="invite-created">
          <p className="reveal__text">Send this link to the person you’re inviting. It lets one person join as {aRole(created.invite.role)}.</p>
          <CopyField value={created.url} label="Invite link" testId="invite-url" />
        </div>
      )}
      <SectionState loaded={invites} empty={shown.length === 0} emptyText="No open invite links.">
        <ul className="rows">
          {shown.map((invite) => {
            const s = status(invite)
            return (
              <li key={invite.id} className="row" data-testid="invite-row">
                <span className="row__icon" aria-hidden="true">
                  <LinkIcon />
                </span>
                <div className="row__main">
                  <div className="row__title">{roleLabel[invite.role]} invite</div>
                  <div className="row__subtitle">Created {timeAgo(invite.createdAt)}</div>
                </div>
                <span className={`pill pill--${s.tone}`}>{s.label}</span>
                <div className="row__actions">
                  <button type="button" className="button button--ghost button--danger" onClick={() => void revoke(invite)}>
                    Revoke
                  </button>
                </div>
              </li>
            )
          })}
        </ul>
      </SectionState>
    </Section>
  )
}

function LinkIcon() {
  return (
    <svg width="14" height="14" viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round">
      <path d="M6.5 9.5a3 3 0 0 0 4.2 0l2.1-2.1a3 3 0 0 0-4.2-4.2l-.9.9" />
      <path d="M9.5 6.5a3 3 0 0 0-4.2 0L3.2 8.6a3 3 0 0 0 4.2 4.2l.9-.9" />
    </svg>
  )
}
