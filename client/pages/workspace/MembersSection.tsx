import { useState } from 'react'
import { canManage } from '#shared/auth/roles'
import { api, describeError } from '../../lib/http.ts'
import type { MemberView, Role } from '../../lib/api-types.ts'
import { roleLabel } from '../../lib/format.ts'
import { navigate } from '../../lib/router.ts'
import { useMe, useSession } from '../../lib/auth-session.tsx'
import { useApi } from '../../lib/use-api.ts'
import { FormMessage } from '../../components/Field.tsx'
import { UserAvatar } from '../../components/UserAvatar.tsx'
import { RoleSelect } from './RoleSelect.tsx'
import { Section, SectionState } from '../../components/Section.tsx'

/** Everyone in the workspace; owners change roles and remove people. */
export function MembersSection({ workspaceId, role }: { workspaceId: string; role: Role }) {
  const me = useMe()
  const { refresh } = useSession()
  const path = `/api/workspaces/${encodeURIComponent(workspaceId)}/members`
  const members = useApi<MemberView[]>(path)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState<string | null>(null)
  /** Removing someone takes two clicks: the first asks, in place. */
  const [confirming, setConfirming] = useState<string | null>(null)
  const owner = canManage(role)

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
                    <button type="button" className="button button--ghost button--danger" disabled={busy === m.userId} onClick={() => setConfirming(m.userId)}>
                      {m.userId === me.user.id ? 'Leave' : 'Remove'}
                    </button>
                  )}
                </div>
              ) : (
                <span className="row__meta">{roleLabel[m.role]}</span>
              )}
            </li>
          ))}
        </ul>
      </SectionState>
    </Section>
  )
}
