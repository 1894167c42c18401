import { useMemo } from 'react'
import { Link } from '../../../components/Link.tsx'
import { docPath } from '../../../lib/router.ts'
import { useApi, type Loaded } from '../../../lib/use-api.ts'
import { projectApi } from '../env.tsx'
import { ParamList, StatusPill } from '../experiments/RunTable.tsx'
import {
  bestPerMetric,
  datasetLabel,
  datasetsOf,
  effectiveSort,
  differingParams,
  formatNumber,
  formatParam,
  lowerIsBetterByName,
  metricNames,
  paramNames,
  relativeTime,
  runKey,
  runsQuery,
  tagsOf,
  type ProjectRun,
} from '../logic.ts'

/**
 * The pieces of the project-wide run comparison, shared by the runs page
 * (`/w/:ws/p/:project/runs`) and the embeddable comparison block: the runs (filtered and sorted
 * by the server), the filter bar, the list to pick runs from, and the side-by-side comparison.
 */

export interface CompareFilter {
  dataset: string
  tag: string
  metric: string
  order: 'asc' | 'desc'
}

/** What a person chose: '' for the sort means "the first metric, in its usual direction". */
export interface CompareChoice {
  dataset: string
  tag: string
  metric: string
  order: 'asc' | 'desc' | ''
}

const NO_RUNS: ProjectRun[] = []

/**
 * Every run of the project (for the filter choices and the picked runs) and the filtered, sorted
 * list, which waits for the first so the default sort metric is known.
 */
export function useProjectRuns(
  projectId: string | null,
  choice: CompareChoice,
): { all: Loaded<ProjectRun[]>; allRuns: ProjectRun[]; listed: Loaded<ProjectRun[]>; metrics: string[]; filter: CompareFilter } {
  const base = projectId ? `${projectApi(projectId)}/runs` : null
  const all = useApi<ProjectRun[]>(base)
  const allRuns = all.data ?? NO_RUNS
  const metrics = useMemo(() => metricNames(allRuns), [allRuns])
  const filter: CompareFilter = { dataset: choice.dataset, tag: choice.tag, ...effectiveSort(metrics, choice.metric, choice.order) }
  const listed = useApi<ProjectRun[]>(base && all.data ? `${base}${runsQuery(filter)}` : null)
  return { all, allRuns, listed, metrics, filter }
}

