import type { ProjectRun } from '#shared/api/ml'
import type { Run } from '#shared/ml/runs'

/** Pure helpers for the experiment views: filtering, sorting, columns, chart data, comparison. */

export const datasetLabel = (d: Run['dataset']): string => (d ? `${d.name}${d.version ? `@${d.version}` : ''}` : '')

/** Metric names over all runs: the block's metric first, then alphabetical. */
export function metricNames(runs: readonly Run[], primary?: string | null): string[] {
  const names = new Set<string>()
  for (const r of runs) for (const k of Object.keys(r.metrics)) names.add(k)
  const sorted = [...names].sort((a, b) => a.localeCompare(b))
  if (primary) return [primary, ...sorted.filter((n) => n !== primary)]
  return sorted
}

export function paramNames(runs: readonly Run[]): string[] {
  const names = new Set<string>()
  for (const r of runs) for (const k of Object.keys(r.params)) names.add(k)
  return [...names].sort((a, b) => a.localeCompare(b))
}

export const datasetsOf = (runs: readonly Run[]): string[] => [...new Set(runs.map((r) => datasetLabel(r.dataset)).filter(Boolean))].sort()
export const tagsOf = (runs: readonly Run[]): string[] => [...new Set(runs.flatMap((r) => r.tags))].sort()

export interface RunFilter {
  /** `name` or `name@version`. */
  dataset?: string | null
  tag?: string | null
}

export function filterRuns<R extends Run>(runs: readonly R[], { dataset, tag }: RunFilter): R[] {
  return runs.filter((r) => (!dataset || datasetLabel(r.dataset) === dataset || r.dataset?.name === dataset) && (!tag || r.tags.includes(tag)))
}

/**
 * The status a run shows: a run still "running" that has not logged a single metric (a push with
 * no metric, a script that crashed before its first step) shows "no-metrics", not a pulsing
 * "Running" that never ends.
 */
export function shownStatus(run: Pick<Run, 'status' | 'metrics'>): Run['status'] | 'no-metrics' {
  return run.status === 'running' && Object.keys(run.metrics).length === 0 ? 'no-metrics' : run.status
}

/** Archived runs are hidden unless asked for. */
export const visibleRuns = <R extends Run>(runs: readonly R[], showArchived: boolean): R[] => (showArchived ? [...runs] : runs.filter((r) => !r.archivedAt))

export type SortKey = { kind: 'start' } | { kind: 'name' } | { kind: 'metric'; metric: string }
export interface Sort {
  key: SortKey
  dir: 'asc' | 'desc'
}

/** Sorted copy; runs without the sorted metric always go last, whatever the direction. */
export function sortRuns<R extends Run>(runs: readonly R[], { key, dir }: Sort): R[] {
  const sign = dir === 'asc' ? 1 : -1
  return [...runs].sort((a, b) => {
    if (key.kind === 'metric') {
      const va = a.metrics[key.metric]
      const vb = b.metrics[key.metric]
      if (va === undefined || vb === undefined) return va === vb ? 0 : va === undefined ? 1 : -1
      return (va - vb) * sign
    }
    if (key.kind === 'name') return a.name.localeCompare(b.name) * sign
    return (a.start ?? '').localeCompare(b.start ?? '') * sign
  })
}

/** Numbers as people read them in a results table: 4 significant digits, no float noise. */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v)
  if (Number.isInteger(v) && Math.abs(v) < 1e9) return v.toLocaleString('en-US')
  const abs = Math.abs(v)
  if (abs !== 0 && (abs < 1e-3 || abs >= 1e9)) return v.toExponential(2).replace(/\.?0+e/, 'e')
  return String(Number(v.toPrecision(4)))
}

export const formatParam = (v: string | number | boolean): string => (typeof v === 'number' ? formatNumber(v) : String(v))

/** Bar chart data: one bar per run that reports the metric, in the given order. */
export function barData(runs: readonly Run[], metric: string): { labels: string[]; values: number[]; runIds: string[] } {
  const shown = runs.filter((r) => r.metrics[metric] !== undefined)
  return { labels: shown.map((r) => r.name), values: shown.map((r) => r.metrics[metric]!), runIds: shown.map((r) => r.runId) }
}

/**
 * Line chart data in uPlot's aligned form: x = every step any run has for the metric, one series
 * per run with null where that run has no point at that step (drawn as a gap-free line).
 */
