import type { ImportAdapterKind } from '#shared/api/imports'
import type Database from 'better-sqlite3'
import type { ImportPlan, ImportReport, ImportStatus } from '#shared/api/imports'
import type { ImportedPage, ImportStore, JobRow, JobUpdate, NewJob } from './import-store.ts'

interface Row {
  id: string
  project_id: string
  adapter: ImportAdapterKind
  source_name: string
  parent_id: string | null
  status: ImportStatus
  created_by: string
  created_at: number
  started_at: number | null
  finished_at: number | null
  pages_done: number
  pages_total: number
  files_done: number
  files_total: number
  bytes_done: number
  bytes_total: number
  plan: string | null
  report: string | null
  error: string | null
}

const COLUMNS = `id, project_id, adapter, source_name, parent_id, status, created_by, created_at, started_at, finished_at,
  pages_done, pages_total, files_done, files_total, bytes_done, bytes_total, plan, report, error`

/** Every column but the plan and the report, which are read as NULL. */
const PROGRESS_COLUMNS = COLUMNS.replace('plan, report', 'NULL AS plan, NULL AS report')

const toJob = (r: Row): JobRow => ({
  id: r.id,
  projectId: r.project_id,
  adapter: r.adapter,
  sourceName: r.source_name,
  parentId: r.parent_id,
  status: r.status,
  createdBy: r.created_by,
  createdAt: r.created_at,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  pagesDone: r.pages_done,
  pagesTotal: r.pages_total,
  filesDone: r.files_done,
  filesTotal: r.files_total,
  bytesDone: r.bytes_done,
  bytesTotal: r.bytes_total,
  plan: r.plan ? (JSON.parse(r.plan) as ImportPlan) : null,
  report: r.report ? (JSON.parse(r.report) as ImportReport) : null,
  error: r.error,
})

const FIELD_COLUMNS: Record<keyof JobUpdate, string> = {
  status: 'status',
  startedAt: 'started_at',
  finishedAt: 'finished_at',
  pagesDone: 'pages_done',
  pagesTotal: 'pages_total',
  filesDone: 'files_done',
  filesTotal: 'files_total',
  bytesDone: 'bytes_done',
  bytesTotal: 'bytes_total',
  plan: 'plan',
  report: 'report',
  error: 'error',
}

export class SqliteImportStore implements ImportStore {
  private readonly q

  constructor(private readonly db: Database.Database) {
    this.q = {
      insert: db.prepare(
        `INSERT INTO import_jobs (id, project_id, adapter, source_name, parent_id, status, created_by, created_at, source, plan, error)
         VALUES (@id, @projectId, @adapter, @sourceName, @parentId, @status, @createdBy, @createdAt, @source, @plan, @error)`,
      ),
      job: db.prepare<[string], Row>(`SELECT ${COLUMNS} FROM import_jobs WHERE id = ?`),
      progress: db.prepare<[string], Row>(`SELECT ${PROGRESS_COLUMNS} FROM import_jobs WHERE id = ?`),
      ofProject: db.prepare<[string, number], Row>(`SELECT ${COLUMNS} FROM import_jobs WHERE project_id = ? ORDER BY created_at DESC, rowid DESC LIMIT ?`),
      source: db.prepare<[string], { source: Buffer | null }>('SELECT source FROM import_jobs WHERE id = ?'),
      clearSource: db.prepare('UPDATE import_jobs SET source = NULL WHERE id = ?'),
      clearStale: db.prepare("UPDATE import_jobs SET source = NULL WHERE status = 'planned' AND created_at < ? AND source IS NOT NULL"),
      unfinished: db.prepare<[], Row>(`SELECT ${COLUMNS} FROM import_jobs WHERE status IN ('queued', 'running')`),
      pages: db.prepare<[string, string], { source_id: string; doc_id: string; job_id: string; hash: string }>(
        'SELECT source_id, doc_id, job_id, hash FROM import_pages WHERE project_id = ? AND source_key = ?',
      ),
      putPage: db.prepare(
        `INSERT INTO import_pages (project_id, source_key, source_id, doc_id, job_id, hash) VALUES (@projectId, @sourceKey, @sourceId, @docId, @jobId, @hash)
         ON CONFLICT (project_id, source_key, source_id) DO UPDATE SET doc_id = excluded.doc_id, hash = excluded.hash`,
      ),
      createdBy: db.prepare<[string], { project_id: string; source_key: string; source_id: string; doc_id: string; job_id: string; hash: string }>(
        'SELECT project_id, source_key, source_id, doc_id, job_id, hash FROM import_pages WHERE job_id = ? ORDER BY rowid',
      ),
      forget: db.prepare('DELETE FROM import_pages WHERE job_id = ?'),
      attachments: db.prepare<[string, string], { path: string; attachment_id: string }>(
        'SELECT path, attachment_id FROM import_attachments WHERE project_id = ? AND source_key = ?',
      ),
      putAttachment: db.prepare(
        `INSERT INTO import_attachments (project_id, source_key, path, attachment_id) VALUES (@projectId, @sourceKey, @path, @attachmentId)
         ON CONFLICT (project_id, source_key, path) DO UPDATE SET attachment_id = excluded.attachment_id`,
      ),
    }
  }

