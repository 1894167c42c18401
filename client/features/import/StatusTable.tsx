import { TASK_STATUSES, type TaskStatus } from '#shared/blocks/task'
import type { ImportJob } from './api.ts'

const LABEL: Record<TaskStatus, string> = { todo: 'To do', in_progress: 'In progress', in_review: 'In review', done: 'Done', cancelled: 'Cancelled' }

/**
 * Jira's statuses as found in the file and the Keel status each becomes; changing one plans the
 * same upload again (PATCH …/imports/:jobId), so the dry run shows what the run will make.
 */
export function StatusTable({
  plan,
  busy,
  onChange,
}: {
  plan: NonNullable<ImportJob['plan']>
  busy: boolean
  onChange: (name: string, status: TaskStatus) => void
}) {
  const statuses = plan.statuses ?? []
  if (statuses.length === 0) return null
  return (
    <div className="import-statuses" data-testid="import-statuses">
      <h3 className="import-statuses__title">Statuses</h3>
      <table className="import-table">
        <thead>
          <tr>
            <th scope="col">In Jira</th>
            <th scope="col">Issues</th>
            <th scope="col">In Keel</th>
          </tr>
        </thead>
        <tbody>
          {statuses.map((s) => (
            <tr key={s.name || '(none)'} data-testid="import-status-row">
              <td>{s.name || <em>(no status)</em>}</td>
              <td>{s.count}</td>
              <td>
                {s.name === '' ? (
                  LABEL[s.mapsTo ?? 'todo']
                ) : (
                  <select
                    value={s.mapsTo ?? 'todo'}
                    disabled={busy}
                    aria-label={`Keel status for ${s.name || 'issues with no status'}`}
                    onChange={(e) => onChange(s.name, e.target.value as TaskStatus)}
                    data-testid="import-status-select"
                  >
                    {TASK_STATUSES.map((t) => (
                      <option key={t} value={t}>
                        {LABEL[t]}
                      </option>
                    ))}
                  </select>
                )}
                {s.mapsTo === null && <span className="import-note import-note--warning"> not in the table: To do unless you choose</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
