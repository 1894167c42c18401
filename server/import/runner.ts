import type { ImportReport } from '#shared/api/imports'
import type { AdapterContext, ImportSource, SourceEntry } from '#shared/import/adapter'
import { DocumentTooLarge } from '../collab/too-large.ts'
import type { RoomRegistry } from '../collab/registry.ts'
import type { Pages } from '../hub/pages.ts'
import { newDocId } from '../workspaces/doc-ids.ts'
import { ADAPTERS } from './adapters.ts'
import { type ImportAttachments, storeAttachments } from './attachments.ts'
import type { ImportedPage, ImportStore, JobRow } from './import-store.ts'
import type { QuietWrites } from '../events/quiet-writes.ts'
import { Pacer } from './pacer.ts'
import { buildReport } from './views.ts'
import { writePage } from './write-page.ts'

type Page = ImportReport['created'][number]

export interface RunnerDeps {
  store: ImportStore
  pages: Pages
  registry: RoomRegistry
  attachments: ImportAttachments
  pagesPerTick: number
  /** Pages made in one batch of pass 1 at most (one tree commit each batch). */
  pagesPerBatch: number
  /** Milliseconds of import work per turn of the event loop before it yields. */
  tickBudgetMs: number
  /** Checked between batches: the server is stopping. */
  stopping: () => boolean
  /** Pages written here notify nobody (QuietWrites); the inbox holds the same instance. */
  quiet?: QuietWrites
}

/**
 * Runs a planned job in two passes, in turns of the event loop of at most `pagesPerTick` pages (pass 1: `pagesPerBatch`)
 * and about `tickBudgetMs` of work (pacer.ts), so other users' edits wait one short turn at most,
 * after storing the files the pages refer to as attachments (their bytes count in the progress;
 * path → attachment id is recorded per file, so a re-run stores no second row for the same bytes):
 *   1. make a page (and its tree node) for every entry to create, parents first, recording
 *      source id → page id at once (a run cut short leaves nothing unrecorded: running it again
 *      finds those pages and does not duplicate them);
 *   2. write every created or changed entry's content through `registry.change`, now that every
 *      entry has an id (links between files become page links), and count files and bytes.
 * A page that fails (too large for a document) is reported and the run goes on.
 */
export async function runJob(deps: RunnerDeps, job: JobRow, source: ImportSource, userId: string, context: AdapterContext): Promise<ImportReport> {
  const { store, pages, registry, pagesPerTick } = deps
  const adapter = ADAPTERS[job.adapter]
  const plan = job.plan!
  // The source's name as its adapter read it (the plan's), not the upload's file name.
  const sourceKey = `${adapter.kind}:${plan.source}`
  const ids = new Map<string, string>()
  for (const item of plan.items) if (item.docId) ids.set(item.sourceId, item.docId)
  const created: Page[] = []
  const updated: Page[] = []
  const failed: { path: string; reason: string }[] = []
  const pacer = new Pacer(pagesPerTick, deps.tickBudgetMs, deps.stopping, deps.pagesPerBatch)

  let bytesDone = 0
  const files = await storeAttachments(deps, { projectId: job.projectId, sourceKey }, adapter, source, plan.attachments ?? [], userId, (bytes) => {
    bytesDone += bytes
    return pacer.step(() => store.update(job.id, { bytesDone }))
  })
  store.update(job.id, { bytesDone })

  // Pass 1, a batch per turn (as many pages as fit the turn's budget at the last batch's cost):
  // ids first (entries come parents first, so a parent in the same batch already has one), then
  // one tree edit for the batch.
  let pagesDone = 0
  const toCreate = plan.items.filter((i) => i.action === 'create')
  for (let at = 0; at < toCreate.length;) {
    const size = pacer.batchSize()
    const batch = toCreate.slice(at, (at += size)).map((item) => {
      const id = newDocId()
      ids.set(item.sourceId, id)
      return { item, id, title: item.title, parentId: item.parentSourceId ? (ids.get(item.parentSourceId) ?? job.parentId) : job.parentId }
    })
    pages.createMany(job.projectId, userId, batch)
    pagesDone += batch.length
    store.putPages(
      batch.map(({ item, id }) => ({ projectId: job.projectId, sourceKey, sourceId: item.sourceId, docId: id, jobId: job.id, hash: '' })),
      { jobId: job.id, fields: { pagesDone } },
    )
    for (const { item, id } of batch) created.push({ sourceId: item.sourceId, path: item.path, title: item.title, docId: id })
    await pacer.endBatch(batch.length)
  }

  let filesDone = 0
  let written: ImportedPage[] = []
  const record = (): void => {
    store.putPages(written, { jobId: job.id, fields: { filesDone, bytesDone } })
    written = []
  }
  const ctx = (docId: string) => ({
    ...context,
    pageIdOf: (sourceId: string) => ids.get(sourceId) ?? null,
    taskId: (n: number) => `${docId}-t${n}`,
    attachmentOf: (path: string) => files.byPath.get(path) ?? null,
  })
  for (const item of plan.items) {
    if (item.action === 'skip') continue
    const docId = ids.get(item.sourceId)!
    try {
      await writePage(
        registry,
        docId,
        userId,
        adapter.render(source, item as SourceEntry, ctx(docId)),
        () => new Promise((resolve) => setImmediate(resolve)),
        deps.quiet,
      )
      // For an update the row exists and keeps the job that created the page (putPage never changes it).
      // Written with the turn's progress (one sync to disk per turn, not per page); a run cut short
      // before that leaves these pages without their hash, so running it again writes them again.
      written.push({ projectId: job.projectId, sourceKey, sourceId: item.sourceId, docId, jobId: job.id, hash: item.hash })
      if (item.action === 'update') updated.push({ sourceId: item.sourceId, path: item.path, title: item.title, docId })
    } catch (err) {
      if (!(err instanceof DocumentTooLarge)) throw err
      failed.push({ path: item.path, reason: `too large for one page (${err.message}); the page was made empty` })
    }
    filesDone++
    bytesDone += item.bytes
    await pacer.step(() => record())
  }
  record()
  return buildReport({ ...job, pagesDone, filesDone, bytesDone }, { created, updated, failed, attachments: files.report })
}
