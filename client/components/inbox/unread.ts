import { useEffect, useSyncExternalStore } from 'react'
import { INBOX_LIMITS } from '#shared/limits'
import { ExternalStore } from '../../lib/external-store.ts'

/**
 * The unread count in the top bar, for every open tab. Polled every INBOX_LIMITS.pollMs with an
 * ETag (an unchanged count is a 304 with no body), and at once when the tab comes back into
 * view: simpler than a per-user event channel beside the per-project stream, and a count that is
 * at most 20 s late is fine for a bell.
 */
const store = new ExternalStore<{ unread: number }>({ unread: 0 })
let etag: string | null = null
let inFlight: Promise<void> | null = null

export function refreshUnread(): Promise<void> {
  inFlight ??= (async () => {
    try {
      const res = await fetch('/api/inbox/unread-count', {
        credentials: 'same-origin',
        headers: { accept: 'application/json', ...(etag ? { 'if-none-match': etag } : {}) },
      })
      if (res.status === 200) {
        etag = res.headers.get('etag')
        store.update({ unread: ((await res.json()) as { unread: number }).unread })
      }
    } catch {
      // Offline or restarting: the next poll tries again.
    } finally {
      inFlight = null
    }
  })()
  return inFlight
}

/** What a mark-read answered: no need to ask again. */
export function setUnread(unread: number): void {
  etag = null
  store.update({ unread })
}

export function useUnreadCount(): number {
  useEffect(() => {
    void refreshUnread()
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') void refreshUnread()
    }, INBOX_LIMITS.pollMs)
    const onVisible = (): void => {
      if (document.visibilityState === 'visible') void refreshUnread()
    }
    document.addEventListener('visibilitychange', onVisible)
    window.addEventListener('focus', onVisible)
    return () => {
      clearInterval(timer)
      document.removeEventListener('visibilitychange', onVisible)
      window.removeEventListener('focus', onVisible)
    }
  }, [])
  return useSyncExternalStore(store.subscribe, store.get).unread
}
