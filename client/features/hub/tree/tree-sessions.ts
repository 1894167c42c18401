import { buildTree, readNodes, type TreeView } from '#shared/hub/tree'
import type { User } from '../../../collab/presence.ts'
import { DocSession } from '../../../collab/doc-session.ts'

/**
 * Tree documents are shared by every view of a project (the hub's tree, the document page's
 * sidebar, link titles). One DocSession per tree document, reference-counted and kept a little
 * after the last view leaves, so moving from the hub to a page and on to the next page does not
 * reconnect each time.
 */
export interface TreeHandle {
  session: DocSession
  /** The current tree, rebuilt only when the document changes (stable for useSyncExternalStore). */
  view: () => TreeView
  subscribe: (onChange: () => void) => () => void
}

const KEEP_MS = 30_000
const entries = new Map<string, { handle: TreeHandle; refs: number; timer: ReturnType<typeof setTimeout> | null }>()

function open(treeDocId: string, user: User): TreeHandle {
  const session = new DocSession(treeDocId, user)
  let cached: TreeView | null = null
  const listeners = new Set<() => void>()
  session.doc.on('update', () => {
    cached = null
    for (const l of listeners) l()
  })
  return {
    session,
    view: () => (cached ??= buildTree(readNodes(session.doc))),
    subscribe: (onChange) => {
      listeners.add(onChange)
      return () => listeners.delete(onChange)
    },
  }
}

export function acquireTree(treeDocId: string, user: User): TreeHandle {
  let entry = entries.get(treeDocId)
  if (!entry) {
    entry = { handle: open(treeDocId, user), refs: 0, timer: null }
    entries.set(treeDocId, entry)
  }
  if (entry.timer !== null) clearTimeout(entry.timer)
  entry.timer = null
  entry.refs++
  return entry.handle
}

export function releaseTree(treeDocId: string): void {
  const entry = entries.get(treeDocId)
  if (!entry) return
  entry.refs--
  if (entry.refs > 0) return
  entry.timer = setTimeout(() => {
    if (entry.refs > 0) return
    entries.delete(treeDocId)
    entry.handle.session.destroy()
  }, KEEP_MS)
}

/** Sign-out: close every tree socket now. */
export function releaseAllTrees(): void {
  for (const [id, entry] of entries) {
    if (entry.timer !== null) clearTimeout(entry.timer)
    entry.handle.session.destroy()
    entries.delete(id)
  }
}

/** Whether a page is in one of the open trees (the local copy: offline additions included). */
export function inOpenTree(docId: string): boolean {
  for (const { handle } of entries.values()) if (handle.view().byId.has(docId)) return true
  return false
}
