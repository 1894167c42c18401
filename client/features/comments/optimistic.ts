import type { CommentView, ThreadView } from '#shared/api/comments'
import type { CommentWrite } from './api.ts'

/** A thread as the panel shows it: the server's, with this device's unsent writes applied. */
export type ShownThread = ThreadView & { pending: boolean }

/** The server's threads with unsent writes applied in order (creates, replies, edits, deletes, resolves). */
export function withQueue(server: readonly ThreadView[], queue: readonly CommentWrite[], docId: string, me: { id: string; name: string }): ShownThread[] {
  const threads: ShownThread[] = server.map((t) => ({ ...t, comments: [...t.comments], pending: false }))
  const now = new Date().toISOString()
  const comment = (id: string, body: string): CommentView => ({ id, authorId: me.id, authorName: me.name, body, createdAt: now, editedAt: null })
  for (const w of queue) {
    const parts = w.path.split('/').map(decodeURIComponent)
    // /api/docs/:docId/comments[/:threadId[/replies|resolve|reopen|comments/:commentId]]
    const threadId = parts[5]
    const body = w.body as { id?: string; commentId?: string; body?: string; anchor?: unknown; quote?: string; blockId?: string | null } | undefined
    if (!threadId && body?.id && !threads.some((t) => t.id === body.id)) {
      threads.push({
        id: body.id,
        docId,
        anchor: body.anchor as ThreadView['anchor'],
        quote: body.quote ?? '',
        blockId: body.blockId ?? null,
        createdBy: me.id,
        createdAt: now,
        resolvedAt: null,
        resolvedBy: null,
        comments: [comment(body.commentId ?? body.id, body.body ?? '')],
        pending: true,
      })
      continue
    }
    const t = threads.find((x) => x.id === threadId)
    if (!t) continue
    t.pending = true
    const verb = parts[6]
    if (verb === 'replies' && body?.id && !t.comments.some((c) => c.id === body.id)) t.comments.push(comment(body.id, body.body ?? ''))
    else if (verb === 'resolve') t.resolvedAt = now
    else if (verb === 'reopen') t.resolvedAt = null
    else if (verb === 'comments') {
      const i = t.comments.findIndex((c) => c.id === parts[7])
      if (i >= 0 && w.method === 'DELETE') t.comments.splice(i, 1)
      else if (i >= 0) t.comments[i] = { ...t.comments[i]!, body: body?.body ?? '', editedAt: now }
    }
  }
  return threads.filter((t) => t.comments.length > 0)
}
