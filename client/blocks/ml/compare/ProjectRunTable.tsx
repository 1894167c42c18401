import { Link } from '../../../components/Link.tsx'
import { docPath } from '../../../lib/router.ts'
import { ParamList, StatusPill } from '../experiments/RunTable.tsx'
import { datasetLabel, formatNumber, relativeTime, runKey, type ProjectRun } from '../logic.ts'

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
                  <StatusPill run={r} />
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
