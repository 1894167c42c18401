import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { addNode, archiveNode, buildTree, nodesOf, readNodes, removeNode, restoreNode } from '#shared/hub/tree'
import { BUILT_IN_TEMPLATES, builtInTemplate } from '#shared/templates/index'
import type { JsonNode } from '#shared/api/docs'
import { CloseCode } from '#shared/protocol/index'
import type { RoomRegistry } from '../collab/registry.ts'
import type { Renderings } from '../collab/renderings.ts'
import type { DeletedPages } from '../hub/deleted-pages.ts'
import type { HubStore, DocRow } from '../hub/hub-store.ts'
import { Pages } from '../hub/pages.ts'
import type { Store } from '../store/store.ts'
import type { Directory } from '../workspaces/directory.ts'
import { type Principal, roleOn, userIdOf } from '../auth/principal.ts'
import { HttpError } from '../http/errors.ts'
import { iso } from './views.ts'

const CreateDoc = z.object({
  title: z.string().trim().max(200).default(''),
  parentId: z.string().max(64).nullable().default(null),
  /** A built-in template key, or the id of a document marked as a template. */
  template: z.string().max(64).optional(),
})
const UpdateProject = z.object({ name: z.string().trim().min(1).max(120).optional(), description: z.string().max(2000).optional() })
const SetTemplate = z.object({ isTemplate: z.boolean() })
const Search = z.object({ q: z.string().trim().min(1).max(100) })

