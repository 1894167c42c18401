import crypto from 'node:crypto'
import type { FastifyBaseLogger } from 'fastify'
import { ErrorCode } from '#shared/api/errors'
import { DEFAULT_IMPORT_SETTINGS } from '#shared/api/imports'
import type { ImportAdapterKind, ImportJob, ImportPlan, ImportReport, ImportSettings } from '#shared/api/imports'
import type { AdapterContext, ImportMember, ImportSource } from '#shared/import/adapter'
import type { Refusal } from '#shared/import/zip'
import { readSource } from '#shared/import/source'
import type { RoomRegistry } from '../collab/registry.ts'
import { HttpError, notFound } from '../http/errors.ts'
import type { HubStore } from '../hub/hub-store.ts'
import type { Pages } from '../hub/pages.ts'
import type { Trash } from '../hub/trash.ts'
import { ADAPTERS } from './adapters.ts'
import { type ImportAttachments, planAttachments } from './attachments.ts'
import type { ImportStore, JobRow } from './import-store.ts'
import { planImport } from './plan.ts'
import { Pacer, Stopped } from './pacer.ts'
import { runJob } from './runner.ts'
import { buildReport, jobView } from './views.ts'
import type { QuietWrites } from '../events/quiet-writes.ts'

export interface ImportsDeps {
  /** Jobs and source-id → page rows (SqliteImportStore in app.ts). */
  store: ImportStore
  pages: Pages
  trash: Trash
  hub: HubStore
  registry: RoomRegistry
  /** Where the files the pages refer to are stored (server/attachments/), and found again on a re-run. */
  attachments: ImportAttachments
  projectName: (projectId: string) => string | null
  /** Who an assignee or mention in a source can become: the project's members. */
  membersOf: (projectId: string) => ImportMember[]
  log: FastifyBaseLogger
  pagesPerTick: number
  pagesPerBatch: number
  tickBudgetMs: number
  /** Imported pages notify nobody (QuietWrites). */
  quiet?: QuietWrites
}

/** How long the upload of a dry run that is never run is kept. */
const STALE_UPLOAD_MS = 7 * 86_400_000

const conflict = (message: string) => new HttpError(409, ErrorCode.ImportState, message)

/**
 * Imports as a job: upload → dry run (the plan) → run (in batches, in the background; the client
 * polls progress) → report → undo. One job runs per project at a time, so two runs of the same
 * source cannot race each other into duplicates.
 */
export class Imports {
  private readonly running = new Map<string, Promise<void>>()
  private stopping = false

  constructor(private readonly deps: ImportsDeps) {}

  /**
   * At start: jobs a stopped process left running are failed, saying so (running them again
   * duplicates nothing), and uploads of dry runs never run for a week are dropped (a run then
   * asks for the file again).
   */
  recover(now = Date.now()): void {
    this.deps.store.clearStaleSources(now - STALE_UPLOAD_MS)
    for (const job of this.deps.store.unfinished()) {
      this.deps.store.update(job.id, {
        status: 'failed',
        error: 'the server stopped during the run; run it again (pages already made are kept, not duplicated)',
      })
    }
  }

  /** Reads and plans an upload. A source refused whole (corrupt zip, bomb, traversal) is a job with status `refused` and the reason. */
  create(
    projectId: string,
    userId: string,
    input: { name: string; bytes: Uint8Array; parentId: string | null; dryRun: boolean; adapter: ImportAdapterKind; settings: ImportSettings },
  ): ImportJob {
    const { store, hub } = this.deps
    if (input.parentId) {
      const parent = hub.doc(input.parentId)
      if (!parent || parent.projectId !== projectId || parent.kind !== 'doc' || parent.archivedAt !== null)
        throw new HttpError(400, ErrorCode.BadRequest, 'parentId is not a live page of this project')
    }
    const read = readSource(input.name, input.bytes)
    const id = crypto.randomBytes(12).toString('base64url')
    const base = { id, projectId, adapter: input.adapter, parentId: input.parentId, createdBy: userId, createdAt: Date.now() }
    if (!read.ok) {
      store.create({ ...base, sourceName: input.name.slice(0, 200), status: 'refused', plan: null, error: read.error, source: null })
      const job = store.job(id)!
      store.update(id, { report: { ...buildReport(job, { created: [], updated: [], failed: [] }), skipped: read.refused } })
      return jobView(job)
    }
    const plan = this.plan(projectId, read, input.parentId, input.adapter, input.settings)
    // The upload's own name: the run reads the bytes again under it, and gets the same source.
    store.create({ ...base, sourceName: input.name.slice(0, 255), status: 'planned', plan, error: null, source: input.bytes })
    store.update(id, { pagesTotal: plan.totals.create, filesTotal: plan.totals.files, bytesTotal: plan.totals.bytes })
    return input.dryRun ? this.job(projectId, id) : this.run(projectId, id, userId)
  }

