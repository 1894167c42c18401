import type { InviteView, ProjectView } from '#shared/api/workspaces'
import type { Role } from '#shared/auth/roles'
import { iso } from '../http/iso.ts'
import type { Invite, Project } from './directory.ts'

/** Directory records → API answers (shared/api/workspaces.ts). An invite's secret never appears here. */

export const inviteView = (i: Invite): InviteView => ({
  id: i.id,
  role: i.role,
  createdAt: iso(i.createdAt),
  expiresAt: iso(i.expiresAt),
  used: i.usedAt !== null,
})

export const projectView = (p: Project, role: Role): ProjectView => ({ id: p.id, workspaceId: p.workspaceId, name: p.name, role })
