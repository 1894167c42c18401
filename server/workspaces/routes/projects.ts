import type { FastifyInstance } from 'fastify'
import { type MemberProjectRole, type MemberView, type ProjectDetail, SetProjectRole } from '#shared/api/workspaces'
import { actorOf } from '../../audit/actor.ts'
import type { AuditLog } from '../../audit/audit-log.ts'
import type { LiveSockets } from '../../collab/live-sockets.ts'
import { HttpError } from '../../http/errors.ts'
import type { Directory } from '../directory.ts'
import { projectView } from '../views.ts'

type P = { Params: { projectId: string; userId: string } }

/** A project, its members' effective roles (with overrides), and its documents. */
export async function projectRoutes(app: FastifyInstance, opts: { directory: Directory; live: LiveSockets; audit: AuditLog }): Promise<void> {
  const { directory, live, audit } = opts
  const on = (min: 'owner' | 'editor' | 'viewer') => ({ access: { on: 'project' as const, param: 'projectId', min } })

  app.get<P>('/api/projects/:projectId', { config: on('viewer') }, async (request): Promise<ProjectDetail> => {
    const project = directory.project(request.params.projectId)!
    return { ...projectView(project, request.role!), description: project.description, treeDocId: project.treeDocId }
  })

  app.get<P>('/api/projects/:projectId/members', { config: on('viewer') }, async (request): Promise<MemberView[]> =>
    directory.projectMembers(request.params.projectId),
  )

  app.put<P>('/api/projects/:projectId/members/:userId', { config: on('owner') }, async (request): Promise<MemberProjectRole> => {
    const { role } = SetProjectRole.parse(request.body)
    const project = directory.project(request.params.projectId)!
    const workspaceRole = directory.workspaceRole(project.workspaceId, request.params.userId)
    if (!workspaceRole) throw new HttpError(404, 'not_found', 'member not found')
    // A project owner by override must not demote (or lock out) the workspace's owners.
    if (workspaceRole === 'owner') throw new HttpError(409, 'workspace_owner', 'a workspace owner is owner of every project')
    directory.setProjectRole(project.id, request.params.userId, role)
    live.accessChanged(request.params.userId, project.workspaceId)
    audit.record({
      kind: 'member.project_role_changed',
      actorId: actorOf(request.principal),
      subjectId: request.params.userId,
      workspaceId: project.workspaceId,
      address: request.ip,
      detail: { projectId: project.id, to: role },
    })
    return { userId: request.params.userId, projectRole: role }
  })
}
