import { useEffect, useRef, useState, useSyncExternalStore } from 'react'
import type { TreeView } from '#shared/hub/tree'
import { useMe } from '../../../lib/auth-session.tsx'
import { primeTitles } from '../../../blocks/doc-link/doc-titles.ts'
import { acquireTree, releaseTree, type TreeHandle } from './tree-sessions.ts'

const EMPTY: TreeView = { roots: [], trash: [], byId: new Map() }
const noop = (): (() => void) => () => {}

/** The live tree of a project (null treeDocId: not known yet), and the handle to change it. */
export function useTree(treeDocId: string | null): { view: TreeView; handle: TreeHandle | null } {
  const me = useMe()
  const userRef = useRef({ id: me.user.id, name: me.user.name, color: me.user.color })
  const [handle, setHandle] = useState<TreeHandle | null>(null)
  useEffect(() => {
    if (treeDocId === null) return
    const h = acquireTree(treeDocId, userRef.current)
    setHandle(h)
    return () => {
      setHandle(null)
      releaseTree(treeDocId)
    }
  }, [treeDocId])
  const current = handle !== null && handle.session.docId === treeDocId ? handle : null
  const view = useSyncExternalStore(current?.subscribe ?? noop, current?.view ?? (() => EMPTY))
  // Links in open documents show the tree's titles: a rename anywhere shows up at once.
  useEffect(() => primeTitles(view), [view])
  return { view, handle: current }
}
