import { WEB_PROTOCOLS, safeHref } from '#shared/hub/safe-href'
import type { Run } from '#shared/ml/runs'
import { datasetLabel, duration, formatNumber, formatParam, relativeTime, shownStatus, type Sort } from '../logic.ts'
import { RunActions, type RunActionHandlers } from './RunActions.tsx'

const STATUS_LABEL: Record<ReturnType<typeof shownStatus>, string> = {
  running: 'Running',
  finished: 'Finished',
  failed: 'Failed',
  killed: 'Killed',
  'no-metrics': 'No metrics',
}
const STATUS_TITLE: Partial<Record<ReturnType<typeof shownStatus>, string>> = {
  'no-metrics': 'Logged without any metric and never finished. A script ends a run with: keel log-run --run <id> --status finished (or failed)',
}

/** A run's status; a "running" run that never logged a metric says so instead of pulsing forever. */
export function StatusPill({ run }: { run: Pick<Run, 'status' | 'metrics'> }) {
  const shown = shownStatus(run)
  return (
    <span className={`ml-status ml-status--${shown}`} title={STATUS_TITLE[shown]} data-testid="run-status">
      {STATUS_LABEL[shown]}
    </span>
  )
}

export function ParamList({ params, only }: { params: Run['params']; only?: readonly string[] }) {
  const entries = Object.entries(params).filter(([k]) => !only || only.includes(k))
  if (entries.length === 0) return <span className="ml-muted">–</span>
  return (
    <span className="ml-params">
      {entries.map(([k, v]) => (
        <span key={k} className="ml-param">
          <span className="ml-param__k">{k}</span>=<span className="ml-param__v">{formatParam(v)}</span>
        </span>
      ))}
    </span>
  )
}

/**
 * The runs table: run, status, dataset, params (as columns when there are few, or in a sweep;
 * else a compact list), one sortable column per metric, started. The best run is highlighted.
 */
export function RunTable({
  runs,
  metrics,
  params,
  paramColumns,
  primary,
  bestRunId,
  sort,
  onSort,
  actions,
}: {
  runs: readonly Run[]
  metrics: readonly string[]
  params: readonly string[]
  paramColumns: boolean
  primary: string
  bestRunId: string | null
  sort: Sort
  onSort: (s: Sort) => void
  /** Editors get a menu per row (archive, delete, mark finished); viewers get none. */
  actions?: RunActionHandlers | null
}) {
  const sortedBy = (m: string) => sort.key.kind === 'metric' && sort.key.metric === m
  const header = (m: string) => {
    const active = sortedBy(m)
    return (
      <th
        key={m}
        className={`ml-num${m === primary ? ' ml-col--primary' : ''}`}
        aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
      >
        <button
          type="button"
          className="ml-sort"
          onClick={() => onSort({ key: { kind: 'metric', metric: m }, dir: active && sort.dir === 'desc' ? 'asc' : 'desc' })}
          data-testid={`sort-${m}`}
        >
          {m}
          <span className="ml-sort__arrow" aria-hidden="true">
            {active ? (sort.dir === 'desc' ? '↓' : '↑') : '↕'}
          </span>
        </button>
      </th>
    )
  }
  return (
    <div className="ml-table-wrap">
      <table className="ml-table" data-testid="run-table">
        <thead>
          <tr>
            <th>Run</th>
            <th>Status</th>
            <th>Dataset</th>
            {paramColumns ? (
              params.map((p) => (
                <th key={`p-${p}`} className="ml-col--param">
                  {p}
                </th>
              ))
            ) : (
              <th>Params</th>
            )}
            {metrics.map(header)}
            <th>Started</th>
            {actions && (
              <th className="ml-col--actions">
                <span className="ml-visually-hidden">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => {
            const best = r.runId === bestRunId
            // The map is writable by any editor's Yjs client, not only through the validated API.
            const tracker = safeHref(r.trackerUrl, WEB_PROTOCOLS)
            return (
              <tr
                key={r.runId}
                className={[best && 'ml-row--best', r.archivedAt && 'ml-row--archived'].filter(Boolean).join(' ') || undefined}
                data-testid="run-row"
                data-run-id={r.runId}
                data-best={best || undefined}
                data-archived={r.archivedAt ? true : undefined}
              >
                <td className="ml-run">
                  <div className="ml-run__name">
                    {best && (
                      <span className="ml-best-badge" title={`Best by ${primary}`}>
                        Best
                      </span>
                    )}
                    <span className="ml-run__title">{r.name}</span>
                    {r.archivedAt && (
                      <span className="ml-archived-tag" title={`Archived ${relativeTime(r.archivedAt)}`}>
                        Archived
                      </span>
                    )}
                    {tracker && (
                      <a className="ml-run__tracker" href={tracker} target="_blank" rel="noopener noreferrer" title="Open in the experiment tracker">
                        Tracker ↗
                      </a>
                    )}
                  </div>
                  {(r.name !== r.runId || r.commit || r.tags.length > 0) && (
                    <div className="ml-run__meta">
                      {r.name !== r.runId && <code>{r.runId}</code>}
                      {r.commit && <code title="commit">{r.commit.slice(0, 8)}</code>}
                      {r.tags.map((t) => (
                        <span key={t} className="ml-tag">
                          {t}
                        </span>
                      ))}
                    </div>
                  )}
                </td>
                <td>
                  <StatusPill run={r} />
                </td>
                <td className="ml-nowrap">{datasetLabel(r.dataset) || <span className="ml-muted">–</span>}</td>
                {paramColumns ? (
                  params.map((p) => (
                    <td key={`p-${p}`} className="ml-num ml-col--param">
                      {p in r.params ? formatParam(r.params[p]!) : <span className="ml-muted">–</span>}
                    </td>
                  ))
                ) : (
                  <td>
                    <ParamList params={r.params} />
                  </td>
                )}
                {metrics.map((m) => (
                  <td key={m} className={`ml-num${m === primary ? ' ml-col--primary' : ''}${best && m === primary ? ' ml-cell--best' : ''}`} data-metric={m}>
                    {r.metrics[m] === undefined ? <span className="ml-muted">–</span> : formatNumber(r.metrics[m]!)}
                  </td>
                ))}
                <td className="ml-nowrap ml-muted" title={r.start ?? ''}>
                  {relativeTime(r.start)}
                  {r.end && <span className="ml-duration"> · {duration(r.start, r.end)}</span>}
                </td>
                {actions && (
                  <td className="ml-col--actions">
                    <RunActions run={r} handlers={actions} />
                  </td>
                )}
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}
