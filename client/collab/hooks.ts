import { useEffect, useRef, useState, useSyncExternalStore } from 'react'
import type { ConnectionState } from './connection-state.ts'
import type { Peer, User } from './presence.ts'
import { DocSession, type DocSessionOptions } from './doc-session.ts'

/**
 * One DocSession per mounted document; torn down when the document changes or unmounts. `user`
 * is read when the session starts (a new name shows from the next document you open).
 */
export function useDocSession(docId: string, user: User, options: DocSessionOptions = {}): { session: DocSession; ready: boolean } | null {
  const [state, setState] = useState<{ session: DocSession; ready: boolean } | null>(null)
  const userRef = useRef(user)
  userRef.current = user
  const optionsRef = useRef(options)
  optionsRef.current = options
  useEffect(() => {
    const session = new DocSession(docId, userRef.current, { waitForServer: () => optionsRef.current.waitForServer?.() ?? false })
    setState({ session, ready: false })
    let live = true
    void session.ready.then(() => {
      if (live) setState({ session, ready: true })
    })
    return () => {
      live = false
      session.destroy()
      setState(null)
    }
  }, [docId])
  // Between a docId change and the effect above, `state` still holds the previous document.
  return state !== null && state.session.docId === docId ? state : null
}

/**
 * One field of the connection state: the component re-renders only when that field changes
 * (`unsaved` changes twice per keystroke, and every React commit while the editor has focus
 * costs a walk over the editor's DOM; see ConnectionBadge).
 */
export function useConnectionField<T>(session: DocSession, select: (state: ConnectionState) => T): T {
  const store = session.connection.store
  return useSyncExternalStore(store.subscribe, () => select(store.get()))
}

export function usePeers(session: DocSession): readonly Peer[] {
  const store = session.presence.peers
  return useSyncExternalStore(store.subscribe, store.get).list
}