/** Dataset, tag, sort metric and direction. Without `onChange` it only shows the choices. */
export function RunFilters({
  runs,
  metrics,
  filter,
  onChange,
}: {
  runs: readonly ProjectRun[]
  metrics: readonly string[]
  filter: CompareFilter
  onChange?: (patch: Partial<CompareFilter>) => void
}) {
  const disabled = !onChange
  const datasets = useMemo(() => datasetsOf(runs), [runs])
  const tags = useMemo(() => tagsOf(runs), [runs])
  return (
    <>
      <label className="ml-field">
        <span>Dataset</span>
        <select value={filter.dataset} disabled={disabled} onChange={(e) => onChange?.({ dataset: e.target.value })} data-testid="compare-dataset">
          <option value="">All</option>
          {filter.dataset && !datasets.includes(filter.dataset) && <option value={filter.dataset}>{filter.dataset}</option>}
          {datasets.map((d) => (
            <option key={d} value={d}>
              {d}
            </option>
          ))}
        </select>
      </label>
      <label className="ml-field">
        <span>Tag</span>
        <select value={filter.tag} disabled={disabled} onChange={(e) => onChange?.({ tag: e.target.value })} data-testid="compare-tag">
          <option value="">All</option>
          {filter.tag && !tags.includes(filter.tag) && <option value={filter.tag}>{filter.tag}</option>}
          {tags.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </label>
      <label className="ml-field">
        <span>Sort by</span>
        <select
          value={filter.metric}
          disabled={disabled}
          onChange={(e) => onChange?.({ metric: e.target.value, order: lowerIsBetterByName(e.target.value) ? 'asc' : 'desc' })}
          data-testid="compare-metric"
        >
          {filter.metric && !metrics.includes(filter.metric) && <option value={filter.metric}>{filter.metric}</option>}
          {metrics.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
        <select
          value={filter.order}
          disabled={disabled}
          onChange={(e) => onChange?.({ order: e.target.value as 'asc' | 'desc' })}
          aria-label="Order"
          data-testid="compare-order"
        >
          <option value="desc">highest first</option>
          <option value="asc">lowest first</option>
        </select>
      </label>
    </>
  )
}

/** The runs to pick from: one row per run, every metric a column, the sorted one marked. */
export function ProjectRunTable({
  runs,
  metrics,
  metric,
  picked,
  onToggle,
}: {
  runs: readonly ProjectRun[]
  metrics: readonly string[]
  metric: string
  picked: readonly string[]
  onToggle?: (r: ProjectRun) => void
}) {
  return (
    <div className="ml-table-wrap">
      <table className="ml-table" data-testid="compare-table">
        <thead>
          <tr>
            <th aria-label="Pick" />
            <th>Run</th>
            <th>Status</th>
            <th>Dataset</th>
            <th>Params</th>
            {metrics.map((m) => (
              <th key={m} className={`ml-num${m === metric ? ' ml-col--primary' : ''}`}>
                {m}
              </th>
            ))}
            <th>Page</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => {
            const on = picked.includes(runKey(r)) || picked.includes(r.runId)
            return (
              <tr key={runKey(r)} className={on ? 'ml-row--picked' : undefined} data-testid="compare-row" data-run-id={r.runId}>
                <td>
                  <input
                    type="checkbox"
                    checked={on}
                    disabled={!onToggle}
                    onChange={() => onToggle?.(r)}
                    aria-label={`Compare ${r.name}`}
                    data-testid="pick-run"
                  />
                </td>
                <td className="ml-run">
                  <div className="ml-run__name">
                    <span className="ml-run__title">{r.name}</span>
                  </div>
                  <div className="ml-run__meta">
                    {r.tags.map((t) => (
                      <span key={t} className="ml-tag">
                        {t}
                      </span>
                    ))}
                    <span>{relativeTime(r.start)}</span>
                  </div>
                </td>
                <td>
                  <StatusPill status={r.status} />
                </td>
                <td className="ml-nowrap">{datasetLabel(r.dataset) || <span className="ml-muted">–</span>}</td>
                <td>
                  <ParamList params={r.params} />
                </td>
                {metrics.map((m) => (
                  <td key={m} className={`ml-num${m === metric ? ' ml-col--primary' : ''}`}>
                    {r.metrics[m] === undefined ? <span className="ml-muted">–</span> : formatNumber(r.metrics[m]!)}
                  </td>
                ))}
                <td>
                  <Link href={docPath(r.docId)} className="ml-link ml-small">
                    Open ↗
                  </Link>
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}

/** Picked runs side by side: params (differing ones marked) and metrics (best of each in bold). Without `onRemove`, read-only. */
export function Comparison({ runs, onRemove }: { runs: ProjectRun[]; onRemove?: (r: ProjectRun) => void }) {
  const params = paramNames(runs)
  const differ = differingParams(runs)
  const metrics = metricNames(runs)
  const best = bestPerMetric(runs, metrics, lowerIsBetterByName)
  return (
    <section className="ml-comparison" data-testid="comparison" data-run-ids={runs.map((r) => r.runId).join(' ')}>
      <h2 className="ml-comparison__title">Comparing {runs.length} runs</h2>
      <div className="ml-table-wrap">
        <table className="ml-table ml-table--compare">
          <thead>
            <tr>
              <th />
              {runs.map((r) => (
                <th key={runKey(r)} data-testid="comparison-run">
                  <div className="ml-comparison__run">
                    <span>{r.name}</span>
                    {onRemove && (
                      <button type="button" className="ml-icon-button" onClick={() => onRemove(r)} aria-label={`Remove ${r.name} from the comparison`}>
                        ✕
                      </button>
                    )}
                  </div>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            <tr className="ml-comparison__group">
              <td colSpan={runs.length + 1}>Run</td>
            </tr>
            <tr>
              <th scope="row">Dataset</th>
              {runs.map((r) => (
                <td key={runKey(r)}>{datasetLabel(r.dataset) || '–'}</td>
              ))}
            </tr>
            <tr>
              <th scope="row">Status</th>
              {runs.map((r) => (
                <td key={runKey(r)}>
                  <StatusPill status={r.status} />
                </td>
              ))}
            </tr>
            {params.length > 0 && (
              <tr className="ml-comparison__group">
                <td colSpan={runs.length + 1}>Params {differ.size > 0 && <span className="ml-muted">· {differ.size} differ</span>}</td>
              </tr>
            )}
            {params.map((p) => (
              <tr
                key={`p-${p}`}
                className={differ.has(p) ? 'ml-row--differs' : undefined}
                data-testid="compare-param"
                data-differs={differ.has(p) || undefined}
              >
                <th scope="row">{p}</th>
                {runs.map((r) => (
                  <td key={runKey(r)} className="ml-num">
                    {p in r.params ? formatParam(r.params[p]!) : '–'}
                  </td>
                ))}
              </tr>
            ))}
            <tr className="ml-comparison__group">
              <td colSpan={runs.length + 1}>Metrics</td>
            </tr>
            {metrics.map((m) => (
              <tr key={`m-${m}`}>
                <th scope="row">
                  {m} <span className="ml-muted ml-small">{lowerIsBetterByName(m) ? '↓ better' : '↑ better'}</span>
                </th>
                {runs.map((r) => (
                  <td key={runKey(r)} className={`ml-num${best.get(m) === r.runId ? ' ml-cell--best' : ''}`}>
                    {r.metrics[m] === undefined ? '–' : formatNumber(r.metrics[m]!)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}
