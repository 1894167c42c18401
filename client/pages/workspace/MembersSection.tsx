import { useState } from 'react'
import { canManage } from '#shared/auth/roles'
import { api, ApiError, describeError } from '../../lib/http.ts'
import type { IssuedPasswordReset, MemberView, Role } from '../../lib/api-types.ts'
import { roleLabel } from '../../lib/format.ts'
import { navigate } from '../../lib/router.ts'
import { useMe, useSession } from '../../lib/auth-session.tsx'
import { useApi } from '../../lib/use-api.ts'
import { CopyField } from '../../components/CopyField.tsx'
import { FormMessage } from '../../components/Field.tsx'
import { UserAvatar } from '../../components/UserAvatar.tsx'
import { RoleSelect } from './RoleSelect.tsx'
import { Section, SectionState } from '../../components/Section.tsx'

/** Everyone in the workspace; owners change roles, remove people, and make password reset links for them. */
export function MembersSection({ workspaceId, role }: { workspaceId: string; role: Role }) {
  const me = useMe()
  const { refresh } = useSession()
  const path = `/api/workspaces/${encodeURIComponent(workspaceId)}/members`
  const members = useApi<MemberView[]>(path)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState<string | null>(null)
  /** Removing someone takes two clicks: the first asks, in place. */
  const [confirming, setConfirming] = useState<string | null>(null)
  /** The reset link just made, shown once under its member's row. */
  const [reset, setReset] = useState<{ userId: string; url: string } | null>(null)
  const owner = canManage(role)

  const issueReset = async (member: MemberView): Promise<void> => {
    setError(null)
    setReset(null)
    setBusy(member.userId)
    try {
      const answer = await api<IssuedPasswordReset>(`${path}/${encodeURIComponent(member.userId)}/password-reset`, { method: 'POST', body: {} })
      setReset({ userId: member.userId, url: answer.url })
    } catch (err) {
      setError(
        err instanceof ApiError && err.code === 'member_elsewhere'
          ? `${member.name} is also in a workspace you don’t own, so only they can reset their password (“Forgot password?” on the sign-in page).`
          : describeError(err),
      )
    } finally {
      setBusy(null)
    }
  }

  const change = async (member: MemberView, next: Role): Promise<void> => {
    setError(null)
    setBusy(member.userId)
    try {
      await api(`${path}/${encodeURIComponent(member.userId)}`, { method: 'PUT', body: { role: next } })
      members.mutate((list) => list.map((m) => (m.userId === member.userId ? { ...m, role: next } : m)))
      if (member.userId === me.user.id) await refresh()
    } catch (err) {
      setError(describeError(err))
    } finally {
      setBusy(null)
    }
  }

  const remove = async (member: MemberView): Promise<void> => {
    const self = member.userId === me.user.id
    setConfirming(null)
    setError(null)
    setBusy(member.userId)
    try {
      await api(`${path}/${encodeURIComponent(member.userId)}`, { method: 'DELETE' })
      if (self) {
        await refresh()
        navigate('/', { replace: true })
        return
      }
      members.mutate((list) => list.filter((m) => m.userId !== member.userId))
    } catch (err) {
      setError(describeError(err))
    } finally {
      setBusy(null)
    }
  }

  const count = members.data?.length
  return (
    <Section
      title="Members"
      description={count === undefined ? undefined : `${count} ${count === 1 ? 'person' : 'people'} in this workspace.`}
      testId="members-section"
    >
      {error && <FormMessage tone="error">{error}</FormMessage>}
      <SectionState loaded={members} empty={count === 0} emptyText="No members.">
        <ul className="rows">
          {members.data?.map((m) => (
            <li key={m.userId} className="row" data-testid="member-row" data-email={m.email}>
              <UserAvatar name={m.name} color={m.color} size={32} />
              <div className="row__main">
                <div className="row__title">
                  {m.name}
                  {m.userId === me.user.id && <span className="pill">You</span>}
                </div>
                <div className="row__subtitle">{m.email}</div>
              </div>
              {owner ? (
                <div className="row__actions">
                  <RoleSelect
                    value={m.role}
                    label={`Role of ${m.name}`}
                    disabled={busy === m.userId}
                    onChange={(r) => void change(m, r)}
                    testId="member-role"
                  />
                  {confirming === m.userId ? (
                    <>
                      <button type="button" className="button button--danger-solid" disabled={busy === m.userId} onClick={() => void remove(m)}>
                        {m.userId === me.user.id ? 'Leave workspace' : `Remove ${m.name.split(' ')[0]}`}
                      </button>
                      <button type="button" className="button button--ghost" onClick={() => setConfirming(null)}>
                        Cancel
                      </button>
                    </>
                  ) : (
                    <>
                      {m.userId !== me.user.id && (
                        <button
                          type="button"
                          className="button button--ghost"
                          disabled={busy === m.userId}
                          onClick={() => void issueReset(m)}
                          data-testid="member-reset-password"
                        >
                          Reset password
                        </button>
                      )}
                      <button
                        type="button"
                        className="button button--ghost button--danger"
                        disabled={busy === m.userId}
                        onClick={() => setConfirming(m.userId)}
                      >
                        {m.userId === me.user.id ? 'Leave' : 'Remove'}
                      </button>
                    </>
                  )}
                </div>
              ) : (
                <span className="row__meta">{roleLabel[m.role]}</span>
              )}
              {reset?.userId === m.userId && (
                <div className="reveal member-reset" data-testid="member-reset-link">
                  <p className="reveal__text">
                    Send this link to {m.name} yourself. It lets them choose a new password, works once for 1 hour, and signs them out of every device. Anyone
                    holding it can sign in as {m.name.split(' ')[0]}: share it only with them.
                  </p>
                  <CopyField value={reset.url} label={`Password reset link for ${m.name}`} testId="member-reset-url" />
                  <div className="reveal__actions">
                    <button type="button" className="button button--ghost" onClick={() => setReset(null)}>
                      Done
                    </button>
                  </div>
                </div>
              )}
            </li>
          ))}
        </ul>
      </SectionState>
    </Section>
  )
}
