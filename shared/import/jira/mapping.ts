import { TASK_STAGES, type TaskPriority, type TaskStage, type TaskStatus } from '../../blocks/task.ts'

/**
 * Jira status name → Keel status. The wizard shows this table with every status found in the
 * file and lets the user change any row; names are compared case-insensitively.
 */
export const DEFAULT_STATUS_MAP: Readonly<Record<string, TaskStatus>> = {
  'to do': 'todo',
  open: 'todo',
  backlog: 'todo',
  'selected for development': 'todo',
  reopened: 'todo',
  'in progress': 'in_progress',
  'in development': 'in_progress',
  blocked: 'in_progress',
  'in review': 'in_review',
  'code review': 'in_review',
  review: 'in_review',
  'in qa': 'in_review',
  testing: 'in_review',
  done: 'done',
  closed: 'done',
  resolved: 'done',
  released: 'done',
  "won't do": 'cancelled',
  'wont do': 'cancelled',
  cancelled: 'cancelled',
  canceled: 'cancelled',
  declined: 'cancelled',
}

const PRIORITIES: Readonly<Record<string, TaskPriority>> = {
  highest: 'urgent',
  blocker: 'urgent',
  critical: 'urgent',
  high: 'high',
  major: 'high',
  medium: 'medium',
  low: 'low',
  minor: 'low',
  lowest: 'low',
  trivial: 'low',
}

export const statusFor = (status: string, map: Readonly<Record<string, TaskStatus>>): TaskStatus | null => map[status.trim().toLowerCase()] ?? null

export const priorityFor = (priority: string): TaskPriority => PRIORITIES[priority.trim().toLowerCase()] ?? 'none'

/** A label naming an ML stage ("training", "data", …) sets the task's stage: the lifecycle view groups by it. */
export function stageFor(labels: readonly string[]): TaskStage {
  for (const label of labels) {
    const l = label.toLowerCase()
    const stage = TASK_STAGES.find((s) => s !== 'none' && (s === l || `${s}s` === l))
    if (stage) return stage
  }
  return 'none'
}

/** The task id a Jira key becomes: stable, so a re-import finds the same task. */
export const taskIdFor = (key: string): string => `jira-${key.replace(/[^A-Za-z0-9_-]/g, '_')}`.slice(0, 64)

/** The same within one project (`scope`): importing one export into two projects makes two sets of tasks. */
export function scopedTaskId(scope: string, key: string): string {
  let h = 0x811c9dc5
  for (let i = 0; i < scope.length; i++) h = Math.imul(h ^ scope.charCodeAt(i), 0x01000193) >>> 0
  return `jira-${h.toString(36)}-${key.replace(/[^A-Za-z0-9_-]/g, '_')}`.slice(0, 64)
}
