import { useCallback, useEffect, useMemo, useState } from 'react'
import type { CommentView, ThreadView } from '#shared/api/comments'
import { describeError } from '../../lib/http.ts'
import { type CommentWrite, listThreads } from './api.ts'
import { enqueue, flush, queued } from './outbox.ts'

export interface Me {
  id: string
  name: string
}

/** A thread as the panel shows it: the server's, with this device's unsent writes applied. */
export type ShownThread = ThreadView & { pending: boolean }

/**
 * The document's threads: fetched on open, again when the project's event stream says a thread of
 * this document changed (another editor), when the browser is back online, and after each write.
 * Writes go through the outbox (outbox.ts), so one made offline shows at once and is sent later.
 */
export function useComments(
  docId: string,
  projectId: string | null,
  me: Me,
): {
  threads: ShownThread[]
  error: string | null
  write: (w: CommentWrite) => void
} {
  const [server, setServer] = useState<ThreadView[]>([])
  const [queue, setQueue] = useState<CommentWrite[]>(() => queued(docId))
  const [error, setError] = useState<string | null>(null)

  const refresh = useCallback(async () => {
    await flush(docId, setError)
    setQueue(queued(docId))
    try {
      setServer(await listThreads(docId))
    } catch {
      // Offline: keep what was shown.
    }
  }, [docId])

  useEffect(() => {
    void refresh()
    const online = () => void refresh()
    window.addEventListener('online', online)
    return () => window.removeEventListener('online', online)
  }, [refresh])

  useEffect(() => {
    if (!projectId || typeof EventSource === 'undefined') return
    const source = new EventSource(`/api/projects/${encodeURIComponent(projectId)}/events`, { withCredentials: true })
    const onComments = (event: MessageEvent<string>) => {
      try {
        if ((JSON.parse(event.data) as { docId?: string }).docId === docId) void refresh()
      } catch {
        // Not ours to read.
      }
    }
    source.addEventListener('comments', onComments)
    return () => source.close()
  }, [projectId, docId, refresh])

  const write = useCallback(
    (w: CommentWrite) => {
      setError(null)
      enqueue(docId, w)
      setQueue(queued(docId))
      refresh().catch((err: unknown) => setError(describeError(err)))
    },
    [docId, refresh],
  )

  const threads = useMemo(() => withQueue(server, queue, docId, me), [server, queue, docId, me])
  return { threads, error, write }
}

/** The server's threads with unsent writes applied in order (creates, replies, edits, deletes, resolves). */
function withQueue(server: readonly ThreadView[], queue: readonly CommentWrite[], docId: string, me: Me): ShownThread[] {
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
