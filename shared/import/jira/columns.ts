/**
 * The columns of Jira's "Export Excel CSV (all fields)" that Keel reads. Jira repeats a column
 * once per value (Sprint, Labels, each link type), so a header maps to every index it occupies.
 */
export const JIRA_COLUMNS = {
  summary: 'Summary',
  key: 'Issue key',
  id: 'Issue id',
  type: 'Issue Type',
  status: 'Status',
  priority: 'Priority',
  assignee: 'Assignee',
  reporter: 'Reporter',
  created: 'Created',
  updated: 'Updated',
  due: 'Due date',
  estimate: 'Original Estimate',
  description: 'Description',
  labels: 'Labels',
  sprint: 'Sprint',
  parentId: 'Parent id',
  parent: 'Parent',
  epicLink: 'Custom field (Epic Link)',
  blocks: 'Outward issue link (Blocks)',
  blockedBy: 'Inward issue link (Blocks)',
} as const

export type JiraColumn = keyof typeof JIRA_COLUMNS

/** Without these a row is not an issue we can place. */
export const REQUIRED_COLUMNS: readonly JiraColumn[] = ['summary', 'key']

const norm = (s: string): string => s.trim().toLowerCase().replace(/\s+/g, ' ')

/** Header cells → the indices of each known column, plus the headers Keel does not read. */
export function mapHeader(header: readonly string[]): { at: Map<JiraColumn, number[]>; ignored: string[] } {
  const byName = new Map<string, JiraColumn>(Object.entries(JIRA_COLUMNS).map(([k, v]) => [norm(v), k as JiraColumn]))
  const at = new Map<JiraColumn, number[]>()
  const ignored = new Set<string>()
  header.forEach((cell, i) => {
    const column = byName.get(norm(cell))
    if (!column) {
      if (cell.trim()) ignored.add(cell.trim())
      return
    }
    at.set(column, [...(at.get(column) ?? []), i])
  })
  return { at, ignored: [...ignored] }
}
