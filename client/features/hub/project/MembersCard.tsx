import { useState } from 'react'
import { ROLES } from '#shared/auth/roles'
import { describeError } from '../../../lib/http.ts'
import type { MemberView, Role } from '../../../lib/api-types.ts'
import { roleLabel } from '../../../lib/format.ts'
import type { Loaded } from '../../../lib/use-api.ts'
import { UserAvatar } from '../../../components/UserAvatar.tsx'
import { Section, SectionState } from '../../../components/Section.tsx'
import { hubApi } from '../api.ts'

/**
 * Who is in the project and with which role. Owners may give someone a different role here than
 * in the workspace ("inherit" clears the override); everyone else reads the roles.
 */
export function MembersCard({
  projectId,
  members,
  workspaceRoles,
  isOwner,
  meId,
  onError,
}: {
  projectId: string
  members: Loaded<MemberView[]>
  workspaceRoles: ReadonlyMap<string, Role>
  isOwner: boolean
  meId: string
  onError: (text: string) => void
}) {
  const [saving, setSaving] = useState<string | null>(null)
  const workspaceRole = (m: MemberView): Role => workspaceRoles.get(m.userId) ?? m.role

  const setOverride = async (m: MemberView, role: Role | null): Promise<void> => {
    setSaving(m.userId)
    members.mutate((list) => list.map((x) => (x.userId === m.userId ? { ...x, projectRole: role, role: role ?? workspaceRole(x) } : x)))
    try {
      await hubApi.setProjectRole(projectId, m.userId, role)
    } catch (err) {
      onError(describeError(err))
    } finally {
      setSaving(null)
      members.reload()
    }
  }

  return (
    <Section title="Members" description={isOwner ? 'Roles come from the workspace unless you set one for this project.' : undefined} testId="hub-members">
      <SectionState loaded={members} empty={members.data?.length === 0} emptyText="No members.">
        <ul className="rows">
          {members.data?.map((m) => (
            <li key={m.userId} className="row" data-testid="hub-member">
              <UserAvatar name={m.name} color={m.color} />
              <div className="row__main">
                <div className="row__title">
                  {m.name}
                  {m.userId === meId && <span className="row__you"> (you)</span>}
                </div>
                <div className="row__subtitle">{m.email}</div>
              </div>
              {/* Workspace owners are owners of every project: no override to set (docs/ROLES.md). */}
              {isOwner && m.userId !== meId && workspaceRole(m) !== 'owner' ? (
                <select
                  className="select"
                  aria-label={`Project role for ${m.name}`}
                  value={m.projectRole ?? 'inherit'}
                  disabled={saving === m.userId}
                  data-testid="project-role"
                  onChange={(e) => void setOverride(m, e.target.value === 'inherit' ? null : (e.target.value as Role))}
                >
                  <option value="inherit">{roleLabel[workspaceRole(m)]} · from workspace</option>
                  {ROLES.map((role) => (
                    <option key={role} value={role}>
                      {roleLabel[role]} in this project
                    </option>
                  ))}
                </select>
              ) : (
                <span className="row__meta">
                  {roleLabel[m.role]}
                  {m.projectRole ? ' · this project' : ''}
                </span>
              )}
            </li>
          ))}
        </ul>
      </SectionState>
    </Section>
  )
}
