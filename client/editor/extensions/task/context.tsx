import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react'
import type * as Y from 'yjs'
import { api } from '../../../api/http.ts'
import type { MemberView } from '../../../api/types.ts'
import { membersPath, tasksPath, type TaskView } from '../../../features/tasks/api.ts'

/**
 * What a task block needs from outside the document: who is looking, the project's task index
 * (other tasks' titles and statuses, for "blocked by" and the dependency picker) and the
 * workspace's members (the assignee picker). The index is fetched again, debounced, whenever the
 * document changes: the server indexes the block a moment after the edit reaches it.
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

export function TaskEnvProvider({
  doc,
  projectId,
  workspaceId,
  me,
  children,
}: {
  doc: Y.Doc
  projectId: string | null
  workspaceId: string | null
  me: { id: string; name: string }
  children: ReactNode
}) {
  const [tasks, setTasks] = useState<ReadonlyMap<string, TaskView>>(new Map())
  const [members, setMembers] = useState<readonly MemberView[]>([])
  const [generation, setGeneration] = useState(0)

  useEffect(() => {
    if (!projectId) return
    const abort = new AbortController()
    api<TaskView[]>(tasksPath(projectId), { signal: abort.signal }).then(
      (list) => setTasks(new Map(list.map((t) => [t.id, t]))),
      () => {}, // offline: keep what we had
    )
    return () => abort.abort()
  }, [projectId, generation])

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

  const value = useMemo<TaskEnv>(
    () => ({ projectId, me, tasks, members, refresh: () => setGeneration((g) => g + 1) }),
    [projectId, me, tasks, members],
  )
  return <TaskEnvContext.Provider value={value}>{children}</TaskEnvContext.Provider>
}
