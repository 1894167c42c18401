import { NodeViewWrapper, type ReactNodeViewProps } from '@tiptap/react'
import { useEffect, useMemo, useState } from 'react'
import { bestRun, type Run, type RunPatch } from '#shared/ml/runs'
import { Link } from '../../../components/Link.tsx'
import { api, describeError } from '../../../lib/http.ts'
import { BlockIdHint } from '../BlockIdHint.tsx'
import { projectApi, runsPagePath, useMlEnv } from '../env.tsx'
import { useRuns } from '../hooks.ts'
import { datasetsOf, filterRuns, formatNumber, metricNames, paramNames, sortRuns, tagsOf, visibleRuns, type Sort } from '../logic.ts'
import '../ml.css'
import type { RunActionHandlers } from './RunActions.tsx'
import { RunChart } from './RunChart.tsx'
import { RunTable } from './RunTable.tsx'

/**
 * The experiment log block: the runs training scripts push into this document (live: the view
 * observes the document's `experiments` map), a table with the best run highlighted, a chart of
 * one metric across runs or by step, filters, and how to push runs here.
 */
export function ExperimentLogView({ node, updateAttributes, selected }: ReactNodeViewProps) {
  const env = useMlEnv()
  const id = typeof node.attrs.id === 'string' ? node.attrs.id : null
  const metric = typeof node.attrs.metric === 'string' && node.attrs.metric ? node.attrs.metric : 'val_loss'
  const lowerIsBetter = node.attrs.lowerIsBetter === true || node.attrs.lowerIsBetter === 'true'
  const sweep = node.attrs.sweep === true || node.attrs.sweep === 'true'
  const allRuns = useRuns(env.doc, id)

  const [dataset, setDataset] = useState<string>('')
  const [tag, setTag] = useState<string>('')
  const [sort, setSort] = useState<Sort>({ key: { kind: 'metric', metric }, dir: lowerIsBetter ? 'asc' : 'desc' })
  const [chartMode, setChartMode] = useState<'bar' | 'step'>('bar')
  const [chartMetric, setChartMetric] = useState<string | null>(null)
  const [showArchived, setShowArchived] = useState(false)
  const [actionError, setActionError] = useState<string | null>(null)
  // The block's metric or direction changed (here or by someone else): sort best first again.
  useEffect(() => setSort({ key: { kind: 'metric', metric }, dir: lowerIsBetter ? 'asc' : 'desc' }), [metric, lowerIsBetter])

  const archivedCount = useMemo(() => allRuns.filter((r) => r.archivedAt).length, [allRuns])
  const shown = useMemo(() => visibleRuns(allRuns, showArchived), [allRuns, showArchived])
  const runs = useMemo(() => filterRuns(shown, { dataset, tag }), [shown, dataset, tag])
  const sorted = useMemo(() => sortRuns(runs, sort), [runs, sort])
  const metrics = useMemo(() => metricNames(allRuns, metric), [allRuns, metric])
  const params = useMemo(() => paramNames(runs), [runs])
  // An archived run is never the best, even while archived runs are shown.
  const best = useMemo(() => bestRun(visibleRuns(runs, false), metric, { lowerIsBetter }), [runs, metric, lowerIsBetter])
  const datasets = useMemo(() => datasetsOf(allRuns), [allRuns])
  const tags = useMemo(() => tagsOf(allRuns), [allRuns])
  const shownMetric = chartMetric && metrics.includes(chartMetric) ? chartMetric : metric
  const hasSteps = runs.some((r) => (r.series[shownMetric]?.length ?? 0) > 1)

  const command = id ? `keel log-run --block ${id} --metric ${metric}=0.0 --param lr=3e-4 --status finished` : null
  // Editors change runs through the API (one server-side change each): every open editor sees it.
  const actions = useMemo<RunActionHandlers | null>(() => {
    if (!env.editable || !env.projectId || !id) return null
    const runPath = (r: Run) => `${projectApi(env.projectId!)}/experiments/${encodeURIComponent(id)}/runs/${encodeURIComponent(r.runId)}`
    const attempt = async (what: string, fn: () => Promise<unknown>) => {
      setActionError(null)
      try {
        await fn()
      } catch (err) {
        setActionError(`Could not ${what}: ${describeError(err)}`)
      }
    }
    return {
      patch: (r: Run, patch: RunPatch) =>
        attempt(patch.archived === undefined ? `update ${r.name}` : `${patch.archived ? 'archive' : 'unarchive'} ${r.name}`, () =>
          api(runPath(r), { method: 'PATCH', body: patch }),
        ),
      remove: (r: Run) => attempt(`delete ${r.name}`, () => api(runPath(r), { method: 'DELETE' })),
    }
  }, [env.editable, env.projectId, id])
  const comparePath = env.workspaceId && env.projectId ? runsPagePath(env.workspaceId, env.projectId) : null

  return (
    <NodeViewWrapper
      className={`ml-block ml-runs${selected ? ' ml-block--selected' : ''}`}
      data-testid="experiment-log"
      data-block-id={id ?? ''}
      data-run-count={allRuns.length}
    >
      <header className="ml-block__head" contentEditable={false}>
        <div className="ml-block__title">
          <span className="ml-block__icon" aria-hidden="true">
            <svg viewBox="0 0 16 16" width="14" height="14">
              <path d="M2 13.5h12M4 11V8M7 11V4M10 11V6.5M13 11V2.5" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
            </svg>
          </span>
          <span>{sweep ? 'Hyperparameter sweep' : 'Experiment log'}</span>
          <span className="ml-block__count">
            {allRuns.length - archivedCount} run{allRuns.length - archivedCount === 1 ? '' : 's'}
            {archivedCount > 0 && ` · ${archivedCount} archived`}
          </span>
        </div>
        {best && (
          <div className="ml-block__summary" data-testid="best-run">
            Best by {metric}: <strong>{best.name}</strong> <span className="ml-best-value">{formatNumber(best.metrics[metric]!)}</span>
          </div>
        )}
        {comparePath && (
          <Link href={comparePath} className="ml-link" data-testid="compare-link">
            Compare across project →
          </Link>
        )}
      </header>

      <div className="ml-block__body" contentEditable={false}>
        <div className="ml-toolbar">
          <label className="ml-field">
            <span>Best by</span>
            {env.editable ? (
              <select value={metric} onChange={(e) => updateAttributes({ metric: e.target.value })} data-testid="block-metric">
                {metrics.map((m) => (
                  <option key={m} value={m}>
                    {m}
                  </option>
                ))}
              </select>
            ) : (
              <code>{metric}</code>
            )}
          </label>
          <label className="ml-field">
            <span>Better when</span>
            {env.editable ? (
              <select
                value={lowerIsBetter ? 'lower' : 'higher'}
                onChange={(e) => updateAttributes({ lowerIsBetter: e.target.value === 'lower' })}
                data-testid="block-direction"
              >
                <option value="higher">higher</option>
                <option value="lower">lower</option>
              </select>
            ) : (
              <span>{lowerIsBetter ? 'lower' : 'higher'}</span>
            )}
          </label>
          <span className="ml-toolbar__spacer" />
          {datasets.length > 0 && (
            <label className="ml-field">
              <span>Dataset</span>
              <select value={dataset} onChange={(e) => setDataset(e.target.value)} data-testid="filter-dataset">
                <option value="">All</option>
                {datasets.map((d) => (
                  <option key={d} value={d}>
                    {d}
                  </option>
                ))}
              </select>
            </label>
          )}
          {tags.length > 0 && (
            <label className="ml-field">
              <span>Tag</span>
              <select value={tag} onChange={(e) => setTag(e.target.value)} data-testid="filter-tag">
                <option value="">All</option>
                {tags.map((t) => (
                  <option key={t} value={t}>
                    {t}
                  </option>
                ))}
              </select>
            </label>
          )}
          {archivedCount > 0 && (
            <label className="ml-field ml-toggle" data-testid="show-archived">
              <input type="checkbox" checked={showArchived} onChange={(e) => setShowArchived(e.target.checked)} />
              <span>Show archived ({archivedCount})</span>
            </label>
          )}
        </div>
        {actionError && (
          <div className="ml-error" role="alert" data-testid="run-action-error">
            {actionError}
          </div>
        )}

        {allRuns.length === 0 ? (
          <div className="ml-empty" data-testid="runs-empty">
            <p className="ml-empty__title">No runs yet</p>
            <p>Training scripts push runs into this block; they appear here live. From a shell or a CI job:</p>
            {command && (
              <pre className="ml-code">{`export KEEL_URL=${location.origin} KEEL_TOKEN=<write token> KEEL_PROJECT=${env.projectId ?? '<project>'}\n${command}`}</pre>
            )}
          </div>
        ) : (
          <>
            {shown.length > 0 && (
              <div className="ml-chart-card">
                <div className="ml-chart-card__head">
                  <div className="ml-segmented" role="group" aria-label="Chart">
                    <button type="button" aria-pressed={chartMode === 'bar'} onClick={() => setChartMode('bar')} data-testid="chart-bar">
                      Final value
                    </button>
                    <button type="button" aria-pressed={chartMode === 'step'} onClick={() => setChartMode('step')} data-testid="chart-step">
                      By step
                    </button>
                  </div>
                  <select value={shownMetric} onChange={(e) => setChartMetric(e.target.value)} aria-label="Chart metric" data-testid="chart-metric">
                    {metrics.map((m) => (
                      <option key={m} value={m}>
                        {m}
                      </option>
                    ))}
                  </select>
                  {chartMode === 'step' && !hasSteps && (
                    <span className="ml-muted ml-small">Runs report {shownMetric} at one step only: push points with --step to see curves.</span>
                  )}
                </div>
                <RunChart runs={sorted} metric={shownMetric} mode={chartMode} bestRunId={shownMetric === metric ? (best?.runId ?? null) : null} />
              </div>
            )}
            {shown.length === 0 ? (
              <div className="ml-empty ml-empty--small" data-testid="runs-all-archived">
                All {archivedCount} run{archivedCount === 1 ? ' is' : 's are'} archived.{' '}
                <button type="button" className="ml-text-button" onClick={() => setShowArchived(true)}>
                  Show them
                </button>
              </div>
            ) : runs.length === 0 ? (
              <div className="ml-empty ml-empty--small">No run matches these filters.</div>
            ) : (
              <RunTable
                runs={sorted}
                metrics={metrics}
                params={params}
                paramColumns={sweep || params.length <= 4}
                primary={metric}
                bestRunId={best?.runId ?? null}
                sort={sort}
                onSort={setSort}
                actions={actions}
              />
            )}
          </>
        )}
        <BlockIdHint id={id} command={allRuns.length > 0 ? command : null} />
      </div>
    </NodeViewWrapper>
  )
}
