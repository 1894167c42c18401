import { useSyncExternalStore } from 'react'
import { DOC_ID_PATTERN } from '#shared/limits'

/**
 * A router of three routes does not need a library: the path lives in `location`, changes go
 * through the History API, and back/forward arrive as `popstate`. `navigate` dispatches its own
 * event because pushState does not fire popstate.
 */
const NAVIGATE_EVENT = 'keel:navigate'

export const DEFAULT_DOC_ID = 'welcome'

export type Route = { kind: 'doc'; docId: string } | { kind: 'home' } | { kind: 'not-found' }

export function matchRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '') return { kind: 'home' }
  const m = /^\/d\/([^/]+)\/?$/.exec(pathname)
  if (m) {
    let docId: string
    try {
      docId = decodeURIComponent(m[1]!)
    } catch {
      return { kind: 'not-found' }
    }
    if (DOC_ID_PATTERN.test(docId)) return { kind: 'doc', docId }
  }
  return { kind: 'not-found' }
}

export const docPath = (docId: string): string => `/d/${encodeURIComponent(docId)}`

export function navigate(path: string, { replace = false } = {}): void {
  if (path === location.pathname) return
  if (replace) history.replaceState(null, '', path)
  else history.pushState(null, '', path)
  window.dispatchEvent(new Event(NAVIGATE_EVENT))
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange)
  window.addEventListener(NAVIGATE_EVENT, onChange)
  return () => {
    window.removeEventListener('popstate', onChange)
    window.removeEventListener(NAVIGATE_EVENT, onChange)
  }
}

export function usePathname(): string {
  return useSyncExternalStore(subscribe, () => location.pathname)
}
