import { generateKeyBetween } from 'fractional-indexing'
import { EXPORT_LIMITS } from '#shared/limits'
import { ErrorCode } from '#shared/api/errors'
import { buildTree, readNodes, type TreeNode, type TreeNodeData } from '#shared/hub/tree'
import type { ManifestNode } from '#shared/export/manifest'
import type { RoomRegistry } from '../collab/registry.ts'
import { HttpError, notFound } from '../http/errors.ts'
import type { HubStore } from '../hub/hub-store.ts'
import type { Store } from '../store/store.ts'
import type { Directory, Project } from '../workspaces/directory.ts'

/** What is exported: a project's live pages in tree order (parents first), or one page, or a page and its subtree. */
export interface ExportScope {
  kind: 'project' | 'subtree' | 'page'
  project: Project
  /** Tree order; `parentId` is null for a page whose parent is not exported. */
  pages: ManifestNode[]
  /** The pages' stored bytes (what the export reads of them; attachments come on top, within the same bound). */
  bytes: number
}

/** The export bounds (EXPORT_LIMITS; tests pass smaller ones). */
export interface ExportBounds {
  maxPages: number
  maxBytes: number
}

export interface ScopeDeps {
  registry: RoomRegistry
  store: Store
  hub: HubStore
  directory: Directory
}

/** Depth first, as the sidebar shows the tree. */
function walk(nodes: readonly TreeNode[], out: ManifestNode[], top: boolean): void {
  for (const n of nodes) {
    out.push({ id: n.id, title: n.title, parentId: top ? null : n.parentId, order: n.order })
    walk(n.children, out, false)
  }
}

/**
 * Resolves what an export covers. The tree is read from the committed tree document, so pages
 * in the trash (and their subtrees) are left out, like deleted pages (which are in the trash
 * first). A live page outside the tree (an old document attached to the project) exports alone,
 * and at the top level of its project's export. Only the project's own pages are ever exported.
 */
export function resolveScope(
  deps: ScopeDeps,
  target: { projectId: string } | { docId: string; subtree: boolean },
  bounds: ExportBounds = EXPORT_LIMITS,
): ExportScope {
  const projectId = 'projectId' in target ? target.projectId : deps.hub.doc(target.docId)?.projectId
  const project = projectId ? deps.directory.project(projectId) : null
  if (!project) throw notFound('projectId' in target ? 'project' : 'document')
  const nodes = readNodes(deps.registry.readCommitted(project.treeDocId))
  const tree = buildTree(nodes)
  let pages: ManifestNode[] = []
  let kind: ExportScope['kind'] = 'project'
  if ('projectId' in target) {
    walk(tree.roots, pages, true)
    pages.push(...untreed(deps.hub, project.id, nodes, tree.roots.at(-1)?.order ?? null))
  } else {
    const node = tree.byId.get(target.docId)
    const row = deps.hub.doc(target.docId)
    if (!row || row.kind !== 'doc' || row.projectId !== project.id || (!node && row.archivedAt !== null)) throw notFound('document')
    kind = target.subtree ? 'subtree' : 'page'
    if (!node) pages.push({ id: row.id, title: row.title, parentId: null, order: row.position || 'a0' })
    else if (target.subtree) walk([node], pages, true)
    else pages.push({ id: node.id, title: node.title, parentId: null, order: node.order })
  }
  pages = ownPages(deps.hub, project.id, pages)
  const bytes = assertWithinLimits(deps.store, pages, bounds)
  return { kind, project, pages, bytes }
}

/**
 * The project's live pages with no node in its tree at all (an old document attached to the
 * project, a node lost to a bad edit): exported as top-level pages after the tree's, not dropped.
 * A page whose node is in the trash has a node, and stays out.
 */
function untreed(hub: HubStore, projectId: string, nodes: readonly TreeNodeData[], lastOrder: string | null): ManifestNode[] {
  const noded = new Set(nodes.map((n) => n.id))
  let order = lastOrder
  return hub
    .docsOf(projectId)
    .filter((row) => row.archivedAt === null && !noded.has(row.id))
    .map((row) => {
      order = after(order)
      return { id: row.id, title: row.title, parentId: null, order }
    })
}

/** A key after `order`; a tree node's order is anyone's to write, so one that is not a key starts afresh. */
function after(order: string | null): string {
  try {
    return generateKeyBetween(order, null)
  } catch {
    return generateKeyBetween(null, null)
  }
}

/**
 * Keeps only the project's own pages. Any editor can write any id into a tree document (the hub's
 * mirror ignores a node naming another project's page, and so must the export, or a node could
 * read another workspace's page). A kept page whose parent was dropped becomes a top-level page.
 */
function ownPages(hub: HubStore, projectId: string, pages: readonly ManifestNode[]): ManifestNode[] {
  const kept = pages.filter((p) => {
    const row = hub.doc(p.id)
    return row !== null && row.kind === 'doc' && row.projectId === projectId
  })
  const ids = new Set(kept.map((p) => p.id))
  return kept.map((p) => (p.parentId !== null && !ids.has(p.parentId) ? { ...p, parentId: null } : p))
}

/** Refuses an export past its bounds (EXPORT_LIMITS) before anything is read: 413 with what to do instead. */
function assertWithinLimits(store: Store, pages: readonly ManifestNode[], bounds: ExportBounds): number {
  if (pages.length > bounds.maxPages)
    throw new HttpError(413, ErrorCode.ExportTooLarge, `${pages.length} pages is more than one export holds (${bounds.maxPages}): export a subtree`)
  const bytes = pages.reduce((sum, p) => sum + (store.meta(p.id)?.storedBytes ?? 0), 0)
  if (bytes > bounds.maxBytes)
    throw new HttpError(413, ErrorCode.ExportTooLarge, `the pages hold ${bytes} bytes, more than one export reads (${bounds.maxBytes}): export a subtree`)
  return bytes
}