  create(job: NewJob): void {
    this.q.insert.run({ ...job, source: job.source ? Buffer.from(job.source) : null, plan: job.plan ? JSON.stringify(job.plan) : null })
  }

  job(id: string): JobRow | null {
    const r = this.q.job.get(id)
    return r ? toJob(r) : null
  }

  progress(id: string): JobRow | null {
    const r = this.q.progress.get(id)
    return r ? toJob(r) : null
  }

  ofProject(projectId: string, limit: number): JobRow[] {
    return this.q.ofProject.all(projectId, limit).map(toJob)
  }

  update(id: string, fields: JobUpdate): void {
    const entries = Object.entries(fields).filter(([, v]) => v !== undefined) as [keyof JobUpdate, unknown][]
    if (entries.length === 0) return
    const sets = entries.map(([k]) => `${FIELD_COLUMNS[k]} = ?`).join(', ')
    const values = entries.map(([k, v]) => ((k === 'plan' || k === 'report') && v !== null ? JSON.stringify(v) : v))
    this.db.prepare(`UPDATE import_jobs SET ${sets} WHERE id = ?`).run(...values, id)
  }

  source(id: string): Uint8Array | null {
    const s = this.q.source.get(id)?.source
    return s ? new Uint8Array(s.buffer, s.byteOffset, s.byteLength) : null
  }

  clearSource(id: string): void {
    this.q.clearSource.run(id)
  }

  clearStaleSources(before: number): number {
    return this.q.clearStale.run(before).changes
  }

  unfinished(): JobRow[] {
    return this.q.unfinished.all().map(toJob)
  }

  pages(projectId: string, sourceKey: string): Map<string, ImportedPage> {
    return new Map(
      this.q.pages
        .all(projectId, sourceKey)
        .map((r) => [r.source_id, { projectId, sourceKey, sourceId: r.source_id, docId: r.doc_id, jobId: r.job_id, hash: r.hash }]),
    )
  }

  putPage(page: ImportedPage): void {
    this.q.putPage.run(page)
  }

  putPages(pages: readonly ImportedPage[], progress?: { jobId: string; fields: JobUpdate }): void {
    this.db.transaction(() => {
      for (const page of pages) this.q.putPage.run(page)
      if (progress) this.update(progress.jobId, progress.fields)
    })()
  }

  createdBy(jobId: string): ImportedPage[] {
    return this.q.createdBy
      .all(jobId)
      .map((r) => ({ projectId: r.project_id, sourceKey: r.source_key, sourceId: r.source_id, docId: r.doc_id, jobId: r.job_id, hash: r.hash }))
  }

  forgetCreatedBy(jobId: string): void {
    this.q.forget.run(jobId)
  }

  attachments(projectId: string, sourceKey: string): Map<string, string> {
    return new Map(this.q.attachments.all(projectId, sourceKey).map((r) => [r.path, r.attachment_id]))
  }

  putAttachment(row: { projectId: string; sourceKey: string; path: string; attachmentId: string }): void {
    this.q.putAttachment.run(row)
  }
}
