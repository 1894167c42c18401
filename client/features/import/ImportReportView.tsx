import { docPath } from '../../lib/router.ts'
import { Link } from '../../components/Link.tsx'
import type { ImportReport } from './api.ts'

/** The run's outcome: what was made and updated (with links), what was skipped and why, every warning. */
export function ImportReportView({ report }: { report: ImportReport }) {
  return (
    <div className="import-report" data-testid="import-report">
      <p className="import-report__summary" data-testid="import-report-summary">
        {report.status === 'undone'
          ? `Undone: ${report.undone?.pages ?? 0} pages moved to the trash.`
          : `${report.created.length} created · ${report.updated.length} updated · ${report.skipped.length} skipped · ${report.warnings.length} warnings`}
      </p>
      {report.error && <p className="import-note import-note--error">{report.error}</p>}
      {report.created.length > 0 && (
        <details open={report.created.length <= 20}>
          <summary>Created</summary>
          <ul className="import-report__list">
            {report.created.map((c) => (
              <li key={c.docId}>
                {report.status === 'undone' ? c.title : <Link href={docPath(c.docId)}>{c.title}</Link>} <span className="import-table__path">{c.path}</span>
              </li>
            ))}
          </ul>
        </details>
      )}
      {report.updated.length > 0 && (
        <details open>
          <summary>Updated</summary>
          <ul className="import-report__list">
            {report.updated.map((c) => (
              <li key={c.docId}>
                <Link href={docPath(c.docId)}>{c.title}</Link> <span className="import-table__path">{c.path}</span>
              </li>
            ))}
          </ul>
        </details>
      )}
      {(report.attachments ?? []).some((a) => a.status !== 'dropped') && (
        <details>
          <summary>Attachments</summary>
          <ul className="import-report__list" data-testid="import-report-attachments">
            {(report.attachments ?? [])
              .filter((a) => a.status !== 'dropped')
              .map((a) => (
                <li key={a.path}>
                  <span className="import-table__path">{a.path}</span>: {a.status === 'stored' ? 'stored' : 'already stored by an earlier import'}
                </li>
              ))}
          </ul>
        </details>
      )}
      {report.skipped.length > 0 && (
        <details>
          <summary>Skipped</summary>
          <ul className="import-report__list">
            {report.skipped.map((s, i) => (
              <li key={i}>
                <span className="import-table__path">{s.path}</span>: {s.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
      {report.warnings.length + report.dropped.length > 0 && (
        <details>
          <summary>Warnings and dropped items</summary>
          <ul className="import-report__list">
            {report.warnings.map((w, i) => (
              <li key={`w${i}`}>
                <span className="import-table__path">{w.path}</span>: {w.message}
              </li>
            ))}
            {report.dropped.map((d, i) => (
              <li key={`d${i}`}>
                <span className="import-table__path">{d.path}</span>: {d.item}: {d.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  )
}
