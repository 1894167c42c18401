/**
 * The task block, defined once. The editor builds its Tiptap node from this (client/editor/
 * extensions/task), and the server's indexer reads task elements out of the Yjs XML with the same
 * attribute list and parsers, so both sides agree on what a task is.
 *
 * In the document a task is an element named `task` whose inline content is its title; its fields
 * are element attributes (y-prosemirror stores node attrs as XmlElement attributes).
 */
export const TASK_NODE = 'task'

export const TASK_STATUSES = ['todo', 'in_progress', 'in_review', 'done', 'cancelled'] as const
export type TaskStatus = (typeof TASK_STATUSES)[number]

export const TASK_PRIORITIES = ['none', 'low', 'medium', 'high', 'urgent'] as const
export type TaskPriority = (typeof TASK_PRIORITIES)[number]

/** The ML lifecycle stage a task belongs to; the digest reports progress per stage. */
export const TASK_STAGES = ['none', 'data', 'preprocessing', 'training', 'evaluation', 'deployment'] as const
export type TaskStage = (typeof TASK_STAGES)[number]

/**
 * A done-while-blocked override: who decided, when, and why. The server records it (the
 * approvals table) when PATCH /api/tasks/:id is given one; the copy on the block is a display
 * cache, so a copy with no matching server record is reported as unverified, never as valid.
 */
export interface DoneOverride {
  by: string
  at: string
  reason: string
}

/**
 * The server's note on a task it reopened: someone made it done over the socket while it was
 * blocked, with no override on record. Written only by the server; the task view shows it.
 */
export interface TaskGate {
  at: string
  blockedBy: { id: string; title: string }[]
}

export interface TaskAttrs {
  /** Stable id, assigned once by the client that created the block. Null until then. */
  id: string | null
  status: TaskStatus
  /** A workspace member's user id. */
  assignee: string | null
  /** ISO date (YYYY-MM-DD). */
  due: string | null
  /** Estimated effort in days. */
  estimate: number | null
  priority: TaskPriority
  stage: TaskStage
  /** Ids of tasks this one depends on, in any document of the project. */
  deps: string[]
  override: DoneOverride | null
  gate: TaskGate | null
}

export const TASK_DEFAULTS: TaskAttrs = {
  id: null,
  status: 'todo',
  assignee: null,
  due: null,
  estimate: null,
  priority: 'none',
  stage: 'none',
  deps: [],
  override: null,
  gate: null,
}

export const TASK_ID_PATTERN = /^[A-Za-z0-9_-]{4,64}$/
const ID = TASK_ID_PATTERN
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/
/** Due dates are plans: a year outside this range is a typo or an attack, not a plan. */
export const TASK_DUE_YEARS = { min: 1900, max: 2199 } as const

/**
 * A real calendar day as YYYY-MM-DD: the string must survive a round trip through Date (so
 * 2026-02-30 and 9999-99-99 are refused) and its year must be in TASK_DUE_YEARS.
 */
export function isCalendarDate(v: unknown): v is string {
  if (typeof v !== 'string') return false
  const m = DATE.exec(v)
  if (!m) return false
  const year = Number(m[1])
  if (year < TASK_DUE_YEARS.min || year > TASK_DUE_YEARS.max) return false
  const d = new Date(Date.UTC(year, Number(m[2]) - 1, Number(m[3])))
  return d.toISOString().slice(0, 10) === v
}

/** A task that names itself among its dependencies: refused by the API, a cycle in the graph. */
export const dependsOnItself = (id: string | null, deps: readonly string[]): boolean => id !== null && deps.includes(id)
const oneOf = <T extends string>(list: readonly T[], v: unknown, fallback: T): T => (list.includes(v as T) ? (v as T) : fallback)

/**
 * Reads task attributes from untrusted values (an XmlElement's attributes, an HTML data-
 * attribute, a REST body): anything malformed falls back to its default instead of throwing, so
 * a bad client can never break the index or another person's editor.
 */
export function parseTaskAttrs(raw: Record<string, unknown>): TaskAttrs {
  const deps = Array.isArray(raw.deps) ? raw.deps : typeof raw.deps === 'string' ? safeJson(raw.deps) : []
  const estimate = typeof raw.estimate === 'number' ? raw.estimate : typeof raw.estimate === 'string' ? Number(raw.estimate) : NaN
  const override = typeof raw.override === 'string' ? safeJson(raw.override) : raw.override
  const gate = typeof raw.gate === 'string' ? safeJson(raw.gate) : raw.gate
  return {
    id: typeof raw.id === 'string' && ID.test(raw.id) ? raw.id : null,
    status: oneOf(TASK_STATUSES, raw.status, 'todo'),
    assignee: typeof raw.assignee === 'string' && raw.assignee.length > 0 && raw.assignee.length <= 64 ? raw.assignee : null,
    // An impossible date written into the document is ignored, never stored as a date.
    due: isCalendarDate(raw.due) ? raw.due : null,
    estimate: Number.isFinite(estimate) && estimate >= 0 && estimate <= 10_000 ? estimate : null,
    priority: oneOf(TASK_PRIORITIES, raw.priority, 'none'),
    stage: oneOf(TASK_STAGES, raw.stage, 'none'),
    deps: Array.isArray(deps) ? [...new Set(deps.filter((d): d is string => typeof d === 'string' && ID.test(d)))].slice(0, 100) : [],
    override: isOverride(override) ? override : null,
    gate: isGate(gate) ? { at: gate.at, blockedBy: gate.blockedBy.slice(0, 20) } : null,
  }
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s)
  } catch {
    return null
  }
}

function isOverride(v: unknown): v is DoneOverride {
  const o = v as Partial<DoneOverride> | null
  return typeof o?.by === 'string' && typeof o.at === 'string' && typeof o.reason === 'string'
}

function isGate(v: unknown): v is TaskGate {
  const g = v as Partial<TaskGate> | null
  return (
    typeof g?.at === 'string' &&
    Array.isArray(g.blockedBy) &&
    g.blockedBy.every((b: unknown) => typeof (b as { id?: unknown })?.id === 'string' && typeof (b as { title?: unknown }).title === 'string')
  )
}

/** Whether an override found on a block is exactly the one the server recorded. */
export const sameOverride = (a: DoneOverride | null | undefined, b: DoneOverride | null | undefined): boolean =>
  !!a && !!b && a.by === b.by && a.at === b.at && a.reason === b.reason

/** Open = still to be done: not done, not cancelled. A dependency that is open blocks. */
export const isOpen = (status: TaskStatus): boolean => status !== 'done' && status !== 'cancelled'

/** HTML attribute names used when a task is copied as HTML (and parsed back on paste). */
export const TASK_HTML = {
  tag: 'li[data-type="task"]',
  attr: (name: keyof TaskAttrs) => `data-${name}`,
} as const
