import { useEffect } from 'react'
import type { MemberView } from '../../lib/api-types.ts'
import { useApi } from '../../lib/use-api.ts'
import { membersPath } from '../../blocks/task/api.ts'
import { graphPath, type GraphView } from './api.ts'

const POLL_MS = 5_000

/**
 * A project's tasks and graph (one request: the graph answer carries every task with its
 * computed fields), kept fresh: every few seconds while the tab is visible, and on focus. Tasks
 * change inside documents, by anyone, so there is no event to wait for here.
 */
export function useProjectGraph(projectId: string) {
  const graph = useApi<GraphView>(graphPath(projectId))
  const { reload } = graph
  useEffect(() => {
    const tick = (): void => {
      if (document.visibilityState === 'visible') reload()
    }
    const timer = setInterval(tick, POLL_MS)
    window.addEventListener('focus', tick)
    return () => {
      clearInterval(timer)
      window.removeEventListener('focus', tick)
    }
  }, [reload])
  return graph
}

export function useMembers(workspaceId: string | null) {
  return useApi<MemberView[]>(workspaceId ? membersPath(workspaceId) : null)
}
