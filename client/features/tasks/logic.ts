import { isOpen, TASK_PRIORITIES, TASK_STAGES, TASK_STATUSES, type TaskStage, type TaskStatus } from '#shared/blocks/task'
import { isOverdue, type TaskView } from '../../blocks/task/api.ts'
import { addDays, type GraphView } from './api.ts'

/** Pure logic of the task views (board drops, list filters and sorting, the digest), unit-tested. */

/** Board columns, left to right. */
export const BOARD_COLUMNS: readonly TaskStatus[] = TASK_STATUSES

/**
 * What dropping a card on a column means: nothing (same column), or a PATCH of the status. A
 * move to done of a task with open dependencies is sent anyway: the server decides (409 with the
 * blockers), so a stale board cannot skip the gate; `mayBeBlocked` lets the UI say so upfront.
 */
export type DropAction = { kind: 'none' } | { kind: 'patch'; body: { status: TaskStatus }; mayBeBlocked: boolean }

export function dropAction(task: Pick<TaskView, 'status' | 'blockedBy'>, column: TaskStatus): DropAction {
  if (task.status === column) return { kind: 'none' }
  return { kind: 'patch', body: { status: column }, mayBeBlocked: column === 'done' && task.blockedBy.length > 0 }
}

/**
 * A card moved by keyboard: Alt (or Ctrl) with Left/Right moves it to the previous/next column.
 * Returns the direction, or null for any other key (Shift or Meta with it are other shortcuts).
 */
export function boardMoveKey(e: { key: string; altKey: boolean; ctrlKey: boolean; shiftKey: boolean; metaKey: boolean }): -1 | 1 | null {
  if (!(e.altKey || e.ctrlKey) || e.shiftKey || e.metaKey) return null
  return e.key === 'ArrowLeft' ? -1 : e.key === 'ArrowRight' ? 1 : null
}

/** The column next to a task's, in a direction; null at either end of the board. */
export function adjacentColumn(status: TaskStatus, direction: -1 | 1): TaskStatus | null {
  const i = BOARD_COLUMNS.indexOf(status)
  return i < 0 ? null : (BOARD_COLUMNS[i + direction] ?? null)
}

/** Reads the task id a drag carries (our own MIME type first, then plain text). */
export const TASK_DRAG_TYPE = 'application/x-keel-task'

export function groupByStatus(tasks: readonly TaskView[]): Map<TaskStatus, TaskView[]> {
  const out = new Map<TaskStatus, TaskView[]>(BOARD_COLUMNS.map((s) => [s, []]))
  for (const t of tasks) out.get(t.status)?.push(t)
  for (const list of out.values()) list.sort(byPriorityThenDue)
  return out
}

export interface TaskFilter {
  status: TaskStatus | ''
  assignee: string | ''
  stage: TaskStage | ''
  blocked: '' | 'yes' | 'no'
  text: string
}

export const NO_FILTER: TaskFilter = { status: '', assignee: '', stage: '', blocked: '', text: '' }

export function filterTasks(tasks: readonly TaskView[], f: TaskFilter): TaskView[] {
  const q = f.text.trim().toLowerCase()
  return tasks.filter(
    (t) =>
      (!f.status || t.status === f.status) &&
      (!f.assignee || (f.assignee === 'none' ? t.assignee === null : t.assignee === f.assignee)) &&
      (!f.stage || t.stage === f.stage) &&
      (!f.blocked || t.blockedBy.length > 0 === (f.blocked === 'yes')) &&
      (!q || t.title.toLowerCase().includes(q)),
  )
}

export type SortKey = 'due' | 'priority' | 'status'

const priorityRank = (p: TaskView['priority']): number => TASK_PRIORITIES.length - 1 - TASK_PRIORITIES.indexOf(p) // urgent first
const statusRank = (s: TaskStatus): number => TASK_STATUSES.indexOf(s)
/** No due date sorts last, whatever the direction. */
const dueCompare = (a: TaskView, b: TaskView): number => (a.due === b.due ? 0 : a.due === null ? 1 : b.due === null ? -1 : a.due < b.due ? -1 : 1)