const docView = (d: DocRow) => ({
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

/**
 * The project hub: documents in the tree (create, from a template, duplicate, trash, restore,
 * delete for good), templates, backlinks, activity and search. Tree changes are made to the
 * project's tree document through the registry, as normal edits: open sidebars see them live.
 */
export async function hubRoutes(
  app: FastifyInstance,
  opts: { directory: Directory; store: Store; registry: RoomRegistry; hub: HubStore; renderings: Renderings; deleted: DeletedPages; retentionDays: number },
): Promise<void> {
  const { directory, store, registry, hub, renderings, deleted, retentionDays } = opts
  const project = (min: 'owner' | 'editor' | 'viewer') => ({ access: { on: 'project' as const, param: 'projectId', min } })
  const doc = (min: 'owner' | 'editor' | 'viewer') => ({ access: { on: 'doc' as const, param: 'id', min } })

  const pages = new Pages(directory, store, registry, hub, renderings)
  const contentOf = (docId: string) => pages.contentOf(docId)

  /** A document row the caller may see, else 404. */
  function treeOf(docId: string): { row: DocRow; treeDocId: string } {
    const row = hub.doc(docId)
    const p = row?.projectId ? directory.project(row.projectId) : null
    if (!row || !p || row.kind !== 'doc') throw new HttpError(404, 'not_found', 'document not found')
    return { row, treeDocId: p.treeDocId }
  }

  app.get<P>('/api/projects/:projectId/docs', { config: project('viewer') }, async (request) =>
    hub.docsOf(request.params.projectId).map(docView),
  )

  app.post<P>('/api/projects/:projectId/docs', { config: project('editor') }, async (request, reply) => {
    const input = CreateDoc.parse(request.body ?? {})
    const userId = userIdOf(request.principal)
    let title = input.title
    let content: JsonNode[] | undefined = title ? [{ type: 'heading', attrs: { level: 1 }, content: [{ type: 'text', text: title }] }] : []
    if (input.template) {
      const builtIn = builtInTemplate(input.template)
      if (builtIn) {
        title ||= builtIn.title
        content = builtIn.content
      } else {
        const source = hub.doc(input.template)
        const p = directory.project(request.params.projectId)!
        const sourceProject = source?.projectId ? directory.project(source.projectId) : null
        // A workspace template from this workspace, readable by the caller.
        if (!source?.isTemplate || sourceProject?.workspaceId !== p.workspaceId || !roleOn(directory, request.principal, { docId: source.id })) {
          throw new HttpError(404, 'not_found', 'template not found')
        }
        title ||= source.title
        content = contentOf(source.id)
      }
    }
    if (input.parentId && hub.doc(input.parentId)?.projectId !== request.params.projectId) throw new HttpError(400, 'bad_request', 'parentId is not a page of this project')
    const page = { title: title || 'Untitled', parentId: input.parentId, content: content ?? [] }
    const created = input.template ? pages.fromTemplate(request.params.projectId, userId, page) : pages.create(request.params.projectId, userId, page)
    return reply.status(201).send(docView(created))
  })

  app.patch<P>('/api/projects/:projectId', { config: project('editor') }, async (request) => {
    const input = UpdateProject.parse(request.body)
    const p = directory.project(request.params.projectId)!
    directory.setProjectInfo(p.id, input.name ?? p.name, input.description ?? p.description)
    const updated = directory.project(p.id)!
    return { id: updated.id, workspaceId: updated.workspaceId, name: updated.name, description: updated.description, treeDocId: updated.treeDocId, role: request.role }
  })

  app.get<P & { Querystring: { days?: string } }>('/api/projects/:projectId/activity', { config: project('viewer') }, async (request) => {
    const days = Math.min(90, Math.max(1, Number(request.query.days ?? 14) || 14))
    return hub.activity(request.params.projectId, Date.now() - days * 86_400_000, 30).map((a) => ({ ...a, from: iso(a.from), to: iso(a.to) }))
  })

  app.post<P>('/api/docs/:id/duplicate', { config: doc('editor') }, async (request, reply) => {
    const { row } = treeOf(request.params.id)
    const tree = buildTree(readNodes(registry.readCommitted(directory.project(row.projectId!)!.treeDocId)))
    const siblings = row.parentId ? tree.byId.get(row.parentId)?.children ?? tree.roots : tree.roots
    const index = siblings.findIndex((s) => s.id === row.id)
    const copy = pages.fromTemplate(row.projectId!, userIdOf(request.principal), {
      title: `${row.title || 'Untitled'} (copy)`,
      parentId: tree.byId.has(row.parentId ?? '') ? row.parentId : null,
      content: contentOf(row.id),
      index: index + 1,
    })
    return reply.status(201).send(docView(copy))
  })

  app.post<P>('/api/docs/:id/archive', { config: doc('editor') }, async (request) => {
    const { treeDocId } = treeOf(request.params.id)
    registry.change(treeDocId, userIdOf(request.principal), (tree) => {
      if (!nodesOf(tree).has(request.params.id)) addNode(tree, { id: request.params.id, title: hub.doc(request.params.id)!.title })
      archiveNode(tree, request.params.id)
    })
    return docView(hub.doc(request.params.id)!)
  })

  app.post<P>('/api/docs/:id/restore', { config: doc('editor') }, async (request) => {
    const { treeDocId } = treeOf(request.params.id)
    registry.change(treeDocId, userIdOf(request.principal), (tree) => restoreNode(tree, request.params.id))
    return docView(hub.doc(request.params.id)!)
  })

  // Delete for good: owners only, and only from the trash ("nothing is gone without a way back").
  // Gone from the tree and from every listing at once, but kept for the retention period: a
  // workspace owner can still restore it (routes/deleted.ts) until the purge job erases it.
  app.delete<P>('/api/docs/:id', { config: doc('owner') }, async (request) => {
    const { row, treeDocId } = treeOf(request.params.id)
    if (row.archivedAt === null) throw new HttpError(409, 'not_in_trash', 'move the document to the trash first')
    const userId = userIdOf(request.principal)
    registry.change(treeDocId, userId, (tree) => removeNode(tree, row.id))
    registry.evict(row.id, (peer) => peer.close(CloseCode.DocumentNotFound))
    deleted.markDeleted({ docId: row.id, projectId: row.projectId!, title: row.title, parentId: row.parentId }, userId, Date.now())
    renderings.forget(row.id)
    return { ok: true, purgeAfter: iso(Date.now() + retentionDays * 86_400_000) }
  })

  app.put<P>('/api/docs/:id/template', { config: doc('editor') }, async (request) => {
    const { isTemplate } = SetTemplate.parse(request.body)
    treeOf(request.params.id)
    hub.setTemplate(request.params.id, isTemplate)
    return docView(hub.doc(request.params.id)!)
  })

  app.get<P>('/api/docs/:id/backlinks', { config: doc('viewer') }, async (request) =>
    hub
      .backlinks(request.params.id)
      .filter((d) => d.archivedAt === null && roleOn(directory, request.principal, { docId: d.id }))
      .map((d) => ({ id: d.id, title: d.title })),
  )

  app.get<P>('/api/workspaces/:workspaceId/templates', { config: { access: { on: 'workspace', param: 'workspaceId', min: 'viewer' } } }, async (request) => [
    ...BUILT_IN_TEMPLATES.map((t) => ({ key: t.key, name: t.name, description: t.description, builtIn: true })),
    ...hub
      .templatesOf(request.params.workspaceId)
      .filter((d) => roleOn(directory, request.principal, { docId: d.id }))
      .map((d) => ({ key: d.id, name: d.title, description: `Template from ${d.projectName}`, builtIn: false })),
  ])

  app.get<P & { Querystring: { q?: string } }>('/api/workspaces/:workspaceId/search', { config: { access: { on: 'workspace', param: 'workspaceId', min: 'viewer' } } }, async (request) => {
    const { q } = Search.parse(request.query)
    const p = request.principal
    if (p.kind === 'anonymous') return []
    return hub
      .search(request.params.workspaceId, p.user.id, q)
      .filter((d) => roleOn(directory, p, { docId: d.id }))
      .map((d) => ({ id: d.id, title: d.title, projectId: d.projectId, projectName: d.projectName }))
  })
}
