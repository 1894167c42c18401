import type { TaskStage } from '#shared/blocks/task'
import type { TaskView } from '../../blocks/task/api.ts'

/** The project task views' REST helpers: the dependency graph (GET /api/projects/:id/graph). */
export interface GraphView {
  nodes: TaskView[]
  edges: Array<{ from: string; to: string }>
  cycles: string[][]
  criticalPath: string[]
  order: string[]
  projectFinishDays: number
  progress: Partial<Record<TaskStage, { done: number; total: number }>>
}

export const graphPath = (projectId: string): string => `/api/projects/${encodeURIComponent(projectId)}/graph`

export function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + Math.ceil(days))
  return d.toISOString().slice(0, 10)
}
