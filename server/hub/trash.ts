import { userIdOf } from '../auth/principal.ts'
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { DOC_ID_PATTERN } from '#shared/limits'
import { addNode, buildTree, readNodes } from '#shared/hub/tree'
import type { RoomRegistry } from '../collab/registry.ts'
import type { DeletedPage, DeletedPages } from '../hub/deleted-pages.ts'
import type { HubStore } from '../hub/hub-store.ts'
import type { Directory } from '../workspaces/directory.ts'
import { HttpError } from '../http/errors.ts'
import { iso } from './views.ts'

const Params = z.object({ workspaceId: z.string().min(1).max(64), docId: z.string().regex(DOC_ID_PATTERN).optional() })

/**
 * Pages deleted for good, until the purge job erases them (KEEL_DELETED_RETENTION_DAYS): listed
 * for and restorable by the workspace's owners. A restored page comes back live, under its old
 * parent if that is still a live page, else at the root of its project's tree.
 */
export async function deletedRoutes(
  app: FastifyInstance,
  opts: { directory: Directory; registry: RoomRegistry; hub: HubStore; deleted: DeletedPages; retentionDays: number },
): Promise<void> {
  const { directory, registry, hub, deleted, retentionDays } = opts
  const owner = { access: { on: 'workspace' as const, param: 'workspaceId', min: 'owner' as const } }
  const view = (d: DeletedPage) => ({
    id: d.docId,
    title: d.title,
    projectId: d.projectId,
    projectName: d.projectName,
    deletedAt: iso(d.deletedAt),
    deletedBy: d.deletedBy,
    purgeAfter: iso(d.deletedAt + retentionDays * 86_400_000),
  })

  app.get('/api/workspaces/:workspaceId/deleted', { config: owner }, async (request) => {
    const { workspaceId } = Params.parse(request.params)
    return deleted.ofWorkspace(workspaceId).map(view)
  })

  app.post('/api/workspaces/:workspaceId/deleted/:docId/restore', { config: owner }, async (request) => {
    const { workspaceId, docId } = Params.parse(request.params)
    const page = docId ? deleted.get(workspaceId, docId) : null
    if (!page) throw new HttpError(404, 'not_found', 'no deleted page with that id in this workspace')
    const project = directory.project(page.projectId)!
    deleted.restore(page)
    const userId = userIdOf(request.principal)
    registry.change(project.treeDocId, userId, (tree) => {
      const parentId = page.parentId && buildTree(readNodes(tree)).byId.has(page.parentId) ? page.parentId : null
      addNode(tree, { id: page.docId, title: page.title, parentId })
    })
    const row = hub.doc(page.docId)!
    return { id: row.id, title: row.title, projectId: row.projectId, parentId: row.parentId, archivedAt: row.archivedAt === null ? null : iso(row.archivedAt) }
  })
}
