import type { FastifyInstance } from 'fastify'
import {
  type ActivityItem,
  ActivityQuery,
  type Backlink,
  CreateDoc,
  type DeletedForGood,
  type DeletedPageView,
  DeletedParams,
  type HubDoc,
  type ProjectInfo,
  type RestoredPage,
  SearchQuery,
  type SearchHit,
  SetTemplate,
  type TemplateInfo,
  UpdateProject,
} from '#shared/api/hub'
import { BUILT_IN_TEMPLATES } from '#shared/templates/index'
import { roleOn, userIdOf } from '../auth/principal.ts'
import { iso } from '../http/iso.ts'
import type { Directory } from '../workspaces/directory.ts'
import type { DeletedPage } from './deleted-pages.ts'
import type { DocRow, HubStore } from './hub-store.ts'
import type { Pages } from './pages.ts'
import type { Trash } from './trash.ts'

const docView = (d: DocRow): HubDoc => ({
  id: d.id,
  title: d.title,
  parentId: d.parentId,
  position: d.position,
  archivedAt: d.archivedAt === null ? null : iso(d.archivedAt),
  isTemplate: d.isTemplate,
  createdAt: iso(d.createdAt),
  updatedAt: iso(d.updatedAt),
})

type P = { Params: { projectId: string; id: string; workspaceId: string } }

export interface HubRoutesOptions {
  directory: Directory
  hub: HubStore
  pages: Pages
  trash: Trash
}

/**
 * The project hub: pages in the tree (create, from a template, duplicate, trash, restore, delete
 * for good), deleted pages (workspace owners: list, restore), templates, backlinks, activity and
 * search. The work is in Pages and Trash; this file parses, authorises and shapes answers.
 */
