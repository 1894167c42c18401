import type { ThreadView } from '#shared/api/comments'
import { api } from '../../lib/http.ts'

/** The comment routes (docs/PROTOCOL.md, Comments). */
const base = (docId: string) => `/api/docs/${encodeURIComponent(docId)}/comments`

export const listThreads = (docId: string) => api<{ threads: ThreadView[] }>(base(docId)).then((r) => r.threads)

/** A write as the outbox keeps it: replayable as is (the ids are in the body). */
export interface CommentWrite {
  method: 'POST' | 'PATCH' | 'DELETE'
  path: string
  body?: unknown
}

export const createThreadWrite = (
  docId: string,
  body: { id: string; commentId: string; anchor: unknown; quote: string; blockId: string | null; body: string },
): CommentWrite => ({
  method: 'POST',
  path: base(docId),
  body,
})
export const replyWrite = (docId: string, threadId: string, id: string, body: string): CommentWrite => ({
  method: 'POST',
  path: `${base(docId)}/${encodeURIComponent(threadId)}/replies`,
  body: { id, body },
})
export const editWrite = (docId: string, threadId: string, commentId: string, body: string): CommentWrite => ({
  method: 'PATCH',
  path: `${base(docId)}/${encodeURIComponent(threadId)}/comments/${encodeURIComponent(commentId)}`,
  body: { body },
})
export const deleteWrite = (docId: string, threadId: string, commentId: string): CommentWrite => ({
  method: 'DELETE',
  path: `${base(docId)}/${encodeURIComponent(threadId)}/comments/${encodeURIComponent(commentId)}`,
})
export const resolveWrite = (docId: string, threadId: string, resolved: boolean): CommentWrite => ({
  method: 'POST',
  path: `${base(docId)}/${encodeURIComponent(threadId)}/${resolved ? 'resolve' : 'reopen'}`,
  body: {},
})

export const send = (w: CommentWrite) => api<unknown>(w.path, { method: w.method, ...(w.body === undefined ? {} : { body: w.body }) })
