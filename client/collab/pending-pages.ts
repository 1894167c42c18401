import { CloseCode } from '#shared/protocol/index'
import { readCache, writeCache } from '../lib/local-cache.ts'

/**
 * Pages created on this device that the server may not know yet: a page added to the tree
 * offline gets its document row only when the server sees the tree update. Until then the
 * document socket is refused (4404) and `GET /api/docs/:id` says 404; for a page marked here,
 * both mean "waiting to sync", not "doesn't exist". The mark goes once the document syncs.
 */
const KEY = 'pending-pages'
/** Marks older than this are forgotten (a page the server never took is gone by then). */
const KEEP_MS = 30 * 24 * 3600_000

const isMarks = (v: unknown): v is Record<string, number> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((t) => typeof t === 'number')

function read(now = Date.now()): Record<string, number> {
  const marks = readCache(KEY, isMarks) ?? {}
  return Object.fromEntries(Object.entries(marks).filter(([, t]) => now - t < KEEP_MS))
}

export function markPending(docId: string): void {
  writeCache(KEY, { ...read(), [docId]: Date.now() })
}

export function clearPending(docId: string): void {
  const marks = read()
  if (!(docId in marks)) return
  delete marks[docId]
  writeCache(KEY, marks)
}

export const isMarkedPending = (docId: string): boolean => docId in read()

/** How long a refused page keeps being retried (from the first refusal) while it is pending. */
export const WAIT_FOR_SERVER_MS = 60_000

/**
 * What to do when the server refuses the document socket with `code`: retry while the page is
 * pending (known locally, not yet to the server) and the first refusal is under `windowMs` old.
 * `since` is when the current run of refusals began (null: none yet); the result carries it on.
 */
export function retryRefusal(
  code: number,
  pending: boolean,
  since: number | null,
  now: number,
  windowMs = WAIT_FOR_SERVER_MS,
): { retry: boolean; since: number | null } {
  if (code !== CloseCode.DocumentNotFound || !pending) return { retry: false, since: null }
  const start = since ?? now
  return now - start < windowMs ? { retry: true, since: start } : { retry: false, since: null }
}
