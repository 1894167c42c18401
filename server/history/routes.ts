import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { DocIdParams } from '#shared/api/docs'
import {
  ActivityQuery,
  AuthorsQuery,
  CreateVersionBody,
  DiffQuery,
  EditTimesBody,
  HistoryRetention,
  RenameVersionBody,
  RestoreBody,
  VersionListQuery,
  VersionParams,
} from '#shared/api/history'
import { requireUser } from '../auth/principal.ts'
import { notFound } from '../http/errors.ts'
import type { Activity } from './activity.ts'
import type { HistoryStore } from './history-store.ts'
import type { HistoryService } from './service.ts'

const ProjectParams = z.object({ projectId: z.string().min(1).max(64) })
const WorkspaceParams = z.object({ workspaceId: z.string().min(1).max(64) })

/**
 * The history API (shared/api/history.ts). Viewers read history, editors name and restore,
 * workspace owners set retention; every route is rate limited per address (a diff or a version
 * rebuilds past state: bounded, but not free).
 */
export async function historyRoutes(
  app: FastifyInstance,
  opts: {
    service: HistoryService
    activity: Activity
    history: HistoryStore
    ratePerMinute: number
    heavyRatePerMinute: number
    workspaceExists: (id: string) => boolean
  },
): Promise<void> {
  const { service, activity, history } = opts
  const rateLimit = { max: opts.ratePerMinute, timeWindow: '1 minute' }
  const viewer = { access: { on: 'doc' as const, param: 'id', min: 'viewer' as const }, rateLimit }
  const editor = { access: { on: 'doc' as const, param: 'id', min: 'editor' as const }, rateLimit }
  // Routes that rebuild a past state or diff or walk a whole document: a lower limit.
  const heavyLimit = { max: opts.heavyRatePerMinute, timeWindow: '1 minute' }
  const heavyViewer = { ...viewer, rateLimit: heavyLimit }
  const heavyEditor = { ...editor, rateLimit: heavyLimit }

  app.get('/api/docs/:id/versions', { config: viewer }, async (request) => {
    const { id } = DocIdParams.parse(request.params)
    const { before, limit } = VersionListQuery.parse(request.query)
    return service.list(id, before, limit)
  })

  app.post('/api/docs/:id/versions', { config: editor }, async (request, reply) => {
    const { id } = DocIdParams.parse(request.params)
    const { name } = CreateVersionBody.parse(request.body)
    return reply.status(201).send(service.name(id, requireUser(request.principal).id, name))
  })

  app.patch('/api/docs/:id/versions/:vid', { config: editor }, async (request) => {
    const { id, vid } = VersionParams.parse(request.params)
    const { name } = RenameVersionBody.parse(request.body)
    return service.rename(id, vid, name, requireUser(request.principal).id)
  })

  app.get('/api/docs/:id/versions/:vid', { config: heavyViewer }, async (request) => {
    const { id, vid } = VersionParams.parse(request.params)
    return service.content(id, vid)
  })

  app.get('/api/docs/:id/versions/:vid/markdown', { config: heavyViewer }, async (request, reply) => {
    const { id, vid } = VersionParams.parse(request.params)
    return reply.type('text/markdown; charset=utf-8').send(service.markdown(id, vid))
  })

  // The version's whole Yjs state: the preview renders it in the real editor, ML blocks (whose
  // runs, charts and checklists live in root maps, not in the JSON) included.
  app.get('/api/docs/:id/versions/:vid/state', { config: heavyViewer }, async (request, reply) => {
    const { id, vid } = VersionParams.parse(request.params)
    return reply
      .type('application/octet-stream')
      .header('cache-control', 'private, max-age=3600')
      .send(Buffer.from(service.state(id, vid)))
  })

  app.get('/api/docs/:id/versions/:vid/authors', { config: heavyViewer }, async (request) => {
    const { id, vid } = VersionParams.parse(request.params)
    const { since } = AuthorsQuery.parse(request.query)
    return service.authors(id, vid, since)
  })

  app.get('/api/docs/:id/diff', { config: heavyViewer }, async (request) => {
    const { id } = DocIdParams.parse(request.params)
    const { from, to } = DiffQuery.parse(request.query)
    return service.diff(id, from, to)
  })

  app.post('/api/docs/:id/versions/:vid/restore', { config: heavyEditor }, async (request) => {
    const { id, vid } = VersionParams.parse(request.params)
    const { block } = RestoreBody.parse(request.body ?? {})
    return service.restore(id, vid, requireUser(request.principal).id, block)
  })

  // Editors only: a viewer has no edits to date.
  app.post('/api/docs/:id/edit-times', { config: editor }, async (request) => {
    const { id } = DocIdParams.parse(request.params)
    const { spans } = EditTimesBody.parse(request.body)
    return service.recordEditTimes(id, requireUser(request.principal).id, spans)
  })

  app.post('/api/docs/:id/visit', { config: viewer }, async (request) => {
    const { id } = DocIdParams.parse(request.params)
    return service.visit(id, requireUser(request.principal).id)
  })

  app.get('/api/docs/:id/attribution', { config: heavyViewer }, async (request) => {
    const { id } = DocIdParams.parse(request.params)
    return service.attribution(id)
  })

  app.get('/api/docs/:id/activity', { config: viewer }, async (request) => {
    const { id } = DocIdParams.parse(request.params)
    const { before, limit } = ActivityQuery.parse(request.query)
    return activity.doc(id, before, limit)
  })

  // Not /activity: the hub's page-activity route has that path (shared/api/hub.ts, ActivityItem[]).
  app.get(
    '/api/projects/:projectId/history-activity',
    { config: { access: { on: 'project', param: 'projectId', min: 'viewer' }, rateLimit } },
    async (request) => {
      const { projectId } = ProjectParams.parse(request.params)
      const { before, limit } = ActivityQuery.parse(request.query)
      return activity.project(projectId, before, limit)
    },
  )

  const owner = { access: { on: 'workspace' as const, param: 'workspaceId', min: 'owner' as const }, rateLimit }
  app.get('/api/workspaces/:workspaceId/history-retention', { config: owner }, async (request): Promise<HistoryRetention> => {
    const { workspaceId } = WorkspaceParams.parse(request.params)
    if (!opts.workspaceExists(workspaceId)) throw notFound('workspace')
    return { thinAfterDays: history.retention(workspaceId) }
  })

  app.put('/api/workspaces/:workspaceId/history-retention', { config: owner }, async (request): Promise<HistoryRetention> => {
    const { workspaceId } = WorkspaceParams.parse(request.params)
    const { thinAfterDays } = HistoryRetention.parse(request.body)
    if (!opts.workspaceExists(workspaceId)) throw notFound('workspace')
    history.setRetention(workspaceId, thinAfterDays)
    return { thinAfterDays }
  })
}