function byPriorityThenDue(a: TaskView, b: TaskView): number {
  return priorityRank(a.priority) - priorityRank(b.priority) || dueCompare(a, b) || a.title.localeCompare(b.title)
}

export function sortTasks(tasks: readonly TaskView[], key: SortKey, descending = false): TaskView[] {
  const cmp: Record<SortKey, (a: TaskView, b: TaskView) => number> = {
    due: dueCompare,
    priority: (a, b) => priorityRank(a.priority) - priorityRank(b.priority),
    status: (a, b) => statusRank(a.status) - statusRank(b.status),
  }
  const sign = descending ? -1 : 1
  return [...tasks].sort((a, b) => {
    const primary = cmp[key](a, b)
    // Missing due dates stay last even when descending.
    if (key === 'due' && (a.due === null || b.due === null)) return primary
    return sign * primary || a.title.localeCompare(b.title)
  })
}

export interface Digest {
  stages: Array<{ stage: TaskStage; done: number; total: number; percent: number }>
  overall: { done: number; total: number; percent: number }
  blocked: Array<{ task: TaskView; blockers: TaskView[] }>
  overdue: TaskView[]
  /** today + projectFinishDays: when the critical path ends if estimates hold. */
  finish: string
  criticalPath: TaskView[]
  cycles: number
}

export function computeDigest(graph: GraphView, today: string): Digest {
  const byId = new Map(graph.nodes.map((t) => [t.id, t]))
  const stages = TASK_STAGES.flatMap((stage) => {
    const p = graph.progress[stage]
    if (!p || p.total === 0) return []
    return [{ stage, done: p.done, total: p.total, percent: Math.round((100 * p.done) / p.total) }]
  })
  const done = stages.reduce((n, s) => n + s.done, 0)
  const total = stages.reduce((n, s) => n + s.total, 0)
  const blocked = graph.nodes
    .filter((t) => isOpen(t.status) && t.blockedBy.length > 0)
    .map((task) => ({ task, blockers: task.blockedBy.flatMap((id) => byId.get(id) ?? []) }))
  const overdue = graph.nodes.filter((t) => isOverdue(t, today)).sort((a, b) => (a.due! < b.due! ? -1 : 1))
  return {
    stages,
    overall: { done, total, percent: total === 0 ? 0 : Math.round((100 * done) / total) },
    blocked,
    overdue,
    finish: addDays(today, graph.projectFinishDays),
    criticalPath: graph.criticalPath.flatMap((id) => byId.get(id) ?? []),
    cycles: graph.cycles.length,
  }
}

/**
 * What the critical-path card says under its date. Without estimates the path has no length, so
 * "0 days of work along 1 task" would be a wrong answer to "when are we done": say what is
 * missing instead, and say it too when only some open tasks on the path are estimated.
 */
export function criticalPathNote(graph: Pick<GraphView, 'nodes' | 'projectFinishDays'>, path: readonly TaskView[]): string {
  const open = graph.nodes.filter((t) => isOpen(t.status))
  const unestimated = open.filter((t) => t.estimate === null).length
  const tasks = (n: number) => `${n} ${n === 1 ? 'task' : 'tasks'}`
  if (path.length === 0 || graph.projectFinishDays === 0) {
    if (open.length === 0) return 'Nothing left to do.'
    if (unestimated > 0) return `No finish date yet: ${tasks(unestimated)} without an estimate. Add estimates (in days) to see one.`
    return 'Add estimates and dependencies to see a finish date.'
  }
  const days = `${graph.projectFinishDays} ${graph.projectFinishDays === 1 ? 'day' : 'days'}`
  const onPath = path.filter((t) => isOpen(t.status) && t.estimate === null).length
  const base = `${days} of work along ${tasks(path.length)}.`
  return onPath > 0 ? `${base} ${tasks(onPath)} on it ${onPath === 1 ? 'has' : 'have'} no estimate yet, so it may take longer.` : base
}
