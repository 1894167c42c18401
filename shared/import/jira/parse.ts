import Papa from 'papaparse'
import { type JiraColumn, mapHeader, REQUIRED_COLUMNS, JIRA_COLUMNS } from './columns.ts'
import { estimateDays, jiraDay, parseJiraDate } from './values.ts'

/** One row of the export, as read (nothing mapped to Keel yet). */
export interface JiraIssue {
  /** 1-based line of the row in the file (the header is line 1), for the report. */
  row: number
  key: string
  id: string | null
  summary: string
  type: string
  status: string
  priority: string
  assignee: string
  reporter: string
  created: number | null
  updated: number | null
  due: string | null
  estimateDays: number | null
  description: string
  labels: string[]
  /** In export order; the last one is the sprint the issue is in now. */
  sprints: string[]
  /** The epic (or parent issue) by issue id or key, where the export says. */
  parent: string | null
  /** Keys this issue blocks, and keys that block it. */
  blocks: string[]
  blockedBy: string[]
}

/** Something the report lists: a row skipped, a column ignored, a value not understood. */
export interface JiraProblem {
  level: 'error' | 'warning'
  row?: number
  key?: string
  message: string
}

export interface JiraParse {
  issues: JiraIssue[]
  problems: JiraProblem[]
  /** Header cells Keel does not read (listed once in the report). */
  ignoredColumns: string[]
}

/** Rows read at most: a file past this is refused rather than half-imported. */
export const MAX_JIRA_ROWS = 50_000

/**
 * Reads a Jira CSV export (text already decoded: the importer strips BOMs and decodes UTF-16 or
 * Latin-1 before this). A file without the required columns is one error and no issues; a row
 * without a key or summary is skipped with its line; duplicate keys keep the first row.
 */
export function parseJiraCsv(text: string): JiraParse {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { header: false, skipEmptyLines: 'greedy' })
  const problems: JiraProblem[] = parsed.errors
    .filter((e) => e.code !== 'UndetectableDelimiter')
    .slice(0, 20)
    .map((e) => ({ level: 'warning' as const, ...(e.row !== undefined ? { row: e.row + 2 } : {}), message: `CSV: ${e.message}` }))
  const [header, ...rows] = parsed.data
  if (!header) return { issues: [], problems: [{ level: 'error', message: 'The file is empty.' }], ignoredColumns: [] }
  const { at, ignored } = mapHeader(header)
  const missing = REQUIRED_COLUMNS.filter((c) => !at.has(c))
  if (missing.length > 0) {
    const names = missing.map((c) => `"${JIRA_COLUMNS[c]}"`).join(' and ')
    return { issues: [], problems: [{ level: 'error', message: `Not a Jira CSV export: no ${names} column.` }, ...problems], ignoredColumns: ignored }
  }
  if (rows.length > MAX_JIRA_ROWS) {
    return {
      issues: [],
      problems: [{ level: 'error', message: `The file has ${rows.length} rows; at most ${MAX_JIRA_ROWS} are imported at once.` }],
      ignoredColumns: ignored,
    }
  }

  const one = (cells: string[], c: JiraColumn): string => (at.get(c) ?? []).map((i) => cells[i]?.trim() ?? '').find((v) => v !== '') ?? ''
  const all = (cells: string[], c: JiraColumn): string[] => (at.get(c) ?? []).flatMap((i) => splitList(cells[i] ?? ''))
  const issues: JiraIssue[] = []
  const seen = new Set<string>()
  rows.forEach((cells, i) => {
    const row = i + 2
    const key = one(cells, 'key')
    const summary = one(cells, 'summary')
    if (!key || !summary) {
      problems.push({ level: 'warning', row, ...(key ? { key } : {}), message: `Skipped: no ${key ? 'summary' : 'issue key'}.` })
      return
    }
    if (seen.has(key)) {
      problems.push({ level: 'warning', row, key, message: `Skipped: ${key} appears twice; the first row is kept.` })
      return
    }
    seen.add(key)
    const due = one(cells, 'due')
    const dueDay = jiraDay(due)
    if (due && !dueDay) problems.push({ level: 'warning', row, key, message: `Due date "${due}" is not a date Keel reads; left empty.` })
    const estimate = one(cells, 'estimate')
    const days = estimateDays(estimate)
    if (estimate && days === null)
      problems.push({ level: 'warning', row, key, message: `Original Estimate "${estimate}" is not a number of seconds; left empty.` })
    issues.push({
      row,
      key,
      id: one(cells, 'id') || null,
      summary,
      type: one(cells, 'type'),
      status: one(cells, 'status'),
      priority: one(cells, 'priority'),
      assignee: one(cells, 'assignee'),
      reporter: one(cells, 'reporter'),
      created: parseJiraDate(one(cells, 'created')),
      updated: parseJiraDate(one(cells, 'updated')),
      due: dueDay,
      estimateDays: days,
      description: one(cells, 'description'),
      labels: [...new Set(all(cells, 'labels'))],
      sprints: (at.get('sprint') ?? []).map((i) => cells[i]?.trim() ?? '').filter((s) => s !== ''),
      parent: one(cells, 'parentId') || one(cells, 'parent') || one(cells, 'epicLink') || null,
      blocks: [...new Set(all(cells, 'blocks'))],
      blockedBy: [...new Set(all(cells, 'blockedBy'))],
    })
  })
  return { issues, problems, ignoredColumns: ignored }
}

/** A repeated-column cell may itself hold several values ("DATA-1, DATA-2" or space separated labels). */
function splitList(cell: string): string[] {
  return cell
    .split(/[,\s]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '')
}
