import { isCalendarDate, type TaskStatus } from '../../blocks/task.ts'

/** Notion's default status options and the usual names teams give their own, by what they mean in Keel. */
const STATUS_WORDS: Record<string, TaskStatus> = {
  'not started': 'todo',
  'to do': 'todo',
  todo: 'todo',
  backlog: 'todo',
  planned: 'todo',
  'in progress': 'in_progress',
  doing: 'in_progress',
  started: 'in_progress',
  running: 'in_progress',
  'in review': 'in_review',
  review: 'in_review',
  done: 'done',
  complete: 'done',
  completed: 'done',
  finished: 'done',
  archived: 'cancelled',
  cancelled: 'cancelled',
  canceled: 'cancelled',
  "won't do": 'cancelled',
}

const norm = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ')

/** A Notion status value as a Keel status, or null when it is not one Keel knows (the caller warns and uses todo). */
export function mapStatus(value: string): TaskStatus | null {
  return STATUS_WORDS[norm(value)] ?? null
}

/** Whether a column's values look like statuses: most (60 %) of its non-empty cells are status words. */
export function looksLikeStatus(values: readonly string[]): boolean {
  const filled = values.map(norm).filter((v) => v !== '')
  if (filled.length === 0) return false
  return filled.filter((v) => v in STATUS_WORDS).length / filled.length >= 0.6
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']
const pad = (n: number) => String(n).padStart(2, '0')
const day = (y: number, m: number, d: number): string | null => {
  const iso = `${y}-${pad(m)}-${pad(d)}`
  return isCalendarDate(iso) ? iso : null
}

/**
 * A date as Notion writes it in a CSV, as YYYY-MM-DD: "March 12, 2024" (its default), "Mar 12,
 * 2024", "2024-03-12" or "2024/03/12", each possibly with a time ("March 12, 2024 3:00 PM"). A range
 * ("March 12, 2024 → March 15, 2024") is a plan that ends on its second date: that is the due date.
 * Anything else is null (the caller warns).
 */
export function parseNotionDate(value: string): string | null {
  const parts = value.split('→')
  const text = parts[parts.length - 1]!.trim()
  const iso = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})\b/.exec(text)
  if (iso) return day(Number(iso[1]), Number(iso[2]), Number(iso[3]))
  const long = /^([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})\b/.exec(text)
  if (long) {
    const month = MONTHS.indexOf(long[1]!.slice(0, 3).toLowerCase())
    if (month < 0) return null
    return day(Number(long[3]), month + 1, Number(long[2]))
  }
  return null
}

/** An estimate or points cell as a number of days ("3", "2.5", "3 days"), or null. */
export function parseEstimate(value: string): number | null {
  const m = /^\s*(\d+(?:[.,]\d+)?)\s*(d|days?|pts?|points?)?\s*$/i.exec(value)
  if (!m) return null
  const n = Number(m[1]!.replace(',', '.'))
  return Number.isFinite(n) && n <= 10_000 ? n : null
}
