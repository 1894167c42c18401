import Papa from 'papaparse'
import type { JsonNode } from '../../api/docs.ts'
import { TASK_NODE } from '../../blocks/task.ts'
import { inlineCell, tableNode } from '../../doc/rich-nodes.ts'
import type { Dropped } from '../markdown/notes.ts'
import { looksLikeStatus, mapStatus, parseEstimate, parseNotionDate } from './values.ts'

/** A workspace member an assignee cell can name (by email or display name). */
export interface NotionMember {
  id: string
  email?: string | null
  name?: string | null
}

export interface DatabaseTable {
  header: string[]
  rows: string[][]
  warnings: string[]
}

/** The columns of a database Keel reads as task fields (indexes into the header), found by name or, for status, by values. */
export interface TaskColumns {
  title: number
  status: number
  assignee: number | null
  due: number | null
  estimate: number | null
}

export interface DatabaseRendering {
  content: JsonNode[]
  tasks: number
  links: number
  warnings: string[]
  dropped: Dropped[]
}

const STATUS_HEADER = /^(status|state|stage)$/i
const ASSIGNEE_HEADER = /^(assignee|assignees|assigned to|owner|person|people)$/i
const DUE_HEADER = /^(due|due date|date|deadline)$/i
const ESTIMATE_HEADER = /^(estimate|estimates|points|story points|estimate \(days\))$/i
const MAX_ROWS = 10_000

/** A database's CSV (text already decoded, BOM stripped): header and rows, ragged rows padded or cut to the header. */
export function readDatabase(text: string): DatabaseTable {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { header: false, skipEmptyLines: 'greedy' })
  const warnings = parsed.errors.slice(0, 5).map((e) => `CSV${e.row !== undefined ? ` row ${e.row + 2}` : ''}: ${e.message}`)
  const [header = [], ...body] = parsed.data
  const width = header.length
  let ragged = 0
  const rows = body.slice(0, MAX_ROWS).map((r) => {
    if (r.length !== width) ragged++
    return Array.from({ length: width }, (_, i) => (r[i] ?? '').trim())
  })
  if (ragged > 0) warnings.push(`${ragged} row(s) have missing or extra cells: read against the header (extra cells dropped)`)
  if (body.length > MAX_ROWS) warnings.push(`more than ${MAX_ROWS} rows: the rest were dropped`)
  return { header: header.map((h) => h.trim()), rows, warnings }
}

/** The task columns, or null when the database has no status-like column (then it is a table). */
export function taskColumns(table: DatabaseTable): TaskColumns | null {
  const { header, rows } = table
  const named = (re: RegExp) => {
    const i = header.findIndex((h) => re.test(h))
    return i > 0 ? i : null
  }
  const status = named(STATUS_HEADER) ?? header.findIndex((_, i) => i > 0 && looksLikeStatus(rows.map((r) => r[i]!)))
  if (status === null || status < 0) return null
  return { title: 0, status, assignee: named(ASSIGNEE_HEADER), due: named(DUE_HEADER), estimate: named(ESTIMATE_HEADER) }
}

export interface RenderDatabaseOptions {
  /** The Keel page link of the n-th row's own page (Notion's folder of row pages), or null. */
  rowLink: (row: number) => string | null
  taskId?: (n: number) => string
  members: readonly NotionMember[]
}

/**
 * A database as page content. With a status-like column every row is a task block: its title
 * from the first column (linked to the row's own page when it has one), status mapped, assignee
 * matched to a member, due date and estimate read; the other columns stay on the row pages.
 * Without one it is a table: the header row, then a row per row, its first cell linked to the
 * row's own page when it has one.
 */
export function renderDatabase(table: DatabaseTable, opts: RenderDatabaseOptions): DatabaseRendering {
  const cols = taskColumns(table)
  if (!cols) return renderTable(table, opts)
  const warnings = [...table.warnings]
  const warn = (m: string) => {
    if (!warnings.includes(m) && warnings.length < 50) warnings.push(m)
  }
  const used = new Set([cols.title, cols.status, cols.assignee, cols.due, cols.estimate])
  const dropped: Dropped[] = table.header
    .filter((_, i) => !used.has(i))
    .map((h) => ({ item: `column "${h}"`, reason: 'not a task field: kept in the properties of the row pages, dropped for rows without one' }))
  const content: JsonNode[] = []
  let links = 0
  table.rows.forEach((row, n) => {
    const title = row[cols.title] || 'Untitled'
    const status = mapStatus(row[cols.status]!)
    if (status === null && row[cols.status]) warn(`status "${row[cols.status]}" is not one Keel knows: those tasks are todo`)
    const attrs: Record<string, unknown> = { status: status ?? 'todo' }
    const id = opts.taskId?.(n)
    if (id) attrs.id = id
    if (cols.assignee !== null && row[cols.assignee]) {
      const member = matchMember(row[cols.assignee]!, opts.members)
      if (member) attrs.assignee = member
      if (member && row[cols.assignee]!.includes(',')) warn('several people in one cell: the first who is a member is the assignee (a task has one)')
      if (!member) warn(`assignee "${row[cols.assignee]}" matches no member by email or name: left unassigned`)
    }
    if (cols.due !== null && row[cols.due]) {
      const due = parseNotionDate(row[cols.due]!)
      if (due) attrs.due = due
      else warn(`date "${row[cols.due]}" is not a date Keel reads: no due date`)
    }
    if (cols.estimate !== null && row[cols.estimate]) {
      const estimate = parseEstimate(row[cols.estimate]!)
      if (estimate !== null) attrs.estimate = estimate
      else warn(`estimate "${row[cols.estimate]}" is not a number: no estimate`)
    }
    const href = opts.rowLink(n)
    if (href) links++
    content.push({
      type: TASK_NODE,
      attrs,
      content: [href ? { type: 'text', text: title, marks: [{ type: 'link', attrs: { href } }] } : { type: 'text', text: title }],
    })
  })
  return { content, tasks: table.rows.length, links, warnings, dropped }
}

/** A person cell (one name or email, or several comma-separated: the first that is a member wins) as a member's id. */
export function matchMember(cell: string, members: readonly NotionMember[]): string | null {
  for (const person of cell.split(',').map((p) => p.trim().toLowerCase())) {
    const hit = members.find((m) => m.email?.toLowerCase() === person || m.name?.trim().toLowerCase() === person)
    if (hit) return hit.id
  }
  return null
}

function renderTable(table: DatabaseTable, opts: RenderDatabaseOptions): DatabaseRendering {
  const text = (s: string): JsonNode[] => (s ? [{ type: 'text', text: s.replace(/\r?\n/g, ' ') }] : [])
  let links = 0
  const rows = table.rows.map((row, n) => {
    const href = opts.rowLink(n)
    if (href) links++
    return row.map((value, i) =>
      inlineCell(i === 0 && href ? [{ type: 'text', text: value || 'Untitled', marks: [{ type: 'link', attrs: { href } }] }] : text(value)),
    )
  })
  const note = links > 0 ? [`${links} row(s) have their own page: imported as subpages of this one, linked from the first column`] : []
  return {
    content: [tableNode([table.header.map((h) => inlineCell(text(h))), ...rows], { header: true })],
    tasks: 0,
    links,
    warnings: [...table.warnings, ...note],
    dropped: [],
  }
}
