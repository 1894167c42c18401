import type { FastifyPluginAsync } from 'fastify'
import { TaskCreate, TaskListQuery, TaskPatch } from '#shared/api/tasks'
import { requireUser, roleOn } from '../auth/principal.ts'
import type { Directory } from '../workspaces/directory.ts'
import type { TaskViews } from './task-views.ts'
import type { TaskWrites } from './task-writes.ts'

/**
 * The task API: the index derived from task blocks (reads), and edits that go back into the
 * documents (task-writes.ts). Each route parses with the shared schemas, is authorised through
 * `config.access`, and leaves the rest to the services.
 */
export function taskRoutes(deps: { views: TaskViews; writes: TaskWrites; directory: Directory }): FastifyPluginAsync {
  const { views, writes, directory } = deps
  const project = { access: { on: 'project' as const, param: 'projectId', min: 'viewer' as const } }

  return async (app) => {
    app.get<{ Params: { projectId: string } }>('/api/projects/:projectId/tasks', { config: project }, async (request) =>
      views.list(request.params.projectId, TaskListQuery.parse(request.query)),
    )

    app.get<{ Params: { projectId: string } }>('/api/projects/:projectId/graph', { config: project }, async (request) => views.graph(request.params.projectId))

    app.get('/api/me/tasks', { config: { access: { who: 'user' } } }, async (request) =>
      views.assignedTo(requireUser(request.principal).id, (docId) => !!roleOn(directory, request.principal, { docId })),
    )

    app.get<{ Params: { taskId: string } }>('/api/tasks/:taskId', { config: { access: { on: 'task', param: 'taskId', min: 'viewer' } } }, async (request) =>
      views.one(request.params.taskId),
    )

    app.patch<{ Params: { taskId: string } }>('/api/tasks/:taskId', { config: { access: { on: 'task', param: 'taskId', min: 'editor' } } }, async (request) => {
      const input = TaskPatch.parse(request.body)
      return writes.patch(request.params.taskId, requireUser(request.principal).id, input)
    })

    app.post<{ Params: { id: string } }>('/api/docs/:id/tasks', { config: { access: { on: 'doc', param: 'id', min: 'editor' } } }, async (request, reply) => {
      const input = TaskCreate.parse(request.body)
      return reply.status(201).send(writes.create(request.params.id, requireUser(request.principal).id, input))
    })
  }
}
