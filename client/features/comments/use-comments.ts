import { useCallback, useEffect, useMemo, useState } from 'react'
import type { ThreadView } from '#shared/api/comments'
import { describeError } from '../../lib/http.ts'
import { type CommentWrite, listThreads } from './api.ts'
import { enqueue, flush, queued } from './outbox.ts'
import { type ShownThread, withQueue } from './optimistic.ts'

export interface Me {
  id: string
  name: string
}

export type { ShownThread } from './optimistic.ts'

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
