import type { ImportSettings } from '../../api/imports.ts'
import { type AdapterContext, contentHash, type Enumerated, type ImportAdapter, type ImportSource, type RenderedPage, type SourceEntry } from '../adapter.ts'
import { decodeText } from '../text.ts'
import type { Refusal } from '../zip.ts'
import { scopedTaskId, taskIdFor } from './mapping.ts'
import { parseJiraCsv, type JiraProblem } from './parse.ts'
import { type JiraPlan, planJira } from './plan.ts'

const CSV = /\.csv$/i
const JUNK = (path: string) => path.startsWith('__MACOSX/') || path.split('/').some((p) => p.startsWith('.'))
/** Columns listed by name in the report before "and N more". */
const LISTED_COLUMNS = 12

interface Read {
  plan: JiraPlan | null
  path: string
  bytes: number
  skipped: Refusal[]
  /** Problems that belong to no page (the file, its columns), shown on the first page. */
  general: string[]
  /** Warnings per page source id. */
  byPage: Map<string, string[]>
}

const describe = (p: JiraProblem): string =>
  `${p.row ? `line ${p.row}` : ''}${p.row && p.key ? ', ' : ''}${p.key ?? ''}${p.row || p.key ? ': ' : ''}${p.message}`

/**
 * Jira's "Export Excel CSV (all fields)": the upload is the .csv (or a zip holding it). Issues
 * become task blocks on generated pages, one per epic or per sprint (the wizard's `groupBy`),
 * with the status table the person edited, assignees matched to the project's members, and
 * Blocks links as dependencies (shared/import/jira/plan.ts). Source ids are the page's group
 * (`jira:epic:<key>`, `jira:sprint:<name>`), task ids the issue keys scoped to the project, so a
 * re-import updates the same pages and tasks.
 */
export function createJiraAdapter(): ImportAdapter {
  // Enumerate and every render read the same plan: made once per source, project and settings.
  const cache = new WeakMap<ImportSource, Map<string, Read>>()
  const readOf = (source: ImportSource, context: Partial<AdapterContext> | undefined): Read => {
    const settings: ImportSettings = context?.settings ?? { groupBy: 'epic', statusMap: {} }
    const key = `${context?.scope ?? ''}\u0001${JSON.stringify(settings)}\u0001${(context?.members ?? []).map((m) => m.id).join(',')}`
    let bySettings = cache.get(source)
    if (!bySettings) cache.set(source, (bySettings = new Map()))
    let read = bySettings.get(key)
    if (!read) bySettings.set(key, (read = readSource(source, settings, context)))
    return read
  }

  return {
    kind: 'jira',

    enumerate(source: ImportSource, context?: AdapterContext): Enumerated {
      const read = readOf(source, context)
      if (!read.plan) return { entries: [], skipped: read.skipped }
      const pages = read.plan.pages
      const entries: SourceEntry[] = pages.map((page, i) => ({
        sourceId: page.sourceId,
        parentSourceId: null,
        path: read.path,
        title: page.title.slice(0, 200),
        kind: 'page',
        // Progress counts bytes: the file's, shared out by the pages' tasks.
        bytes: Math.round(
          (read.bytes * page.tasks.length) /
            Math.max(
              1,
              pages.reduce((n, p) => n + p.tasks.length, 0),
            ),
        ),
        hash: contentHash(new TextEncoder().encode(JSON.stringify(page.content))),
        tasks: page.tasks.length,
        // Dependencies are not links between pages; the report counts tasks.
        links: 0,
        warnings: [...(i === 0 ? read.general : []), ...(read.byPage.get(page.sourceId) ?? [])],
        dropped: [],
      }))
      return { entries, skipped: read.skipped, statuses: read.plan.statuses }
    },

    render(source: ImportSource, entry: SourceEntry, ctx): RenderedPage {
      const page = readOf(source, ctx).plan?.pages.find((p) => p.sourceId === entry.sourceId)
      return { title: entry.title, content: page?.content ?? [], properties: page ? { source: 'Jira', group: entry.sourceId.split(':')[1] ?? '' } : {} }
    },
  }
}

function readSource(source: ImportSource, settings: ImportSettings, context: Partial<AdapterContext> | undefined): Read {
  const skipped: Refusal[] = []
  const csvs = source.files.filter((f) => !JUNK(f.path) && CSV.test(f.path))
  for (const f of source.files) if (!csvs.includes(f)) skipped.push({ path: f.path, reason: 'not a CSV file (a Jira import reads the CSV export)' })
  const [file, ...others] = csvs
  for (const f of others) skipped.push({ path: f.path, reason: `a second CSV file: one Jira export is imported at a time (${file!.path} is)` })
  const empty = { path: file?.path ?? '', bytes: file?.bytes.length ?? 0, general: [], byPage: new Map<string, string[]>() }
  if (!file)
    return { ...empty, plan: null, skipped: [...skipped, { path: '(upload)', reason: 'no .csv file: export the Jira project as "Excel CSV (all fields)"' }] }

  const decoded = decodeText(file.bytes)
  const parsed = parseJiraCsv(decoded.text)
  const fatal = parsed.problems.find((p) => p.level === 'error')
  if (fatal) return { ...empty, plan: null, skipped: [...skipped, { path: file.path, reason: fatal.message }] }

  const idFor = context?.scope ? (key: string) => scopedTaskId(context.scope!, key) : taskIdFor
  const plan = planJira(parsed.issues, { groupBy: settings.groupBy, statusMap: lowerKeys(settings.statusMap), members: context?.members ?? [], idFor })
  const general = [
    ...(decoded.warning ? [decoded.warning] : []),
    ...(parsed.ignoredColumns.length > 0
      ? [
          `${parsed.ignoredColumns.length} columns are not read: ${parsed.ignoredColumns.slice(0, LISTED_COLUMNS).join(', ')}${parsed.ignoredColumns.length > LISTED_COLUMNS ? ` and ${parsed.ignoredColumns.length - LISTED_COLUMNS} more` : ''}`,
        ]
      : []),
  ]
  // A problem about an issue shows on the page its task is on; the rest (skipped rows) on the first page.
  const pageOfTask = new Map(plan.pages.flatMap((p) => p.tasks.map((t) => [t, p.sourceId] as const)))
  const byPage = new Map<string, string[]>()
  for (const p of [...parsed.problems, ...plan.problems]) {
    // A row that made no task is a skipped item of the report, with its line.
    if (p.message.startsWith('Skipped:')) {
      skipped.push({ path: `${file.path}, line ${p.row ?? '?'}`, reason: p.message.replace(/^Skipped:\s*/, '') })
      continue
    }
    const page = p.key ? pageOfTask.get(idFor(p.key)) : undefined
    if (page) byPage.set(page, [...(byPage.get(page) ?? []), describe(p)])
    else general.push(describe(p))
  }
  const unmapped = plan.statuses.filter((s) => s.mapsTo === null)
  if (unmapped.length > 0) general.push(`Statuses not in the table, imported as To do: ${unmapped.map((s) => `"${s.name}" (${s.count})`).join(', ')}`)
  return { plan, path: file.path, bytes: file.bytes.length, skipped, general, byPage }
}

const lowerKeys = (map: Readonly<Record<string, string>>) =>
  Object.fromEntries(Object.entries(map).map(([k, v]) => [k.trim().toLowerCase(), v])) as ImportSettings['statusMap']

export const jiraAdapter: ImportAdapter = createJiraAdapter()
