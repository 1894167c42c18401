import type { ImportJob, ImportReport, PlanItem } from '#shared/api/imports'
import type { JobRow } from './import-store.ts'

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())

/** A job as the API shows it. */
export function jobView(job: JobRow): ImportJob {
  return {
    id: job.id,
    projectId: job.projectId,
    adapter: job.adapter,
    source: job.sourceName,
    status: job.status,
    createdBy: job.createdBy,
    createdAt: new Date(job.createdAt).toISOString(),
    progress: progressOf(job),
    error: job.error,
    plan: job.plan,
  }
}

export const progressOf = (job: JobRow): ImportReport['progress'] => ({
  pagesDone: job.pagesDone,
  pagesTotal: job.pagesTotal,
  filesDone: job.filesDone,
  filesTotal: job.filesTotal,
  bytesDone: job.bytesDone,
  bytesTotal: job.bytesTotal,
  startedAt: iso(job.startedAt),
  finishedAt: iso(job.finishedAt),
})

type Page = ImportReport['created'][number]

/** What a run made, wrote and left, with every warning and dropped item per file. */
export function buildReport(
  job: JobRow,
  outcome: { created: Page[]; updated: Page[]; failed: { path: string; reason: string }[]; attachments?: ImportReport['attachments'] },
): ImportReport {
  const items: PlanItem[] = job.plan?.items ?? []
  return {
    jobId: job.id,
    projectId: job.projectId,
    adapter: job.adapter,
    source: job.sourceName,
    status: job.status,
    error: job.error,
    created: outcome.created,
    updated: outcome.updated,
    skipped: [
      ...(job.plan?.skipped ?? []),
      ...items.filter((i) => i.action === 'skip').map((i) => ({ path: i.path, reason: i.reason ?? 'skipped' })),
      ...outcome.failed,
    ],
    warnings: items.filter((i) => i.action !== 'skip').flatMap((i) => i.warnings.map((message) => ({ path: i.path, message }))),
    dropped: items.filter((i) => i.action !== 'skip').flatMap((i) => i.dropped.map((d) => ({ path: i.path, ...d }))),
    progress: progressOf(job),
    // Known once a run has stored them (the plan lists what a run will do with each file).
    ...(outcome.attachments ? { attachments: outcome.attachments } : {}),
    undone: null,
  }
}
