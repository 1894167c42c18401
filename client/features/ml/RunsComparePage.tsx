import { useEffect, useMemo, useState } from 'react'
import type { Run } from '#shared/ml/runs'
import { describeError } from '../../api/http.ts'
import type { ProjectView } from '../../api/types.ts'
import { Link } from '../../app/Link.tsx'
import { docPath, hubPath } from '../../app/router.ts'
import { useApi } from '../../app/use-api.ts'
import { EmptyState, PageShell } from '../../components/PageShell.tsx'
import { projectApi } from './env.tsx'
import { ParamList, StatusPill } from './experiments/RunTable.tsx'
import { bestPerMetric, datasetLabel, datasetsOf, differingParams, formatNumber, formatParam, lowerIsBetterByName, metricNames, paramNames, relativeTime, tagsOf } from './logic.ts'
import './ml.css'

type ProjectRun = Run & { blockId: string; docId: string }
const keyOf = (r: ProjectRun): string => `${r.blockId}/${r.runId}`

/**
 * `/w/:ws/p/:project/runs`: every run of the project's experiment logs. Filter by dataset and tag
 * and sort by a metric (the server does both), pick runs, and compare their params and metrics
 * side by side: differing params and the best value of each metric stand out.
 */
export function RunsComparePage({ workspaceId, projectId }: { workspaceId: string; projectId: string }) {
  const project = useApi<ProjectView>(projectApi(projectId))
  const all = useApi<ProjectRun[]>(`${projectApi(projectId)}/runs`)
  const [dataset, setDataset] = useState('')
  const [tag, setTag] = useState('')
  const [metric, setMetric] = useState('')
  const [order, setOrder] = useState<'desc' | 'asc'>('desc')
  const [picked, setPicked] = useState<string[]>([])

  const query = new URLSearchParams()
  if (dataset) query.set('dataset', dataset)
  if (tag) query.set('tag', tag)
  if (metric) {
    query.set('metric', metric)
    query.set('order', order)
  }
  const listed = useApi<ProjectRun[]>(`${projectApi(projectId)}/runs${query.size ? `?${query}` : ''}`)

  const allRuns = all.data ?? []
  const metrics = useMemo(() => metricNames(allRuns), [allRuns])
  useEffect(() => {
    if (!metric && metrics.length > 0) {
      setMetric(metrics[0]!)
      setOrder(lowerIsBetterByName(metrics[0]!) ? 'asc' : 'desc')
    }
  }, [metric, metrics])
  useEffect(() => {
    document.title = `Runs · ${project.data?.name ?? 'Project'} · Keel`
  }, [project.data?.name])

  const runs = listed.data ?? []
  const chosen = picked.map((k) => allRuns.find((r) => keyOf(r) === k)).filter((r): r is ProjectRun => r !== undefined)
  const toggle = (r: ProjectRun) => setPicked((p) => (p.includes(keyOf(r)) ? p.filter((k) => k !== keyOf(r)) : [...p, keyOf(r)]))
  const topBar = { workspaceId, crumbs: project.data ? [{ label: project.data.name, href: hubPath(workspaceId, projectId) }, { label: 'Runs' }] : [] }

  if (all.error && !all.data) {
    return (
      <PageShell topBar={topBar}>
        <EmptyState title="These runs can't be shown right now" testId="runs-unavailable">
          <p>{describeError(all.error)}</p>
        </EmptyState>
      </PageShell>
    )
  }
  return (
    <PageShell topBar={topBar} testId="runs-page">
      <div className="ml-compare">
        <header className="ml-compare__header">
          <h1 className="screen__title">Runs</h1>
          <p className="ml-muted">
            Every run pushed to this project's experiment logs. Pick two or more to compare them side by side.
          </p>
        </header>
        <div className="ml-toolbar ml-compare__filters">
          <label className="ml-field">
            <span>Dataset</span>
            <select value={dataset} onChange={(e) => setDataset(e.target.value)} data-testid="compare-dataset">
              <option value="">All</option>
              {datasetsOf(allRuns).map((d) => (
                <option key={d} value={d}>
                  {d}
                </option>
              ))}
            </select>
          </label>
          <label className="ml-field">
            <span>Tag</span>
            <select value={tag} onChange={(e) => setTag(e.target.value)} data-testid="compare-tag">
              <option value="">All</option>
              {tagsOf(allRuns).map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
          </label>
          <label className="ml-field">
            <span>Sort by</span>
            <select value={metric} onChange={(e) => setMetric(e.target.value)} data-testid="compare-metric">
              {metrics.map((m) => (
                <option key={m} value={m}>
                  {m}
                </option>
              ))}
            </select>
            <select value={order} onChange={(e) => setOrder(e.target.value as 'asc' | 'desc')} aria-label="Order">
              <option value="desc">highest first</option>
              <option value="asc">lowest first</option>
            </select>
          </label>
          <span className="ml-toolbar__spacer" />
          <span className="ml-muted ml-small">
            {runs.length} run{runs.length === 1 ? '' : 's'}
            {picked.length > 0 && ` · ${picked.length} picked`}
          </span>
          {picked.length > 0 && (
            <button type="button" className="ml-text-button" onClick={() => setPicked([])}>
              Clear
            </button>
          )}
        </div>

        {chosen.length >= 2 && <Comparison runs={chosen} onRemove={toggle} />}
        {chosen.length === 1 && <p className="ml-muted ml-small">Pick one more run to compare.</p>}

        {all.loading && !all.data ? (
          <p className="ml-muted">Loading runs…</p>
        ) : allRuns.length === 0 ? (
          <div className="ml-empty">
            <p className="ml-empty__title">No runs in this project yet</p>
            <p>Add an Experiment log block to a page (type / in a document) and push runs to it with keel log-run.</p>
          </div>
        ) : (
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
                  const on = picked.includes(keyOf(r))
                  return (
                    <tr key={keyOf(r)} className={on ? 'ml-row--picked' : undefined} data-testid="compare-row" data-run-id={r.runId}>
                      <td>
                        <input type="checkbox" checked={on} onChange={() => toggle(r)} aria-label={`Compare ${r.name}`} data-testid="pick-run" />
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
        )}
      </div>
    </PageShell>
  )
}

/** Picked runs side by side: params (differing ones marked) and metrics (best of each in bold). */
function Comparison({ runs, onRemove }: { runs: ProjectRun[]; onRemove: (r: ProjectRun) => void }) {
  const params = paramNames(runs)
  const differ = differingParams(runs)
  const metrics = metricNames(runs)
  const best = bestPerMetric(runs, metrics, lowerIsBetterByName)
  return (
    <section className="ml-comparison" data-testid="comparison">
      <h2 className="ml-comparison__title">Comparing {runs.length} runs</h2>
      <div className="ml-table-wrap">
        <table className="ml-table ml-table--compare">
          <thead>
            <tr>
              <th />
              {runs.map((r) => (
                <th key={keyOf(r)}>
                  <div className="ml-comparison__run">
                    <span>{r.name}</span>
                    <button type="button" className="ml-icon-button" onClick={() => onRemove(r)} aria-label={`Remove ${r.name} from the comparison`}>
                      ✕
                    </button>
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
                <td key={keyOf(r)}>{datasetLabel(r.dataset) || '–'}</td>
              ))}
            </tr>
            <tr>
              <th scope="row">Status</th>
              {runs.map((r) => (
                <td key={keyOf(r)}>
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
              <tr key={`p-${p}`} className={differ.has(p) ? 'ml-row--differs' : undefined} data-testid="compare-param" data-differs={differ.has(p) || undefined}>
                <th scope="row">{p}</th>
                {runs.map((r) => (
                  <td key={keyOf(r)} className="ml-num">
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
                  <td key={keyOf(r)} className={`ml-num${best.get(m) === r.runId ? ' ml-cell--best' : ''}`}>
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
