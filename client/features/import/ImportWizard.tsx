import { useState } from 'react'
import type { ImportAdapterKind, ImportSettings } from '#shared/api/imports'
import type { TaskStatus } from '#shared/blocks/task'
import { describeError } from '../../lib/http.ts'
import { navigate, useLocation } from '../../lib/router.ts'
import { importApi, uploadImport } from './api.ts'
import { ImportProgressBar } from './ImportProgressBar.tsx'
import { ImportReportView } from './ImportReportView.tsx'
import { PlanTable } from './PlanTable.tsx'
import { SOURCES } from './sources.ts'
import { StatusTable } from './StatusTable.tsx'
import { useImportJob } from './use-import-job.ts'

/**
 * Choose a file → dry run (the plan) → Run → progress → report, with "Download report (JSON)" and
 * "Undo import". The job id lives in the URL (`?job=`), so a reload comes back to the same step.
 */
export function ImportWizard({ projectId, onDone }: { projectId: string; onDone: () => void }) {
  const { pathname, search } = useLocation()
  const jobId = search.get('job')
  const { job, report, error, setReport, restart } = useImportJob(projectId, jobId)
  const [file, setFile] = useState<File | null>(null)
  const [kind, setKind] = useState<ImportAdapterKind>('markdown')
  const [groupBy, setGroupBy] = useState<ImportSettings['groupBy']>('epic')
  const source = SOURCES.find((s) => s.kind === kind)!
  const [busy, setBusy] = useState(false)
  const [failure, setFailure] = useState<string | null>(null)
  const show = (id: string | null) => navigate(id ? `${pathname}?job=${encodeURIComponent(id)}` : pathname, { replace: true })

  const act = async (fn: () => Promise<void>) => {
    setBusy(true)
    setFailure(null)
    try {
      await fn()
    } catch (err) {
      setFailure(describeError(err))
    } finally {
      setBusy(false)
    }
  }
  const dryRun = () => act(async () => show((await uploadImport(projectId, file!, kind, kind === 'jira' ? { groupBy, statusMap: {} } : undefined)).id))
  const remap = (name: string, status: TaskStatus) =>
    act(async () => {
      const settings = job!.plan!.settings
      restart(await importApi.replan(projectId, jobId!, { ...settings, statusMap: { ...settings.statusMap, [name]: status } }))
    })
  const run = () =>
    act(async () => {
      restart(await importApi.run(projectId, jobId!))
    })
  const undo = () =>
    act(async () => {
      setReport(await importApi.undo(projectId, jobId!))
      onDone()
    })

  const errorText = failure ?? (error ? describeError(error) : null)
  return (
    <div className="import-wizard" data-testid="import-wizard">
      {errorText && (
        <p className="import-note import-note--error" role="alert">
          {errorText}
        </p>
      )}
      {!jobId && (
        <div className="import-choose" data-testid="import-choose">
          <fieldset className="import-sources">
            <legend>Import from</legend>
            {SOURCES.map((s) => (
              <label key={s.kind} className={`import-source${s.kind === kind ? ' import-source--on' : ''}`}>
                <input
                  type="radio"
                  name="import-source"
                  value={s.kind}
                  checked={s.kind === kind}
                  onChange={() => {
                    setKind(s.kind)
                    setFile(null)
                  }}
                  data-testid={`import-source-${s.kind}`}
                />
                {s.label}
              </label>
            ))}
          </fieldset>
          <p>{source.hint}</p>
          {kind === 'jira' && (
            <label className="import-option">
              Pages
              <select value={groupBy} onChange={(e) => setGroupBy(e.target.value as ImportSettings['groupBy'])} data-testid="import-group-by">
                <option value="epic">One per epic</option>
                <option value="sprint">One per sprint</option>
              </select>
            </label>
          )}
          <input
            key={kind}
            type="file"
            accept={source.accept}
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            data-testid="import-file"
            aria-label="File to import"
          />
          <button type="button" className="button button--primary" disabled={!file || busy} onClick={() => void dryRun()} data-testid="import-dry-run">
            {busy ? 'Reading…' : 'Dry run'}
          </button>
        </div>
      )}
      {jobId && !job && !errorText && <div className="skeleton__line" aria-busy="true" />}
      {job?.status === 'refused' && (
        <div data-testid="import-refused">
          <p className="import-note import-note--error">{job.error}</p>
          {report && <ImportReportView report={report} />}
        </div>
      )}
      {job?.status === 'planned' && job.plan && (
        <>
          <StatusTable plan={job.plan} busy={busy} onChange={(name, status) => void remap(name, status)} />
          <PlanTable plan={job.plan} />
          <div className="import-actions">
            <button
              type="button"
              className="button button--primary"
              disabled={busy || job.plan.totals.files === 0}
              onClick={() => void run()}
              data-testid="import-run"
            >
              {job.plan.totals.files === 0 ? 'Nothing to import' : `Run import (${job.plan.totals.files} ${job.plan.totals.files === 1 ? 'file' : 'files'})`}
            </button>
          </div>
        </>
      )}
      {(job?.status === 'running' || job?.status === 'queued') && <ImportProgressBar progress={job.progress} />}
      {job && (job.status === 'done' || job.status === 'failed' || job.status === 'undone') && (
        <>
          {job.status === 'failed' && <p className="import-note import-note--error">{job.error}</p>}
          {report && <ImportReportView report={report} />}
          <div className="import-actions">
            <a className="button" href={importApi.reportUrl(projectId, job.id)} download={`keel-import-${job.id}.json`} data-testid="import-download">
              Download report (JSON)
            </a>
            {job.status !== 'undone' && report?.status !== 'undone' && (
              <button type="button" className="button button--danger" disabled={busy} onClick={() => void undo()} data-testid="import-undo">
                {busy ? 'Undoing…' : 'Undo import'}
              </button>
            )}
          </div>
        </>
      )}
      {jobId && job && job.status !== 'running' && (
        <div className="import-actions">
          <button type="button" className="button button--ghost" onClick={() => show(null)} data-testid="import-again">
            Import another file
          </button>
        </div>
      )}
    </div>
  )
}
