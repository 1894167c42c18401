import type { TaskBlocker as Blocker, TaskPatch, TaskView } from '#shared/api/tasks'
import type { TaskPriority, TaskStage, TaskStatus } from '#shared/blocks/task'

/**
 * The task block's REST helpers: a task as the API answers it, the PATCH the node view and the
 * board send, labels and dates as the block shows them. The project views' graph is in
 * features/tasks/api.ts.
 */

// The REST shapes are defined once, in shared/api/tasks.ts (`Blocker`: an open dependency, as the
// 409 of a PATCH to done lists them).
export type { TaskBlocker as Blocker, TaskView } from '#shared/api/tasks'

export const tasksPath = (projectId: string): string => `/api/projects/${encodeURIComponent(projectId)}/tasks`
export const taskPath = (taskId: string): string => `/api/tasks/${encodeURIComponent(taskId)}`
export const membersPath = (workspaceId: string): string => `/api/workspaces/${encodeURIComponent(workspaceId)}/members`

export const STATUS_LABEL: Record<TaskStatus, string> = {
  todo: 'To do',
  in_progress: 'In progress',
  in_review: 'In review',
  done: 'Done',
  cancelled: 'Cancelled',
}

export const PRIORITY_LABEL: Record<TaskPriority, string> = { none: 'No priority', low: 'Low', medium: 'Medium', high: 'High', urgent: 'Urgent' }

export const STAGE_LABEL: Record<TaskStage, string> = {
  none: 'No stage',
  data: 'Data',
  preprocessing: 'Preprocessing',
  training: 'Training',
  evaluation: 'Evaluation',
  deployment: 'Deployment',
}

/** Local calendar date as YYYY-MM-DD (what a person means by "today"). */
export function todayIso(now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0')
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`
}

const dateFormat = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' })
const yearFormat = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' })
/** "Mar 4" for a date this year, "Mar 4, 2021" otherwise. */
export const shortDate = (iso: string): string =>
  (iso.slice(0, 4) === String(new Date().getFullYear()) ? dateFormat : yearFormat).format(new Date(`${iso}T00:00:00Z`))

/** A task whose due date has passed while it is still open. */
export const isOverdue = (t: { due: string | null; status: TaskStatus }, today: string): boolean =>
  t.due !== null && t.due < today && t.status !== 'done' && t.status !== 'cancelled'

export const taskHref = (t: { docId: string; id: string }): string => `/d/${encodeURIComponent(t.docId)}#task-${encodeURIComponent(t.id)}`

export type PatchBody = TaskPatch

export type PatchResult = { ok: true; task: TaskView } | { ok: false; code: string; message: string; blockers: Blocker[] }

/**
 * PATCH /api/tasks/:id. Not through `api()`: a 409 carries the blockers, which the board shows.
 */
export async function patchTask(taskId: string, body: PatchBody): Promise<PatchResult> {
  let res: Response
  try {
    res = await fetch(taskPath(taskId), {
      method: 'PATCH',
      credentials: 'same-origin',
      headers: { accept: 'application/json', 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    })
  } catch {
    return { ok: false, code: 'network', message: 'The server did not answer. Check your connection and try again.', blockers: [] }
  }
  const payload = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string; blockers?: Blocker[] } } | TaskView | null
  if (res.ok) return { ok: true, task: payload as TaskView }
  const error = (payload as { error?: { code?: string; message?: string; blockers?: Blocker[] } } | null)?.error
  return { ok: false, code: error?.code ?? 'unknown', message: error?.message ?? res.statusText, blockers: error?.blockers ?? [] }
}
