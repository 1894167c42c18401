import type { JsonNode } from '../../api/docs.ts'
import type { TaskStatus } from '../../blocks/task.ts'
import { DEFAULT_STATUS_MAP, priorityFor, stageFor, statusFor, taskIdFor } from './mapping.ts'
import type { JiraIssue, JiraProblem } from './parse.ts'

export type JiraGrouping = 'epic' | 'sprint'

export interface JiraPlanOptions {
  groupBy: JiraGrouping
  /** The user's edits to DEFAULT_STATUS_MAP (lower-case Jira name → Keel status). */
  statusMap?: Readonly<Record<string, TaskStatus>>
  /** Members of the workspace: an assignee cell that is a member's email (or exact name) becomes them. */
  members: readonly { id: string; email: string; name: string }[]
  /** The task id an issue key becomes (default `taskIdFor`); the server scopes it to the project, since task ids are unique server-wide. */
  idFor?: (key: string) => string
}

/** One generated page: a heading, a line about where it came from, then the tasks. */
export interface JiraPage {
  /** Stable across re-imports of the same project: `jira:epic:<key>`, `jira:sprint:<name>`, `jira:backlog`. */
  sourceId: string
  title: string
  content: JsonNode[]
  /** Task ids on the page, in order. */
  tasks: string[]
}

export interface JiraPlan {
  pages: JiraPage[]
  problems: JiraProblem[]
  /** Every Jira status in the file and what it maps to (null: not in the table, imported as To do). */
  statuses: { name: string; count: number; mapsTo: TaskStatus | null }[]
  /** Dependencies made from Blocks links. */
  dependencies: number
}

/** Longest description kept under a task; the rest is cut, and the report says so. */
export const MAX_DESCRIPTION_CHARS = 4_000

const text = (t: string): JsonNode => ({ type: 'text', text: t })
const paragraph = (t: string): JsonNode => (t ? { type: 'paragraph', content: [text(t)] } : { type: 'paragraph' })

/**
 * Jira issues → pages of task blocks: one page per epic (issues find theirs through the parent
 * chain; the rest go to "No epic") or per sprint (the issue's current, last-listed sprint; the rest
 * to "Backlog"). Blocks links become dependencies (an issue blocked by another depends on it);
 * links to issues not in the file are dropped, and a cycle is broken at its last link, each
 * listed in the problems. Epics themselves are the pages, not tasks.
 */
export function planJira(issues: readonly JiraIssue[], options: JiraPlanOptions): JiraPlan {
  const problems: JiraProblem[] = []
  const statusMap = { ...DEFAULT_STATUS_MAP, ...options.statusMap }
  const byKey = new Map(issues.map((i) => [i.key, i]))
  const byId = new Map(issues.filter((i) => i.id).map((i) => [i.id!, i]))
  const isEpic = (i: JiraIssue): boolean => i.type.toLowerCase() === 'epic'
  const tasks = issues.filter((i) => !(options.groupBy === 'epic' && isEpic(i)))

  const idFor = options.idFor ?? taskIdFor
  const deps = dependencies(tasks, byKey, problems, idFor)
  const members = memberLookup(options.members)

  const groups = new Map<string, { title: string; intro: string; issues: JiraIssue[] }>()
  const groupOf = (issue: JiraIssue): [string, string, string] => {
    if (options.groupBy === 'sprint') {
      const sprint = issue.sprints[issue.sprints.length - 1]
      return sprint
        ? [`jira:sprint:${sprint}`, sprint, `Sprint ${sprint}, imported from Jira.`]
        : ['jira:backlog', 'Backlog', 'Issues in no sprint, imported from Jira.']
    }
    const epic = epicOf(issue, byKey, byId)
    return epic
      ? [`jira:epic:${epic.key}`, epic.summary, `Epic ${epic.key}, imported from Jira.${epic.description ? ` ${firstLine(epic.description)}` : ''}`]
      : ['jira:no-epic', 'No epic', 'Issues in no epic, imported from Jira.']
  }
  for (const issue of tasks) {
    const [id, title, intro] = groupOf(issue)
    const group = groups.get(id) ?? { title, intro, issues: [] }
    group.issues.push(issue)
    groups.set(id, group)
  }

  const statuses = new Map<string, number>()
  // An assignee who is not a member is one line in the report, however many issues are theirs.
  const strangers = new Map<string, number>()
  const pages: JiraPage[] = []
  for (const [sourceId, group] of groups) {
    const content: JsonNode[] = [{ type: 'heading', attrs: { level: 1 }, content: [text(group.title)] }, paragraph(group.intro)]
    const ids: string[] = []
    for (const issue of group.issues) {
      statuses.set(issue.status, (statuses.get(issue.status) ?? 0) + 1)
      const status = statusFor(issue.status, statusMap)
      const assignee = issue.assignee ? (members(issue.assignee) ?? null) : null
      if (issue.assignee && !assignee) strangers.set(issue.assignee, (strangers.get(issue.assignee) ?? 0) + 1)
      const id = idFor(issue.key)
      ids.push(id)
      content.push({
        type: 'task',
        attrs: {
          id,
          status: status ?? 'todo',
          assignee,
          due: issue.due,
          estimate: issue.estimateDays,
          priority: priorityFor(issue.priority),
          stage: stageFor(issue.labels),
          deps: deps.get(issue.key) ?? [],
        },
        content: [text(`${issue.key} ${issue.summary}`)],
      })
      if (issue.description) {
        const cut = issue.description.length > MAX_DESCRIPTION_CHARS
        if (cut) problems.push({ level: 'warning', row: issue.row, key: issue.key, message: `Description cut to ${MAX_DESCRIPTION_CHARS} characters.` })
        content.push({ type: 'blockquote', content: [paragraph(issue.description.slice(0, MAX_DESCRIPTION_CHARS))] })
      }
    }
    pages.push({ sourceId, title: group.title, content, tasks: ids })
  }
  for (const [name, count] of strangers)
    problems.push({
      level: 'warning',
      message: `Assignee "${name}" is not a member of the project; ${count === 1 ? 'their issue is' : `their ${count} issues are`} left unassigned.`,
    })
  return {
    pages,
    problems,
    statuses: [...statuses].map(([name, count]) => ({ name, count, mapsTo: statusFor(name, statusMap) })),
    dependencies: [...deps.values()].reduce((n, d) => n + d.length, 0),
  }
}

