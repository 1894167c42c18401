import { addNode, archiveNode, buildTree, nodesOf, readNodes, removeNode, restoreNode } from '#shared/hub/tree'
import { CloseCode } from '#shared/protocol/index'
import type { RoomRegistry } from '../collab/registry.ts'
import type { Renderings } from '../docs/renderings.ts'
import { HttpError } from '../http/errors.ts'
import type { Directory } from '../workspaces/directory.ts'
import type { DeletedPage, DeletedPages } from './deleted-pages.ts'
import type { DocRow, HubStore } from './hub-store.ts'
import type { Pages } from './pages.ts'

const DAY_MS = 86_400_000

/**
 * A page's way out and back: the trash (archived in the tree, restorable by editors), then
 * "delete for good" (owners, only from the trash: nothing is gone without a way back), which
 * takes the page out of its project but keeps it for `retentionDays`, restorable by the
 * workspace's owners until the Purger erases it. Tree changes are edits of the project's tree
 * document through the registry, so open sidebars see them live.
 */
export class Trash {
  constructor(
    private readonly directory: Directory,
    private readonly registry: RoomRegistry,
    private readonly hub: HubStore,
    private readonly deleted: DeletedPages,
    private readonly pages: Pages,
    private readonly renderings: Renderings,
    private readonly retentionDays: number,
  ) {}

  /** When a page deleted at `deletedAt` is erased (ms since the epoch). */
  purgeAfter(deletedAt: number): number {
    return deletedAt + this.retentionDays * DAY_MS
  }

  /** Moves a page to the trash (a node missing from the tree is put back first, then archived). */
  archive(docId: string, userId: string): DocRow {
    const { treeDocId } = this.pages.pageOf(docId)
    this.registry.change(treeDocId, userId, (tree) => {
      if (!nodesOf(tree).has(docId)) addNode(tree, { id: docId, title: this.hub.doc(docId)!.title })
      archiveNode(tree, docId)
    })
    return this.hub.doc(docId)!
  }

  /** Takes a page out of the trash. */
  unarchive(docId: string, userId: string): DocRow {
    const { treeDocId } = this.pages.pageOf(docId)
    this.registry.change(treeDocId, userId, (tree) => restoreNode(tree, docId))
    return this.hub.doc(docId)!
  }

  /**
   * Deletes a page from the trash for good: gone from the tree and from every listing at once,
   * its sockets closed, kept until the purge. Returns when it will be erased.
   */
  deleteForGood(docId: string, userId: string, now = Date.now()): { purgeAfter: number } {
    const { row, treeDocId } = this.pages.pageOf(docId)
    if (row.archivedAt === null) throw new HttpError(409, 'not_in_trash', 'move the document to the trash first')
    this.registry.change(treeDocId, userId, (tree) => removeNode(tree, row.id))
    this.registry.evict(row.id, (peer) => peer.close(CloseCode.DocumentNotFound))
    this.deleted.markDeleted({ docId: row.id, projectId: row.projectId!, title: row.title, parentId: row.parentId }, userId, now)
    this.renderings.forget(row.id)
    return { purgeAfter: this.purgeAfter(now) }
  }

  /** Pages of a workspace deleted for good and not yet erased, most recent first. */
  deletedIn(workspaceId: string): DeletedPage[] {
    return this.deleted.ofWorkspace(workspaceId)
  }

  /**
   * Brings a deleted page back live: under its old parent if that is still a live page, else at
   * the root of its project's tree.
   */
  restoreDeleted(workspaceId: string, docId: string | undefined, userId: string): DocRow {
    const page = docId ? this.deleted.get(workspaceId, docId) : null
    if (!page) throw new HttpError(404, 'not_found', 'no deleted page with that id in this workspace')
    const project = this.directory.project(page.projectId)!
    this.deleted.restore(page)
    this.registry.change(project.treeDocId, userId, (tree) => {
      const parentId = page.parentId && buildTree(readNodes(tree)).byId.has(page.parentId) ? page.parentId : null
      addNode(tree, { id: page.docId, title: page.title, parentId })
    })
    return this.hub.doc(page.docId)!
  }
}
