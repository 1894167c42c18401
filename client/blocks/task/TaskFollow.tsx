import { useEffect, useState } from 'react'
import { api } from '../../lib/http.ts'
import { taskPath } from './api.ts'

/**
 * Follow / Following for one task (`GET/PUT/DELETE /api/tasks/:taskId/follow`, server/inbox/):
 * a follower hears the task's changes in their inbox. Shown to anyone who can read the task, as
 * following changes nothing in the document; hidden until the server knows the task (a task
 * typed a moment ago is indexed on the next save) or when offline.
 */
export function TaskFollow({ taskId }: { taskId: string }) {
  const [following, setFollowing] = useState<boolean | null>(null)
  const [busy, setBusy] = useState(false)
  useEffect(() => {
    const abort = new AbortController()
    setFollowing(null)
    api<{ following: boolean }>(`${taskPath(taskId)}/follow`, { signal: abort.signal, quiet401: true }).then(
      (r) => setFollowing(r.following),
      () => {},
    )
    return () => abort.abort()
  }, [taskId])
  if (following === null) return null
  const toggle = () => {
    setBusy(true)
    api<{ following: boolean }>(`${taskPath(taskId)}/follow`, { method: following ? 'DELETE' : 'PUT' })
      .then((r) => setFollowing(r.following))
      .catch(() => {})
      .finally(() => setBusy(false))
  }
  return (
    <button
      type="button"
      className={`button button--small ${following ? 'button--ghost task-follow--on' : 'button--ghost'}`}
      aria-pressed={following}
      disabled={busy}
      onClick={toggle}
      title={following ? 'Stop hearing about this task in your inbox' : 'Hear about changes to this task in your inbox'}
      data-testid="task-follow"
    >
      {following ? '✓ Following' : 'Follow'}
    </button>
  )
}
