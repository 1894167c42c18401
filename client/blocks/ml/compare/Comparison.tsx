import { StatusPill } from '../experiments/RunTable.tsx'
import {
  bestPerMetric,
  datasetLabel,
  differingParams,
  formatNumber,
  formatParam,
  lowerIsBetterByName,
  metricNames,
  paramNames,
  runKey,
  type ProjectRun,
} from '../logic.ts'

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
                  <StatusPill run={r} />
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