  /** Plans a planned job again with other settings, from its stored upload (the wizard's edited status table). */
  replan(projectId: string, jobId: string, settings: ImportSettings): ImportJob {
    const job = this.rowOf(projectId, jobId)
    if (job.status !== 'planned') throw conflict(`this import is ${job.status}; only a planned import can be planned again`)
    const bytes = this.deps.store.source(jobId)
    if (!bytes) throw conflict('the upload of this import is gone; upload it again')
    const read = readSource(job.sourceName, bytes)
    if (!read.ok) throw conflict(read.error)
    const plan = this.plan(projectId, read, job.parentId, job.adapter, settings)
    this.deps.store.update(jobId, { plan, pagesTotal: plan.totals.create, filesTotal: plan.totals.files, bytesTotal: plan.totals.bytes })
    return this.job(projectId, jobId)
  }

  /** Starts a planned (or failed) job; returns at once with status `running`. */
  run(projectId: string, jobId: string, userId: string): ImportJob {
    const job = this.rowOf(projectId, jobId)
    if (job.status !== 'planned' && job.status !== 'failed') throw conflict(`this import is ${job.status}; only a planned or failed import can run`)
    if (this.running.has(projectId)) throw conflict('another import is running in this project; wait for it to finish')
    const bytes = this.deps.store.source(jobId)
    if (!bytes) throw conflict('the upload of this import is gone; upload it again')
    const read = readSource(job.sourceName, bytes)
    if (!read.ok) throw conflict(read.error)
    // Planned again now (with the dry run's settings): pages may have been made, changed or trashed since.
    const settings = job.plan?.settings ?? DEFAULT_IMPORT_SETTINGS
    const plan = this.plan(projectId, read, job.parentId, job.adapter, settings)
    const startedAt = Date.now()
    this.deps.store.update(jobId, {
      status: 'running',
      plan,
      error: null,
      startedAt,
      finishedAt: null,
      pagesDone: 0,
      pagesTotal: plan.totals.create,
      filesDone: 0,
      bytesDone: 0,
      filesTotal: plan.totals.files,
      bytesTotal: plan.totals.bytes,
    })
    const row = this.deps.store.job(jobId)!
    const work = runJob({ ...this.deps, stopping: () => this.stopping }, row, read.source, userId, this.context(projectId, settings)).then(
      (report) => this.finish(jobId, 'done', null, report),
      (err: unknown) => {
        if (!(err instanceof Stopped)) this.deps.log.error({ err, jobId }, 'import failed')
        const message =
          err instanceof Stopped
            ? `${err.message}; run it again (pages already made are kept, not duplicated)`
            : 'the import failed part-way; pages made so far are listed in the report'
        this.finish(jobId, 'failed', message, null)
      },
    )
    this.running.set(
      projectId,
      work.finally(() => this.running.delete(projectId)),
    )
    return jobView(this.deps.store.job(jobId)!)
  }

  /**
   * A job as the API shows it. While it runs it is polled (the wizard, the CLI) and shown without
   * its plan (null): reading, parsing and sending a 5,000-page plan on every poll was most of the
   * server's work during a large import, taken from everyone else's turns. The plan is shown before
   * the run (the dry run) and after it.
   */
  job(projectId: string, jobId: string): ImportJob {
    const running = this.deps.store.progress(jobId)
    if (running && running.projectId === projectId && running.status === 'running') return jobView(running)
    return jobView(this.rowOf(projectId, jobId))
  }