export async function hubRoutes(app: FastifyInstance, opts: HubRoutesOptions): Promise<void> {
  const { directory, hub, pages, trash } = opts
  const project = (min: 'owner' | 'editor' | 'viewer') => ({ access: { on: 'project' as const, param: 'projectId', min } })
  const doc = (min: 'owner' | 'editor' | 'viewer') => ({ access: { on: 'doc' as const, param: 'id', min } })
  const workspace = (min: 'owner' | 'viewer') => ({ access: { on: 'workspace' as const, param: 'workspaceId', min } })

  app.get<P>('/api/projects/:projectId/docs', { config: project('viewer') }, async (request): Promise<HubDoc[]> =>
    hub.docsOf(request.params.projectId).map(docView),
  )

  app.post<P>('/api/projects/:projectId/docs', { config: project('editor') }, async (request, reply) => {
    const input = CreateDoc.parse(request.body ?? {})
    const canRead = (docId: string) => roleOn(directory, request.principal, { docId }) !== null
    const created = pages.add(request.params.projectId, userIdOf(request.principal), input, canRead)
    return reply.status(201).send(docView(created) satisfies HubDoc)
  })

  app.patch<P>('/api/projects/:projectId', { config: project('editor') }, async (request): Promise<ProjectInfo> => {
    const input = UpdateProject.parse(request.body)
    const p = directory.project(request.params.projectId)!
    directory.setProjectInfo(p.id, input.name ?? p.name, input.description ?? p.description)
    const updated = directory.project(p.id)!
    return {
      id: updated.id,
      workspaceId: updated.workspaceId,
      name: updated.name,
      description: updated.description,
      treeDocId: updated.treeDocId,
      role: request.role!,
    }
  })

  app.get<P>('/api/projects/:projectId/activity', { config: project('viewer') }, async (request): Promise<ActivityItem[]> => {
    const query = ActivityQuery.parse(request.query)
    const days = Math.min(90, Math.max(1, Number(query.days ?? 14) || 14))
    return hub.activity(request.params.projectId, Date.now() - days * 86_400_000, 30).map((a) => ({ ...a, from: iso(a.from), to: iso(a.to) }))
  })

  app.post<P>('/api/docs/:id/duplicate', { config: doc('editor') }, async (request, reply) => {
    const copy = pages.duplicate(request.params.id, userIdOf(request.principal))
    return reply.status(201).send(docView(copy) satisfies HubDoc)
  })

  app.post<P>('/api/docs/:id/archive', { config: doc('editor') }, async (request): Promise<HubDoc> =>
    docView(trash.archive(request.params.id, userIdOf(request.principal))),
  )

  app.post<P>('/api/docs/:id/restore', { config: doc('editor') }, async (request): Promise<HubDoc> =>
    docView(trash.unarchive(request.params.id, userIdOf(request.principal))),
  )

  // Delete for good: owners only, and only from the trash; a workspace owner can still restore
  // it (below) until the purge job erases it.
  app.delete<P>('/api/docs/:id', { config: doc('owner') }, async (request): Promise<DeletedForGood> => {
    const { purgeAfter } = trash.deleteForGood(request.params.id, userIdOf(request.principal))
    return { ok: true, purgeAfter: iso(purgeAfter) }
  })

  app.put<P>('/api/docs/:id/template', { config: doc('editor') }, async (request): Promise<HubDoc> => {
    const { isTemplate } = SetTemplate.parse(request.body)
    pages.pageOf(request.params.id)
    hub.setTemplate(request.params.id, isTemplate)
    return docView(hub.doc(request.params.id)!)
  })

  app.get<P>('/api/docs/:id/backlinks', { config: doc('viewer') }, async (request): Promise<Backlink[]> =>
    hub
      .backlinks(request.params.id)
      .filter((d) => d.archivedAt === null && roleOn(directory, request.principal, { docId: d.id }))
      .map((d) => ({ id: d.id, title: d.title })),
  )

  app.get<P>('/api/workspaces/:workspaceId/templates', { config: workspace('viewer') }, async (request): Promise<TemplateInfo[]> => [
    ...BUILT_IN_TEMPLATES.map((t) => ({ key: t.key, name: t.name, description: t.description, builtIn: true })),
    ...hub
      .templatesOf(request.params.workspaceId)
      .filter((d) => roleOn(directory, request.principal, { docId: d.id }))
      .map((d) => ({ key: d.id, name: d.title, description: `Template from ${d.projectName}`, builtIn: false })),
  ])

  app.get<P>('/api/workspaces/:workspaceId/search', { config: workspace('viewer') }, async (request): Promise<SearchHit[]> => {
    const { q } = SearchQuery.parse(request.query)
    const p = request.principal
    if (p.kind === 'anonymous') return []
    return hub
      .search(request.params.workspaceId, p.user.id, q)
      .filter((d) => roleOn(directory, p, { docId: d.id }))
      .map((d) => ({ id: d.id, title: d.title, projectId: d.projectId, projectName: d.projectName }))
  })

  // Pages deleted for good, until the purge job erases them (KEEL_DELETED_RETENTION_DAYS).
  const deletedView = (d: DeletedPage): DeletedPageView => ({
    id: d.docId,
    title: d.title,
    projectId: d.projectId,
    projectName: d.projectName,
    deletedAt: iso(d.deletedAt),
    deletedBy: d.deletedBy,
    purgeAfter: iso(trash.purgeAfter(d.deletedAt)),
  })

  app.get('/api/workspaces/:workspaceId/deleted', { config: workspace('owner') }, async (request): Promise<DeletedPageView[]> => {
    const { workspaceId } = DeletedParams.parse(request.params)
    return trash.deletedIn(workspaceId).map(deletedView)
  })

  app.post('/api/workspaces/:workspaceId/deleted/:docId/restore', { config: workspace('owner') }, async (request): Promise<RestoredPage> => {
    const { workspaceId, docId } = DeletedParams.parse(request.params)
    const row = trash.restoreDeleted(workspaceId, docId, userIdOf(request.principal))
    return { id: row.id, title: row.title, projectId: row.projectId, parentId: row.parentId, archivedAt: row.archivedAt === null ? null : iso(row.archivedAt) }
  })
}
