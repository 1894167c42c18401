import { useMemo } from 'react'
import { useApi, type Loaded } from '../../../lib/use-api.ts'
import { projectApi } from '../env.tsx'
import { datasetsOf, effectiveSort, lowerIsBetterByName, metricNames, runsQuery, tagsOf, type ProjectRun } from '../logic.ts'

/**
 * The pieces of the project-wide run comparison, shared by the runs page
 * (`/w/:ws/p/:project/runs`) and the embeddable comparison block: the runs (filtered and sorted
 * by the server) and the filter bar here, the list to pick runs from (ProjectRunTable.tsx), and the
 * side-by-side comparison (Comparison.tsx).
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
