import type { FastifyInstance } from 'fastify'
import { CreateDoc, SetProjectRole } from '#shared/api/accounts'
import type { LiveSockets } from '../collab/live-sockets.ts'
import type { Store } from '../store/store.ts'
import type { Directory } from '../workspaces/directory.ts'
import { newDocId } from '../workspaces/doc-ids.ts'
import { buildDocUpdate } from '../seed.ts'
import { HttpError } from './errors.ts'
import { iso } from './views.ts'

type P = { Params: { projectId: string; userId: string } }

/** A project, its members' effective roles (with overrides), and its documents. */
export async function projectRoutes(app: FastifyInstance, opts: { directory: Directory; store: Store; live: LiveSockets }): Promise<void> {
  const { directory, store, live } = opts
  const on = (min: 'owner' | 'editor' | 'viewer') => ({ access: { on: 'project' as const, param: 'projectId', min } })

  app.get<P>('/api/projects/:projectId', { config: on('viewer') }, async (request) => {
    const project = directory.project(request.params.projectId)!
    return { id: project.id, workspaceId: project.workspaceId, name: project.name, role: request.role }
  })

  app.get<P>('/api/projects/:projectId/members', { config: on('viewer') }, async (request) => directory.projectMembers(request.params.projectId))

  app.put<P>('/api/projects/:projectId/members/:userId', { config: on('owner') }, async (request) => {
    const { role } = SetProjectRole.parse(request.body)
    const project = directory.project(request.params.projectId)!
    if (!directory.workspaceRole(project.workspaceId, request.params.userId)) throw new HttpError(404, 'not_found', 'member not found')
    directory.setProjectRole(project.id, request.params.userId, role)
    live.accessChanged(request.params.userId, project.workspaceId)
    return { userId: request.params.userId, projectRole: role }
  })

  app.get<P>('/api/projects/:projectId/docs', { config: on('viewer') }, async (request) =>
    directory.docsOf(request.params.projectId).map((d) => ({ id: d.id, title: d.title, createdAt: iso(d.createdAt), updatedAt: iso(d.updatedAt) })),
  )

  app.post<P>('/api/projects/:projectId/docs', { config: on('editor') }, async (request, reply) => {
    const { title } = CreateDoc.parse(request.body ?? {})
    const id = newDocId()
    const now = Date.now()
    store.ensure(id, now)
    directory.attachDoc(id, request.params.projectId, title)
    if (title) {
      const userId = request.principal.kind === 'anonymous' ? 'anonymous' : request.principal.user.id
      store.append([{ docId: id, data: buildDocUpdate([{ type: 'heading', attrs: { level: 1 }, content: [{ type: 'text', text: title }] }]), userId, at: now }])
    }
    return reply.status(201).send({ id, title, createdAt: iso(now), updatedAt: iso(now) })
  })
}
