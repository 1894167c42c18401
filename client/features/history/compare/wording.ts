import type { VersionMeta } from '#shared/api/history'
import type { DiffCounts, FieldChange, RunChange } from '#shared/history/types'
import { TASK_PRIORITIES, TASK_STAGES, TASK_STATUSES, type TaskPriority, type TaskStage, type TaskStatus } from '#shared/blocks/task'
import { PRIORITY_LABEL, shortDate, STAGE_LABEL, STATUS_LABEL } from '../../../blocks/task/api.ts'
import { blockNoun } from './block-names.ts'
import { describeMlField } from './ml-fields.ts'

/**
 * The words of the compare view, pure so they are tested without a DOM: version labels, the
 * counts line, and field and run changes spelled out ("Status: In progress → Done").
 */

/** Names for ids the diff carries: people (assignees) and tasks (dependencies). */
export interface Names {
  user(id: string): string | undefined
  task(id: string): string | undefined
}

export const noNames: Names = { user: () => undefined, task: () => undefined }

const when = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' })

/** A version as the header names it: its name if it has one, else when it was saved. */
export function versionLabel(version: VersionMeta | null): string {
  if (version === null) return 'Current'
  if (version.name) return version.name
  if (version.open) return 'Now (being edited)'
  const at = Date.parse(version.endedAt)
  const date = Number.isFinite(at) ? when.format(at) : `#${version.id}`
  if (version.kind === 'baseline') return `Earliest saved version (${date})`
  if (version.kind === 'restore') return `Restore, ${date}`
  return date
}

/** "3 added · 1 removed · 2 changed · 1 moved", zeros left out. */
export function countsLine(counts: DiffCounts): string {
  const parts = (['added', 'removed', 'changed', 'moved'] as const).filter((k) => counts[k] > 0).map((k) => `${counts[k]} ${k}`)
  return parts.length > 0 ? parts.join(' · ') : 'No changes'
}

const FIELD_LABEL: Record<string, string> = {
  title: 'Title',
  type: 'Block',
  status: 'Status',
  assignee: 'Assignee',
  due: 'Due',
  deps: 'Depends on',
  estimate: 'Estimate',
  priority: 'Priority',
  stage: 'Stage',
  override: 'Done override',
  gate: 'Reopened by the server',
  level: 'Heading level',
  metric: 'Metric',
  lowerIsBetter: 'Lower is better',
  runsBlock: 'Runs from',
  language: 'Language',
}

/** "lowerIsBetter" → "Lower is better", "section:intended_use" → "Section: intended use". */
export function fieldLabel(field: string): string {
  const known = FIELD_LABEL[field]
  if (known) return known
  const words = field
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[_:.-]+/g, ' ')
    .trim()
    .toLowerCase()
  return words ? words[0]!.toUpperCase() + words.slice(1) : field
}

const EMPTY = '—'
const isEmpty = (v: unknown): boolean => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0)

/** One value as a person reads it: labels for enums, names for ids, short dates. */
export function formatValue(field: string, value: unknown, names: Names = noNames): string {
  if (isEmpty(value)) return EMPTY
  if (field === 'status' && TASK_STATUSES.includes(value as TaskStatus)) return STATUS_LABEL[value as TaskStatus]
  if (field === 'priority' && TASK_PRIORITIES.includes(value as TaskPriority)) return PRIORITY_LABEL[value as TaskPriority]
  if (field === 'stage' && TASK_STAGES.includes(value as TaskStage)) return STAGE_LABEL[value as TaskStage]
  if (field === 'assignee' && typeof value === 'string') return names.user(value) ?? 'someone'
  if (field === 'due' && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return shortDate(value)
  if (field === 'estimate' && typeof value === 'number') return `${value} d`
  if (field === 'type' && typeof value === 'string') return blockNoun(value)
  if (field === 'title' && typeof value === 'string') return `“${value.length > 80 ? `${value.slice(0, 79)}…` : value}”`
  if (field === 'deps' && Array.isArray(value)) return value.map((id) => taskName(String(id), names)).join(', ')
  if (typeof value === 'boolean') return value ? 'Yes' : 'No'
  if (typeof value === 'string') return value.length > 120 ? `${value.slice(0, 119)}…` : value
  if (typeof value === 'number') return String(value)
  if (field === 'override' && typeof value === 'object') return `by ${names.user(String((value as { by?: unknown }).by)) ?? 'someone'}`
  const json = JSON.stringify(value)
  return json.length > 120 ? `${json.slice(0, 119)}…` : json
}

const taskName = (id: string, names: Names): string => {
  const title = names.task(id)
  return title ? `“${title}”` : id
}

const asList = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : [])

/** A field change as one line's parts: "Status" and "In progress → Done" (deps: "+A, −B"). */
export function describeField(change: FieldChange, names: Names = noNames): { label: string; text: string } {
  const ml = describeMlField(change, names)
  if (ml) return ml
  const label = fieldLabel(change.field)
  if (change.field === 'deps' && (Array.isArray(change.from) || Array.isArray(change.to))) {
    const before = asList(change.from)
    const after = asList(change.to)
    const added = after.filter((d) => !before.includes(d)).map((d) => `+${taskName(d, names)}`)
    const removed = before.filter((d) => !after.includes(d)).map((d) => `−${taskName(d, names)}`)
    const parts = [...added, ...removed]
    return { label, text: parts.length > 0 ? parts.join(', ') : 'reordered' }
  }
  return { label, text: `${formatValue(change.field, change.from, names)} → ${formatValue(change.field, change.to, names)}` }
}

/** "Run r3 added", "Run r1: val_f1, loss changed". */
export function describeRun(run: RunChange): string {
  const name = run.name || run.runId
  if (run.change !== 'changed') return `Run ${name} ${run.change}`
  return run.keys.length > 0 ? `Run ${name}: ${run.keys.join(', ')} changed` : `Run ${name} changed`
}

/** "2 of 7" for the position in the change list (nothing selected yet: "7 changes"). */
export function positionLabel(current: number | null, total: number): string {
  if (total === 0) return 'No changes'
  if (current === null) return total === 1 ? '1 change' : `${total} changes`
  return `${current + 1} of ${total}`
}
