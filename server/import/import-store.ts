import type { ImportAdapterKind } from '#shared/api/imports'
import type { ImportPlan, ImportReport, ImportStatus } from '#shared/api/imports'

/** An import job as stored (times in ms since the epoch). */
export interface JobRow {
  id: string
  projectId: string
  adapter: ImportAdapterKind
  sourceName: string
  parentId: string | null
  status: ImportStatus
  createdBy: string
  createdAt: number
  startedAt: number | null
  finishedAt: number | null
  /** Pages made so far by the run's first pass, of those it makes. */
  pagesDone: number
  pagesTotal: number
  filesDone: number
  filesTotal: number
  bytesDone: number
  bytesTotal: number
  plan: ImportPlan | null
  report: ImportReport | null
  error: string | null
}

export type NewJob = Pick<JobRow, 'id' | 'projectId' | 'adapter' | 'sourceName' | 'parentId' | 'status' | 'createdBy' | 'createdAt' | 'plan' | 'error'> & {
  source: Uint8Array | null
}

/** Which page a source entry became: the idempotency key is (project, source key, source id). */
export interface ImportedPage {
  projectId: string
  /** `<adapter>:<source name>`. */
  sourceKey: string
  sourceId: string
  docId: string
  /** The job that created the page (updates by later runs keep it). */
  jobId: string
  /** Content hash of the entry last written; '' until its content is written. */
  hash: string
}

export type JobUpdate = Partial<
  Pick<
    JobRow,
    'status' | 'startedAt' | 'finishedAt' | 'pagesDone' | 'pagesTotal' | 'filesDone' | 'filesTotal' | 'bytesDone' | 'bytesTotal' | 'plan' | 'report' | 'error'
  >
>

/**
 * Import jobs and the source-id → page mapping. Synchronous like every store here (better-sqlite3);
 * the runner writes progress once per batch, not per page.
 */
export interface ImportStore {
  create(job: NewJob): void
  job(id: string): JobRow | null
  /** The job without its plan and report (null in the row): what a poll of a running job needs, without reading and parsing an O(pages) plan. */
  progress(id: string): JobRow | null
  /** Most recent first. */
  ofProject(projectId: string, limit: number): JobRow[]
  update(id: string, fields: JobUpdate): void
  /** The upload, kept until the run finishes. */
  source(id: string): Uint8Array | null
  clearSource(id: string): void
  /** Drops the uploads of jobs planned before `before` and never run (a dry run left behind); returns how many. */
  clearStaleSources(before: number): number
  /** Jobs left `running` or `queued` by a process that stopped. */
  unfinished(): JobRow[]

  pages(projectId: string, sourceKey: string): Map<string, ImportedPage>
  putPage(page: ImportedPage): void
  /** Several pages as `putPage` does, and the job's progress if given, in one transaction (one sync to disk: a batch or turn of a run). */
  putPages(pages: readonly ImportedPage[], progress?: { jobId: string; fields: JobUpdate }): void
  /** Pages the job created. */
  createdBy(jobId: string): ImportedPage[]
  /** Forgets the job's pages (after undo: importing the source again makes them afresh). */
  forgetCreatedBy(jobId: string): void

  /** The attachment stored for each file path of a source (a re-run uses it again when the bytes are the same). */
  attachments(projectId: string, sourceKey: string): Map<string, string>
  putAttachment(row: { projectId: string; sourceKey: string; path: string; attachmentId: string }): void
}
