import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react'
import { api, ApiError, setUnauthenticatedHandler } from './http.ts'
import type { Me } from './api-types.ts'
import { clearCaches, readCache, writeCache } from './local-cache.ts'

/**
 * Who is signed in, from `GET /api/auth/me`. Loaded once at start and refreshed after anything
 * that changes it (sign-in, a new workspace, a new name). Offline, the last answer (kept in
 * localStorage) stands in, so documents open with no network.
 */
export type SessionState =
  | { status: 'loading' }
  | { status: 'signed-in'; me: Me; offline: boolean }
  | { status: 'signed-out' }
  /** No network and nothing remembered: we cannot tell. */
  | { status: 'unreachable' }

interface SessionApi {
  state: SessionState
  /** Asks the server again; resolves with the new identity, or null when signed out. */
  refresh: () => Promise<Me | null>
  signOut: () => Promise<void>
}

const ME_KEY = 'me'
const isMe = (v: unknown): v is Me => typeof (v as Me | null)?.user?.id === 'string' && Array.isArray((v as Me).workspaces)

const SessionContext = createContext<SessionApi | null>(null)

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' })

  const refresh = useCallback(async (): Promise<Me | null> => {
    try {
      const me = await api<Me>('/api/auth/me', { quiet401: true })
      writeCache(ME_KEY, me)
      setState({ status: 'signed-in', me, offline: false })
      return me
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        clearCaches([ME_KEY])
        setState({ status: 'signed-out' })
        return null
      }
      const cached = readCache(ME_KEY, isMe)
      setState(cached ? { status: 'signed-in', me: cached, offline: true } : { status: 'unreachable' })
      return cached
    }
  }, [])

  const signOut = useCallback(async () => {
    try {
      await api('/api/auth/sign-out', { method: 'POST', quiet401: true })
    } finally {
      clearCaches([ME_KEY, 'doc-meta:'])
      setState({ status: 'signed-out' })
    }
  }, [])

  useEffect(() => {
    void refresh()
    // Any request the server refuses as unauthenticated means the session ended (signed out in
    // another tab, expired, revoked): forget who we were, and the page gate sends us to sign in.
    setUnauthenticatedHandler(() => {
      clearCaches([ME_KEY])
      setState({ status: 'signed-out' })
    })
    // Coming back online with a remembered identity: check it is still good.
    const onOnline = (): void => void refresh()
    window.addEventListener('online', onOnline)
    return () => {
      setUnauthenticatedHandler(null)
      window.removeEventListener('online', onOnline)
    }
  }, [refresh])

  const value = useMemo(() => ({ state, refresh, signOut }), [state, refresh, signOut])
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>
}

export function useSession(): SessionApi {
  const session = useContext(SessionContext)
  if (session === null) throw new Error('useSession outside SessionProvider')
  return session
}

/** The signed-in identity; only for pages rendered behind the session gate. */
export function useMe(): Me {
  const { state } = useSession()
  if (state.status !== 'signed-in') throw new Error('useMe before sign-in')
  return state.me
}
