import { generateKeyBetween } from 'fractional-indexing'
import * as Y from 'yjs'
import { Memo, TreeIndex } from './tree-index.ts'

/**
 * A project's document tree as a CRDT: one Y.Doc per project holding a Y.Map of nodes keyed by
 * document id, each node a Y.Map of fields. Field-level maps mean a concurrent rename and move of
 * the same page both survive; a page exists once (it is one key), so concurrent moves can never
 * duplicate it, and nothing is lost by a move. Order among siblings is a fractional index
 * (fractional-indexing), ties broken by id. Shared by the sidebar and the server's mirror.
 */
export const TREE_NODES = 'nodes'

export interface TreeNodeData {
  id: string
  title: string
  parentId: string | null
  order: string
  /** Milliseconds since the epoch when moved to the trash; null while live. */
  archivedAt: number | null
}

export interface TreeNode extends TreeNodeData {
  children: TreeNode[]
}

export interface TreeView {
  roots: TreeNode[]
  /** Pages in the trash (the top of each archived subtree), most recently archived first. */
  trash: TreeNodeData[]
  /** Every live page by id, with its path of ancestors. */
  byId: Map<string, TreeNode>
}

type NodeMap = Y.Map<unknown>

export const nodesOf = (doc: Y.Doc): Y.Map<NodeMap> => doc.getMap<NodeMap>(TREE_NODES)

/** One entry of the nodes map, tolerant of malformed ones (null: not a node). */
export function readNode(id: string, m: unknown): TreeNodeData | null {
  if (!(m instanceof Y.Map)) return null
  const title = m.get('title')
  const parentId = m.get('parentId')
  const order = m.get('order')
  const archivedAt = m.get('archivedAt')
  return {
    id,
    title: typeof title === 'string' ? title : '',
    parentId: typeof parentId === 'string' ? parentId : null,
    order: typeof order === 'string' ? order : 'a0',
    archivedAt: typeof archivedAt === 'number' ? archivedAt : null,
  }
}

/** Every node, tolerant of malformed entries (a bad client cannot break everyone's sidebar). */
export function readNodes(doc: Y.Doc): TreeNodeData[] {
  const out: TreeNodeData[] = []
  nodesOf(doc).forEach((m, id) => {
    const node = readNode(id, m)
    if (node) out.push(node)
  })
  return out
}

