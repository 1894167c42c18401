/** The project task views' REST helpers: the dependency graph (GET /api/projects/:id/graph). */
export type { GraphView } from '#shared/api/tasks'

export const graphPath = (projectId: string): string => `/api/projects/${encodeURIComponent(projectId)}/graph`

export function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + Math.ceil(days))
  return d.toISOString().slice(0, 10)
}
