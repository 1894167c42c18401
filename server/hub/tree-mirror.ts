import * as Y from 'yjs'
import { buildTree, nodesOf, readNode, readNodes, type TreeNodeData } from '#shared/hub/tree'
import { Memo, TreeIndex } from '#shared/hub/tree-index'

/**
 * What a project's document rows hold for each tree node (the full rebuild): the node as stored,
 * with the parent the sidebar shows (a concurrent-move cycle broken, a missing parent at the
 * root) for live pages; a page in the trash, or under one, keeps its stored parent (restoring it
 * puts it back there). O(tree): used at startup and for repair; commits use `TreeMirror`.
 */
export function mirroredNodes(nodes: readonly TreeNodeData[]): TreeNodeData[] {
  const view = buildTree(nodes)
  return nodes.map((n) => ({ ...n, parentId: view.byId.has(n.id) ? view.byId.get(n.id)!.parentId : n.parentId }))
}

/** What one commit changed: the rows to write, and the nodes the commit itself touched (the renames are among them). */
export interface TreeDelta {
  mirrored: TreeNodeData[]
  touched: TreeNodeData[]
}

/**
 * A tree document's mirror kept up to date per commit in O(change) instead of O(tree): it holds
 * the nodes as last read and an index of children by stored parent id, and records which node
 * ids each transaction touched (an observer on the nodes map). `take()` re-reads only those,
 * then recomputes `mirroredNodes`' answer for them and for their descendants, the only nodes whose
 * shown parent or trash state can follow from them: a row's values depend only on the node and
 * its chain of ancestors (parent existence, cycles through it, trashed ancestors), so a node whose
 * ancestors did not change keeps its row. A cycle made or broken by a move runs through the moved
 * node, so every node of it is the moved node's descendant.
 *
 * The walks up are TreeIndex's (shared/hub/tree-index.ts), the rules buildTree's.
 *
 * Nothing is written here: the caller applies `take()`'s rows and calls `done()`; a caller that
 * failed drops the mirror and builds a new one (a full rebuild).
 */
export class TreeMirror {
  private readonly index: TreeIndex
  private dirty = new Set<string>()
  private readonly observer = (events: Y.YEvent<Y.AbstractType<unknown>>[]): void => {
    for (const event of events) {
      if (event.target === this.map) for (const key of (event as Y.YMapEvent<unknown>).keysChanged) this.dirty.add(key)
      else {
        const key = event.path[0]
        if (typeof key === 'string') this.dirty.add(key)
      }
    }
  }
  private readonly map: Y.Map<Y.Map<unknown>>

  /** Reads the whole tree (O(tree), once per loaded tree document) and starts recording changes. */
  constructor(doc: Y.Doc) {
    this.map = nodesOf(doc)
    this.index = new TreeIndex(readNodes(doc))
    this.map.observeDeep(this.observer)
  }

  /** Every node's row (the full rebuild of what this mirror holds). */
  all(): TreeNodeData[] {
    return mirroredNodes([...this.index.nodes.values()])
  }

  /** Folds the recorded changes in and returns the rows they affect (call `done()` once they are written). */
  take(): TreeDelta {
    const touched: TreeNodeData[] = []
    for (const id of this.dirty) {
      const now = readNode(id, this.map.get(id))
      if (now) {
        this.index.put(now)
        touched.push(now)
      } else this.index.remove(id)
    }
    // The touched nodes and everything under them (guarded: stored parents may form a cycle).
    const affected = new Set<string>()
    const stack = [...this.dirty]
    while (stack.length > 0) {
      const id = stack.pop()!
      if (affected.has(id)) continue
      affected.add(id)
      const kids = this.index.children.get(id)
      if (kids) for (const kid of kids) if (!affected.has(kid)) stack.push(kid)
    }
    const memo = new Memo()
    const mirrored: TreeNodeData[] = []
    for (const id of affected) {
      const n = this.index.nodes.get(id)
      if (!n) continue
      mirrored.push(this.index.isLive(id, memo) ? { ...n, parentId: this.index.shownParent(id, memo) } : n)
    }
    return { mirrored, touched }
  }

  /** The rows from the last `take()` are written. */
  done(): void {
    this.dirty = new Set()
  }

  /** Stops recording (the room is gone, or the mirror is dropped for a rebuild). */
  detach(): void {
    this.map.unobserveDeep(this.observer)
  }
}
