import type { TreeNodeData } from './tree.ts'

const bySiblingOrder = (a: TreeNodeData, b: TreeNodeData): number => (a.order < b.order ? -1 : a.order > b.order ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

/**
 * The tree's nodes with an index of children by stored parent id, answering buildTree's
 * questions (shown parent, shown or not, siblings) for one node at a time: each answer walks the
 * node's chain of ancestors (memoised per `Memo`), not the whole tree. Same rules as buildTree
 * (tree.ts): a missing parent shows at the root, a cycle of stored parents shows its smallest id
 * at the root, and a page in the trash hides its subtree. Used where a tree change must cost
 * what it changed: a batch of new pages (addNodes) and the server's mirror (tree-mirror.ts).
 */
export class TreeIndex {
  readonly nodes = new Map<string, TreeNodeData>()
  /** Child ids by stored parent id, a parent that does not exist included (it may be added). */
  readonly children = new Map<string, Set<string>>()

  constructor(nodes: Iterable<TreeNodeData> = []) {
    for (const n of nodes) this.put(n)
  }

  put(n: TreeNodeData): void {
    const before = this.nodes.get(n.id)
    if (before) this.remove(before.id)
    this.nodes.set(n.id, n)
    if (n.parentId === null) return
    let kids = this.children.get(n.parentId)
    if (!kids) this.children.set(n.parentId, (kids = new Set()))
    kids.add(n.id)
  }

  remove(id: string): void {
    const n = this.nodes.get(id)
    if (!n) return
    this.nodes.delete(id)
    if (n.parentId === null) return
    const kids = this.children.get(n.parentId)
    kids?.delete(id)
    if (kids?.size === 0) this.children.delete(n.parentId)
  }

  /** The stored parent if it exists (buildTree's parent before cycles are broken). */
  private storedParent(id: string): string | null {
    const p = this.nodes.get(id)!.parentId
    return p !== null && this.nodes.has(p) ? p : null
  }

  /**
   * buildTree's parent: the stored one, except for the smallest id of a cycle, shown at the root.
   * Walks up to the root, a node already resolved, or a cycle.
   */
  shownParent(id: string, memo: Memo = new Memo()): string | null {
    const known = memo.parents.get(id)
    if (known !== undefined) return known
    const path: string[] = []
    const at = new Map<string, number>()
    let cur: string | null = id
    while (cur !== null && !memo.parents.has(cur) && !at.has(cur)) {
      at.set(cur, path.length)
      path.push(cur)
      cur = this.storedParent(cur)
    }
    let end = path.length
    if (cur !== null && at.has(cur)) {
      // A cycle from `cur` to the end of the path; what leads into it is not part of it.
      end = at.get(cur)!
      const cycle = path.slice(end)
      const breaker = cycle.reduce((a, b) => (a < b ? a : b))
      for (const c of cycle) memo.parents.set(c, c === breaker ? null : this.storedParent(c))
    }
    for (let i = 0; i < end; i++) memo.parents.set(path[i]!, this.storedParent(path[i]!))
    return memo.parents.get(id)!
  }

  /** Shown in the tree (not in the trash, nor under a page that is): in buildTree's `byId`. */
  isLive(id: string, memo: Memo = new Memo()): boolean {
    const path: string[] = []
    let result: boolean
    let cur = id
    for (;;) {
      const known = memo.live.get(cur)
      if (known !== undefined) {
        result = known
        break
      }
      path.push(cur)
      if (this.nodes.get(cur)!.archivedAt !== null) {
        result = false
        break
      }
      const up = this.shownParent(cur, memo)
      if (up === null) {
        result = true
        break
      }
      cur = up
    }
    for (const p of path) memo.live.set(p, result)
    return result
  }

  /**
   * The pages shown under `parentId` (null: the root), in order: buildTree's `children` (or
   * `roots`). Under a page: its children's chains; at the root: every node (O(tree), cheap).
   */
  siblings(parentId: string | null, memo: Memo = new Memo()): TreeNodeData[] {
    const out: TreeNodeData[] = []
    if (parentId === null) {
      for (const n of this.nodes.values()) if (this.shownParent(n.id, memo) === null && this.isLive(n.id, memo)) out.push(n)
    } else if (this.nodes.has(parentId) && this.isLive(parentId, memo)) {
      for (const id of this.children.get(parentId) ?? []) {
        const n = this.nodes.get(id)!
        if (n.archivedAt === null && this.shownParent(id, memo) === parentId) out.push(n)
      }
    }
    return out.sort(bySiblingOrder)
  }
}

/** Answers already worked out, valid until the index next changes. */
export class Memo {
  readonly parents = new Map<string, string | null>()
  readonly live = new Map<string, boolean>()
}