const bySiblingOrder = (a: TreeNodeData, b: TreeNodeData): number => (a.order < b.order ? -1 : a.order > b.order ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

/**
 * The tree every replica shows for the same data. Two concurrent moves can make a cycle (A under
 * B, B under A); it is broken the same way everywhere: the node with the smallest id in the
 * cycle is shown at the root. A node whose parent is missing is shown at the root too.
 */
export function buildTree(nodes: readonly TreeNodeData[]): TreeView {
  const data = new Map(nodes.map((n) => [n.id, n]))
  const parentOf = new Map<string, string | null>()
  for (const n of nodes) parentOf.set(n.id, n.parentId !== null && data.has(n.parentId) ? n.parentId : null)
  // Break cycles deterministically.
  for (const n of nodes) {
    const seen: string[] = []
    let cur: string | null = n.id
    while (cur !== null && !seen.includes(cur)) {
      seen.push(cur)
      cur = parentOf.get(cur) ?? null
    }
    if (cur !== null) {
      const cycle = seen.slice(seen.indexOf(cur))
      const breaker = cycle.reduce((a, b) => (a < b ? a : b))
      parentOf.set(breaker, null)
    }
  }
  const archivedAncestor = (id: string): boolean => {
    let cur: string | null = id
    while (cur !== null) {
      if (data.get(cur)!.archivedAt !== null) return true
      cur = parentOf.get(cur) ?? null
    }
    return false
  }
  const byId = new Map<string, TreeNode>()
  for (const n of nodes) if (!archivedAncestor(n.id)) byId.set(n.id, { ...n, parentId: parentOf.get(n.id) ?? null, children: [] })
  const roots: TreeNode[] = []
  for (const node of byId.values()) {
    const parent = node.parentId !== null ? byId.get(node.parentId) : undefined
    if (parent) parent.children.push(node)
    else roots.push(node)
  }
  const sortDeep = (list: TreeNode[]) => {
    list.sort(bySiblingOrder)
    for (const n of list) sortDeep(n.children)
  }
  sortDeep(roots)
  const trash = nodes
    .filter((n) => n.archivedAt !== null && !(parentOf.get(n.id) && archivedAncestor(parentOf.get(n.id)!)))
    .sort((a, b) => b.archivedAt! - a.archivedAt! || (a.id < b.id ? -1 : 1))
  return { roots, trash, byId }
}

/** The order key for position `index` among `siblings` (already sorted), ignoring `movingId`. */
function orderAt(siblings: readonly TreeNodeData[], index: number, movingId?: string): string {
  const others = siblings.filter((s) => s.id !== movingId)
  const i = Math.max(0, Math.min(index, others.length))
  const before = i > 0 ? others[i - 1]!.order : null
  const after = i < others.length ? others[i]!.order : null
  // Equal neighbours (concurrent inserts chose the same key): place after both.
  if (before !== null && after !== null && before >= after) return generateKeyBetween(before, null)
  return generateKeyBetween(before, after)
}

function siblingsOf(doc: Y.Doc, parentId: string | null): TreeNode[] {
  const view = buildTree(readNodes(doc))
  return parentId === null ? view.roots : (view.byId.get(parentId)?.children ?? [])
}

export interface NewNode {
  id: string
  title: string
  parentId?: string | null
  index?: number
}

/** Adds a page at `index` under `parentId` (default: last at the root). */
export function addNode(doc: Y.Doc, node: NewNode): void {
  addNodes(doc, [node])
}

/**
 * Adds pages in order, each as `addNode` would (a later one may go under an earlier one), reading
 * the tree once for all of them and working out only the sibling lists the batch goes into
 * (TreeIndex), not the whole tree's view: an import's batch into a 5,000-page tree no longer
 * builds and sorts all of it.
 */
export function addNodes(doc: Y.Doc, nodes: readonly NewNode[]): void {
  const tree = new TreeIndex(readNodes(doc))
  const memo = new Memo()
  const lists = new Map<string | null, TreeNodeData[]>()
  const siblings = (parentId: string | null): TreeNodeData[] => {
    let list = lists.get(parentId)
    if (!list) lists.set(parentId, (list = tree.siblings(parentId, memo)))
    return list
  }
  doc.transact(() => {
    for (const node of nodes) {
      const parentId = node.parentId ?? null
      const list = siblings(parentId)
      const index = Math.max(0, Math.min(node.index ?? list.length, list.length))
      const order = orderAt(list, index)
      const m = new Y.Map<unknown>()
      nodesOf(doc).set(node.id, m)
      m.set('title', node.title)
      m.set('parentId', parentId)
      m.set('order', order)
      m.set('archivedAt', null)
      list.splice(index, 0, { id: node.id, title: node.title, parentId, order, archivedAt: null })
    }
  })
}

/** True when `candidate` is `id` or one of its descendants (moving there would make a cycle). */
export function isWithin(doc: Y.Doc, id: string, candidate: string | null): boolean {
  const view = buildTree(readNodes(doc))
  let cur = candidate
  while (cur !== null) {
    if (cur === id) return true
    cur = view.byId.get(cur)?.parentId ?? null
  }
  return false
}

/** Moves a page under `parentId` at `index`. Refuses a move into its own subtree. */
export function moveNode(doc: Y.Doc, id: string, parentId: string | null, index: number): boolean {
  const m = nodesOf(doc).get(id)
  if (!m || isWithin(doc, id, parentId)) return false
  const order = orderAt(siblingsOf(doc, parentId), index, id)
  doc.transact(() => {
    m.set('parentId', parentId)
    m.set('order', order)
  })
  return true
}

export function renameNode(doc: Y.Doc, id: string, title: string): boolean {
  const m = nodesOf(doc).get(id)
  if (!m) return false
  m.set('title', title)
  return true
}

/** Moves a page (and, with it, its subtree) to the trash. */
export function archiveNode(doc: Y.Doc, id: string, at = Date.now()): boolean {
  const m = nodesOf(doc).get(id)
  if (!m) return false
  m.set('archivedAt', at)
  return true
}

/** Brings a page back from the trash; to the root if its old parent is gone or in the trash. */
export function restoreNode(doc: Y.Doc, id: string): boolean {
  const m = nodesOf(doc).get(id)
  if (!m) return false
  doc.transact(() => {
    m.set('archivedAt', null)
    const parentId = m.get('parentId')
    if (typeof parentId === 'string' && !buildTree(readNodes(doc)).byId.has(parentId)) {
      m.set('parentId', null)
      m.set('order', orderAt(siblingsOf(doc, null), Number.MAX_SAFE_INTEGER, id))
    }
  })
  return true
}

/** Removes a page from the tree for good (the server deletes the document itself). */
export function removeNode(doc: Y.Doc, id: string): boolean {
  if (!nodesOf(doc).has(id)) return false
  nodesOf(doc).delete(id)
  return true
}
