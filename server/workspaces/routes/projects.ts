import { SetProjectRole } from '#shared/api/accounts'
import type { FastifyInstance } from 'fastify'
import { actorOf } from '../../audit/actor.ts'
import type { LiveSockets } from '../../collab/live-sockets.ts'
import type { Directory } from '../directory.ts'
import { HttpError } from '../../http/errors.ts'

type P = { Params: { projectId: string; userId: string } }

/** A project, its members' effective roles (with overrides), and its documents. */
export async function projectRoutes(app: FastifyInstance, opts: { directory: Directory; live: LiveSockets }): Promise<void> {
  const { directory, live } = opts
  const on = (min: 'owner' | 'editor' | 'viewer') => ({ access: { on: 'project' as const, param: 'projectId', min } })

  app.get<P>('/api/projects/:projectId', { config: on('viewer') }, async (request) => {
    const project = directory.project(request.params.projectId)!
    return { id: project.id, workspaceId: project.workspaceId, name: project.name, description: project.description, treeDocId: project.treeDocId, role: request.role }
  })

  app.get<P>('/api/projects/:projectId/members', { config: on('viewer') }, async (request) => directory.projectMembers(request.params.projectId))

  app.put<P>('/api/projects/:projectId/members/:userId', { config: on('owner') }, async (request) => {
    const { role } = SetProjectRole.parse(request.body)
    const project = directory.project(request.params.projectId)!
    const workspaceRole = directory.workspaceRole(project.workspaceId, request.params.userId)
    if (!workspaceRole) throw new HttpError(404, 'not_found', 'member not found')
    // A project owner by override must not demote (or lock out) the workspace's owners.
    if (workspaceRole === 'owner') throw new HttpError(409, 'workspace_owner', 'a workspace owner is owner of every project')
    directory.setProjectRole(project.id, request.params.userId, role)
    live.accessChanged(request.params.userId, project.workspaceId)
    app.audit.record({ kind: 'member.project_role_changed', actorId: actorOf(request.principal), subjectId: request.params.userId, workspaceId: project.workspaceId, address: request.ip, detail: { projectId: project.id, to: role } })
    return { userId: request.params.userId, projectRole: role }
  })
}
