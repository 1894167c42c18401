import type { ImportJob } from './api.ts'
import { formatBytes } from './eta.ts'

const ACTION_LABEL = { create: 'Create', update: 'Update', skip: 'Skip' } as const

/** The dry run, per file: what the run will do with it, under which page, and what it drops and why. */
export function PlanTable({ plan }: { plan: NonNullable<ImportJob['plan']> }) {
  const t = plan.totals
  // Dropped attachments are among the skipped files, with their reason.
  const attachments = (plan.attachments ?? []).filter((a) => a.action !== 'drop')
  return (
    <div className="import-plan" data-testid="import-plan">
      <p className="import-plan__totals" data-testid="import-plan-totals">
        {t.create} to create · {t.update} to update · {t.skip} unchanged · {plan.skipped.length} not imported
        {t.attachments ? ` · ${t.attachments} ${t.attachments === 1 ? 'attachment' : 'attachments'} to store` : ''} · {formatBytes(t.bytes)}
      </p>
      <div className="import-table__scroll">
        <table className="import-table">
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col">Action</th>
              <th scope="col">Page</th>
              <th scope="col">Notes</th>
            </tr>
          </thead>
          <tbody>
            {plan.items.map((item) => (
              <tr key={item.sourceId} data-testid="import-plan-row" data-action={item.action}>
                <td className="import-table__path">{item.path}</td>
                <td>
                  <span className={`import-action import-action--${item.action}`}>{ACTION_LABEL[item.action]}</span>
                </td>
                <td>
                  <strong>{item.title}</strong>
                  <span className="import-table__under"> under {item.parentTitle}</span>
                </td>
                <td className="import-table__notes">
                  {item.reason && <div>{item.reason}</div>}
                  {item.tasks > 0 && <div>{item.tasks === 1 ? '1 task' : `${item.tasks} tasks`}</div>}
                  {item.links > 0 && <div>{item.links === 1 ? '1 link to another page' : `${item.links} links to other pages`}</div>}
                  {item.warnings.map((w) => (
                    <div key={w} className="import-note import-note--warning">
                      {w}
                    </div>
                  ))}
                  {item.dropped.map((d, i) => (
                    <div key={i} className="import-note import-note--dropped">
                      {d.item}: {d.reason}
                    </div>
                  ))}
                </td>
              </tr>
            ))}
            {attachments.map((a) => (
              <tr key={`attachment:${a.path}`} data-testid="import-plan-row" data-action={`attachment-${a.action}`}>
                <td className="import-table__path">{a.path}</td>
                <td>
                  <span className={`import-action import-action--${a.action === 'store' ? 'create' : 'skip'}`}>
                    {a.action === 'store' ? 'Attach' : 'Attached'}
                  </span>
                </td>
                <td />
                <td className="import-table__notes">{a.action === 'store' ? `stored as an attachment, ${formatBytes(a.bytes)}` : a.reason}</td>
              </tr>
            ))}
            {plan.skipped.map((s) => (
              <tr key={`skipped:${s.path}`} data-testid="import-plan-row" data-action="not-imported">
                <td className="import-table__path">{s.path}</td>
                <td>
                  <span className="import-action import-action--skip">Not imported</span>
                </td>
                <td />
                <td className="import-table__notes">{s.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  )
}
