import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react'
import type * as Y from 'yjs'
import { api } from '../../lib/http.ts'
import type { MemberView } from '../../lib/api-types.ts'
import { membersPath, tasksPath, type TaskView } from './api.ts'

/**
 * What a task block needs from outside the document: who is looking, the project's task index
 * (other tasks' titles and statuses, for "blocked by" and the dependency picker) and the
 * workspace's members (the assignee picker). The index is fetched again, debounced, whenever the
 * document changes: the server indexes the block a moment after the edit reaches it. It is also
 * fetched each time the document syncs with the server (a reconnect brings no document change
 * when nothing changed meanwhile, and a page loaded offline could not fetch it at all) and when
 * the browser comes back online; the last index is kept per project, so a reload while offline
 * still shows what blocks what.
 */
export interface TaskEnv {
  projectId: string | null
  me: { id: string; name: string }
  tasks: ReadonlyMap<string, TaskView>
  members: readonly MemberView[]
  /** Fetch the index now (after an edit that other tasks depend on). */
  refresh: () => void
}

const empty: TaskEnv = { projectId: null, me: { id: '', name: '' }, tasks: new Map(), members: [], refresh: () => {} }
const TaskEnvContext = createContext<TaskEnv>(empty)
export const useTaskEnv = (): TaskEnv => useContext(TaskEnvContext)

export const REFRESH_DEBOUNCE_MS = 700

const cacheKey = (projectId: string) => `keel.tasks.${projectId}`
/** Above this the index is not cached (localStorage is small and shared by the whole origin). */
const MAX_CACHE_CHARS = 512 * 1024

function cachedIndex(projectId: string | null): ReadonlyMap<string, TaskView> {
  if (!projectId) return new Map()
  try {
    const list = JSON.parse(localStorage.getItem(cacheKey(projectId)) ?? '[]') as TaskView[]
    return new Map(Array.isArray(list) ? list.filter((t) => typeof t?.id === 'string').map((t) => [t.id, t]) : [])
  } catch {
    return new Map()
  }
}

function cacheIndex(projectId: string, list: readonly TaskView[]): void {
  try {
    const json = JSON.stringify(list)
    if (json.length <= MAX_CACHE_CHARS) localStorage.setItem(cacheKey(projectId), json)
    else localStorage.removeItem(cacheKey(projectId))
  } catch {
    // Storage full or disabled: the index is fetched again on the next sync.
  }
}

export function TaskEnvProvider({
  doc,
  projectId,
  workspaceId,
  me,
  onSynced,
  children,
}: {
  doc: Y.Doc
  projectId: string | null
  workspaceId: string | null
  me: { id: string; name: string }
  /** Subscribes to "the document has synced with the server" (each connect); returns an unsubscribe. */
  onSynced?: (callback: () => void) => () => void
  children: ReactNode
}) {
  const [tasks, setTasks] = useState<ReadonlyMap<string, TaskView>>(() => cachedIndex(projectId))
  const [members, setMembers] = useState<readonly MemberView[]>([])
  const [generation, setGeneration] = useState(0)

  useEffect(() => {
    if (!projectId) return
    const abort = new AbortController()
    api<TaskView[]>(tasksPath(projectId), { signal: abort.signal }).then(
      (list) => {
        setTasks(new Map(list.map((t) => [t.id, t])))
        cacheIndex(projectId, list)
      },
      () => {}, // offline: keep what we had (the next sync or "online" fetches again)
    )
    return () => abort.abort()
  }, [projectId, generation])

  useEffect(() => {
    if (!projectId) return
    const again = (): void => setGeneration((g) => g + 1)
    const off = onSynced?.(again)
    window.addEventListener('online', again)
    return () => {
      off?.()
      window.removeEventListener('online', again)
    }
  }, [projectId, onSynced])

  useEffect(() => {
    if (!workspaceId) return
    const abort = new AbortController()
    api<MemberView[]>(membersPath(workspaceId), { signal: abort.signal }).then(setMembers, () => {})
    return () => abort.abort()
  }, [workspaceId])

  useEffect(() => {
    if (!projectId) return
    let timer: ReturnType<typeof setTimeout> | undefined
    const onUpdate = (): void => {
      clearTimeout(timer)
      timer = setTimeout(() => setGeneration((g) => g + 1), REFRESH_DEBOUNCE_MS)
    }
    doc.on('update', onUpdate)
    return () => {
      clearTimeout(timer)
      doc.off('update', onUpdate)
    }
  }, [doc, projectId])

  const value = useMemo<TaskEnv>(() => ({ projectId, me, tasks, members, refresh: () => setGeneration((g) => g + 1) }), [projectId, me, tasks, members])
  return <TaskEnvContext.Provider value={value}>{children}</TaskEnvContext.Provider>
}
