import { ApiError, NetworkError } from '../../lib/http.ts'
import { type CommentWrite, send } from './api.ts'

/**
 * Comment writes made offline (or while the server did not answer), kept in localStorage per
 * document and sent in order once back online. Creates and replies carry client-generated ids,
 * so a write that reached the server before the answer was lost is answered with the stored row
 * when it is sent again (docs/decisions/0009-comments.md).
 */
const KEY = (docId: string) => `keel:comment-outbox:${docId}`

export function queued(docId: string): CommentWrite[] {
  try {
    const raw = localStorage.getItem(KEY(docId))
    return raw ? (JSON.parse(raw) as CommentWrite[]) : []
  } catch {
    return []
  }
}

function save(docId: string, writes: CommentWrite[]): void {
  if (writes.length === 0) localStorage.removeItem(KEY(docId))
  else localStorage.setItem(KEY(docId), JSON.stringify(writes))
}

export function enqueue(docId: string, write: CommentWrite): void {
  save(docId, [...queued(docId), write])
}

let flushing: Promise<void> | null = null

/**
 * Sends what is queued, oldest first. Stops at the first network failure (still offline); a write
 * the server refuses (a 4xx: its thread deleted meanwhile, too long) is dropped and reported.
 */
export function flush(docId: string, onRefused: (message: string) => void): Promise<void> {
  if (flushing) return flushing.then(() => flush(docId, onRefused))
  // Cleared in `finally` only once assigned: an empty queue finishes before the assignment would.
  const run = (async () => {
    await Promise.resolve()
    try {
      for (;;) {
        const [next] = queued(docId)
        if (!next) return
        try {
          await send(next)
        } catch (err) {
          if (err instanceof NetworkError) return
          if (err instanceof ApiError && err.status < 500) onRefused(`A comment made offline was not saved: ${err.message}`)
          else return
        }
        save(docId, queued(docId).slice(1))
      }
    } finally {
      flushing = null
    }
  })()
  flushing = run
  return run
}