  list(projectId: string): ImportJob[] {
    return this.deps.store.ofProject(projectId, 20).map((j) => ({ ...jobView(j), plan: null }))
  }

  report(projectId: string, jobId: string): ImportReport {
    const job = this.rowOf(projectId, jobId)
    if (job.report) return job.report
    // Planned or running: what is known so far.
    return buildReport(job, { created: this.createdPages(job), updated: [], failed: [] })
  }

  /** Moves every page the job created to the trash, in batches, and forgets them (importing again makes them afresh). */
  async undo(projectId: string, jobId: string, userId: string): Promise<ImportReport> {
    const job = this.rowOf(projectId, jobId)
    if (job.status !== 'done' && job.status !== 'failed') throw conflict(`this import is ${job.status}; only a finished import can be undone`)
    if (this.running.has(projectId)) throw conflict('an import is running in this project; undo it when it has finished')
    const { store, hub, trash, pagesPerTick, tickBudgetMs } = this.deps
    const pacer = new Pacer(pagesPerTick, tickBudgetMs, () => false)
    let trashed = 0
    // Creation order is parents first: a page already in the trash with its parent is left as it is.
    for (const page of store.createdBy(jobId)) {
      const row = hub.doc(page.docId)
      if (row && row.projectId === projectId && row.archivedAt === null) {
        trash.archive(page.docId, userId)
        trashed++
      }
      await pacer.step(() => {})
    }
    store.forgetCreatedBy(jobId)
    const base = job.report ?? buildReport(job, { created: [], updated: [], failed: [] })
    const report: ImportReport = { ...base, status: 'undone', undone: { at: new Date().toISOString(), pages: trashed } }
    store.update(jobId, { status: 'undone', report })
    return report
  }

  /** Server shutdown: running jobs stop at their next batch and are marked failed. */
  async close(): Promise<void> {
    this.stopping = true
    await Promise.all(this.running.values())
  }

  private context(projectId: string, settings: ImportSettings): AdapterContext {
    return { members: this.deps.membersOf(projectId), settings, scope: projectId }
  }

  private plan(
    projectId: string,
    read: { source: ImportSource; refused: Refusal[] },
    parentId: string | null,
    kind: ImportAdapterKind,
    settings: ImportSettings,
  ): ImportPlan {
    const { store, hub } = this.deps
    const adapter = ADAPTERS[kind]
    const found = adapter.enumerate(read.source, this.context(projectId, settings))
    const parentTitle = parentId ? (hub.doc(parentId)?.title ?? 'the page') : (this.deps.projectName(projectId) ?? 'the project')
    const sourceKey = `${adapter.kind}:${read.source.name}`
    const imported = store.pages(projectId, sourceKey)
    const files = planAttachments(
      adapter,
      read.source,
      found.attachments ?? [],
      found.attachmentNames ?? {},
      store.attachments(projectId, sourceKey),
      (id) => this.deps.attachments.meta(id),
      projectId,
    )
    return planImport(kind, settings, read.source.name, found, read.refused, imported, (id) => hub.doc(id), projectId, parentTitle, files)
  }

  private finish(jobId: string, status: 'done' | 'failed', error: string | null, report: ImportReport | null): void {
    const { store } = this.deps
    store.update(jobId, { status, error, finishedAt: Date.now() })
    const job = store.job(jobId)!
    const final = report
      ? { ...report, status, error, progress: buildReport(job, { created: [], updated: [], failed: [] }).progress }
      : buildReport(job, { created: this.createdPages(job), updated: [], failed: [] })
    store.update(jobId, { report: final })
    if (status === 'done') store.clearSource(jobId)
  }

  private createdPages(job: JobRow): ImportReport['created'] {
    const items = new Map((job.plan?.items ?? []).map((i) => [i.sourceId, i]))
    return this.deps.store
      .createdBy(job.id)
      .map((p) => ({ sourceId: p.sourceId, path: items.get(p.sourceId)?.path ?? p.sourceId, title: items.get(p.sourceId)?.title ?? '', docId: p.docId }))
  }

  private rowOf(projectId: string, jobId: string): JobRow {
    const job = this.deps.store.job(jobId)
    if (!job || job.projectId !== projectId) throw notFound('import')
    return job
  }
}