const firstLine = (s: string): string => s.split('\n')[0]!.slice(0, 300)

/** The issue's epic: itself if an epic, else up its parent chain (a sub-task's story's epic). */
function epicOf(issue: JiraIssue, byKey: Map<string, JiraIssue>, byId: Map<string, JiraIssue>): JiraIssue | null {
  const seen = new Set<string>()
  for (let at: JiraIssue | undefined = issue; at && !seen.has(at.key);) {
    seen.add(at.key)
    if (at !== issue && at.type.toLowerCase() === 'epic') return at
    at = at.parent ? (byId.get(at.parent) ?? byKey.get(at.parent)) : undefined
  }
  return null
}

function memberLookup(members: JiraPlanOptions['members']): (cell: string) => string | undefined {
  const byEmail = new Map(members.map((m) => [m.email.toLowerCase(), m.id]))
  const byName = new Map(members.map((m) => [m.name.toLowerCase(), m.id]))
  return (cell) => byEmail.get(cell.toLowerCase()) ?? byName.get(cell.toLowerCase())
}

/**
 * Blocks links as dependencies (task key → keys it depends on). Both directions of a link may be
 * listed (on each issue); they are one dependency. A cycle would block every task in it forever,
 * so the link that closes one is dropped.
 */
function dependencies(
  tasks: readonly JiraIssue[],
  byKey: Map<string, JiraIssue>,
  problems: JiraProblem[],
  idFor: (key: string) => string,
): Map<string, string[]> {
  const inFile = new Set(tasks.map((t) => t.key))
  const edges = new Map<string, Set<string>>(tasks.map((t) => [t.key, new Set<string>()]))
  const add = (from: string, on: string, issue: JiraIssue): void => {
    if (from === on) return
    if (!inFile.has(on) || !inFile.has(from)) {
      const other = from === issue.key ? on : from
      problems.push({
        level: 'warning',
        row: issue.row,
        key: issue.key,
        message: `Link to ${other} dropped: ${byKey.has(other) ? 'it is an epic' : 'it is not in this export'}.`,
      })
      return
    }
    edges.get(from)!.add(on)
  }
  for (const t of tasks) {
    for (const on of t.blockedBy) add(t.key, on, t)
    for (const other of t.blocks) add(other, t.key, t)
  }
  // Depth-first; an edge to a task on the current path closes a cycle.
  const state = new Map<string, 'open' | 'done'>()
  const visit = (key: string): void => {
    state.set(key, 'open')
    for (const on of [...edges.get(key)!]) {
      if (state.get(on) === 'open') {
        edges.get(key)!.delete(on)
        problems.push({ level: 'warning', row: byKey.get(key)!.row, key, message: `Dependency on ${on} dropped: it would close a cycle.` })
      } else if (!state.has(on)) visit(on)
    }
    state.set(key, 'done')
  }
  for (const t of tasks) if (!state.has(t.key)) visit(t.key)
  return new Map([...edges].map(([key, on]) => [key, [...on].map(idFor)]))
}