export function stepData(runs: readonly Run[], metric: string): { steps: number[]; series: { run: Run; values: (number | null)[] }[] } {
  const withSeries = runs.filter((r) => (r.series[metric]?.length ?? 0) > 0)
  const steps = [...new Set(withSeries.flatMap((r) => r.series[metric]!.map((p) => p.step)))].sort((a, b) => a - b)
  const index = new Map(steps.map((s, i) => [s, i]))
  const series = withSeries.map((run) => {
    const values: (number | null)[] = steps.map(() => null)
    for (const p of run.series[metric]!) values[index.get(p.step)!] = p.value
    return { run, values }
  })
  return { steps, series }
}

/** Params whose values differ between the runs (a param missing from some runs differs). */
export function differingParams(runs: readonly Run[]): Set<string> {
  const out = new Set<string>()
  for (const k of paramNames(runs)) {
    const values = new Set(runs.map((r) => (k in r.params ? JSON.stringify(r.params[k]) : '∅')))
    if (values.size > 1) out.add(k)
  }
  return out
}

/** Per metric, the run id with the best value among the runs (higher is better unless listed). */
export function bestPerMetric(runs: readonly Run[], metrics: readonly string[], lowerIsBetter: (metric: string) => boolean): Map<string, string> {
  const out = new Map<string, string>()
  for (const m of metrics) {
    let best: Run | null = null
    for (const r of runs) {
      const v = r.metrics[m]
      if (v === undefined) continue
      if (!best || (lowerIsBetter(m) ? v < best.metrics[m]! : v > best.metrics[m]!)) best = r
    }
    if (best) out.set(m, best.runId)
  }
  return out
}

/** A guess for metrics compared without a block's setting: losses, errors, latency and cost go down. */
export const lowerIsBetterByName = (metric: string): boolean => /loss|err|latency|_ms$|cost|perplexity|mae|mse|rmse|wer|cer/i.test(metric)

/** "3 min ago", "2 h ago", else a short date. */
export function relativeTime(iso: string | null, now = Date.now()): string {
  if (!iso) return ''
  const t = Date.parse(iso)
  if (!Number.isFinite(t)) return ''
  const s = Math.round((now - t) / 1000)
  if (s < 45) return 'just now'
  if (s < 3600) return `${Math.round(s / 60)} min ago`
  if (s < 86_400) return `${Math.round(s / 3600)} h ago`
  return new Date(t).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' })
}

export function duration(start: string | null, end: string | null): string {
  if (!start || !end) return ''
  const s = Math.round((Date.parse(end) - Date.parse(start)) / 1000)
  if (!Number.isFinite(s) || s < 0) return ''
  if (s < 60) return `${s}s`
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`
  return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`
}

/** A run of the project (`GET /api/projects/:id/runs`): which experiment log and page it is in. */
export type { ProjectRun } from '#shared/api/ml'

/** A run's key across the project: run ids are unique within one experiment log only. */
export const runKey = (r: { blockId: string; runId: string }): string => `${r.blockId}/${r.runId}`

/** The picked runs, in the order picked; a bare run id (no block) matches the first run with that id. */
export function pickedRuns<R extends ProjectRun>(runs: readonly R[], picked: readonly string[]): R[] {
  const out: R[] = []
  for (const k of picked) {
    const r = runs.find((x) => runKey(x) === k) ?? runs.find((x) => x.runId === k)
    if (r && !out.includes(r)) out.push(r)
  }
  return out
}

/** Adds or removes a run from the picked keys (a bare run id of the same run counts as it). */
export function togglePicked(picked: readonly string[], r: ProjectRun): string[] {
  const k = runKey(r)
  const has = picked.some((p) => p === k || p === r.runId)
  return has ? picked.filter((p) => p !== k && p !== r.runId) : [...picked, k]
}

/** The runs query string for a filter and sort (the server filters and sorts). */
export function runsQuery({ dataset, tag, metric, order }: { dataset?: string; tag?: string; metric?: string; order?: 'asc' | 'desc' }): string {
  const query = new URLSearchParams()
  if (dataset) query.set('dataset', dataset)
  if (tag) query.set('tag', tag)
  if (metric) {
    query.set('metric', metric)
    query.set('order', order ?? 'desc')
  }
  return query.size ? `?${query}` : ''
}

/** The metric to sort by: the chosen one, else the first the runs report; and its usual direction. */
export function effectiveSort(metrics: readonly string[], metric: string, order: 'asc' | 'desc' | ''): { metric: string; order: 'asc' | 'desc' } {
  const m = metric || metrics[0] || ''
  return { metric: m, order: order || (m && lowerIsBetterByName(m) ? 'asc' : 'desc') }
}
