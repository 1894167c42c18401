import { afterEach, describe, expect, it } from 'vitest'
import type { ImportPlan } from '#shared/api/imports'
import type { ImportStore, NewJob } from './import-store.ts'

/** What a backend gives the contract besides the store: a project and pages in it. */
export interface ImportFixture {
  project(): string
  page(projectId: string, docId: string): void
  /** Erases a page for good (the purge), as the documents table does. */
  erase(docId: string): void
}

export interface OpenedImportStore {
  store: ImportStore
  fixture: ImportFixture
  close(): void
}

const PLAN: ImportPlan = {
  adapter: 'markdown',
  settings: { groupBy: 'epic', statusMap: {} },
  source: 'docs',
  items: [],
  skipped: [],
  totals: { create: 0, update: 0, skip: 0, files: 0, bytes: 0 },
}

/** The behaviour every ImportStore must show; one `describeImportStore` call per backend. */
export function describeImportStore(label: string, open: () => OpenedImportStore): void {
  describe(`ImportStore contract: ${label}`, () => {
    const closers: (() => void)[] = []
    afterEach(() => closers.splice(0).forEach((c) => c()))
    const setup = () => {
      const opened = open()
      closers.push(() => opened.close())
      return { ...opened, projectId: opened.fixture.project() }
    }
    const job = (projectId: string, id: string, createdAt: number, over: Partial<NewJob> = {}): NewJob => ({
      id,
      projectId,
      adapter: 'markdown',
      sourceName: 'docs',
      parentId: null,
      status: 'planned',
      createdBy: 'user-1',
      createdAt,
      plan: PLAN,
      error: null,
      source: Uint8Array.from([1, 2, 3]),
      ...over,
    })

    it('stores a job with its plan and source, updates progress and status, lists a project newest first', () => {
      const { store, projectId } = setup()
      store.create(job(projectId, 'j1', 1000))
      store.create(job(projectId, 'j2', 2000))
      expect(store.job('j1')).toMatchObject({ id: 'j1', projectId, status: 'planned', plan: PLAN, report: null, filesDone: 0, pagesTotal: 0 })
      expect([...store.source('j1')!]).toEqual([1, 2, 3])
      store.update('j1', { status: 'running', startedAt: 1500, pagesTotal: 4, filesTotal: 4, bytesTotal: 100, filesDone: 2, bytesDone: 50 })
      expect(store.job('j1')).toMatchObject({ status: 'running', startedAt: 1500, pagesTotal: 4, filesDone: 2, bytesDone: 50 })
      expect(store.unfinished().map((j) => j.id)).toEqual(['j1'])
      store.clearSource('j1')
      expect(store.source('j1')).toBeNull()
      // Only planned jobs' uploads older than the bound go.
      store.create(job(projectId, 'old', 500))
      store.create(job(projectId, 'old-running', 500, { status: 'running' }))
      expect(store.clearStaleSources(1000)).toBe(1)
      expect(store.source('old')).toBeNull()
      expect(store.source('old-running')).not.toBeNull()
      expect(store.source('j2')).not.toBeNull()
      expect(store.ofProject(projectId, 10).map((j) => j.id)).toEqual(['j2', 'j1', 'old-running', 'old'])
      expect(store.ofProject(projectId, 1).map((j) => j.id)).toEqual(['j2'])
      expect(store.job('nope')).toBeNull()
      // A poll's read: the same row without the plan and the report.
      store.update('j1', { plan: { items: [] } as never, report: { jobId: 'j1' } as never })
      const { plan, report, ...rest } = store.job('j1')!
      expect(plan).not.toBeNull()
      expect(report).not.toBeNull()
      expect(store.progress('j1')).toEqual({ ...rest, plan: null, report: null })
      expect(store.progress('nope')).toBeNull()
    })

    it('maps source ids to pages per project and source, keeps the creating job on update, forgets a job’s pages', () => {
      const { store, fixture, projectId } = setup()
      store.create(job(projectId, 'j1', 1000))
      store.create(job(projectId, 'j2', 2000))
      fixture.page(projectId, 'd1')
      fixture.page(projectId, 'd2')
      store.putPage({ projectId, sourceKey: 'markdown:docs', sourceId: 'a.md', docId: 'd1', jobId: 'j1', hash: '' })
      store.putPage({ projectId, sourceKey: 'markdown:docs', sourceId: 'b.md', docId: 'd2', jobId: 'j1', hash: 'h2' })
      // A later run updating a.md: the hash changes, the creating job stays.
      store.putPage({ projectId, sourceKey: 'markdown:docs', sourceId: 'a.md', docId: 'd1', jobId: 'j2', hash: 'h1' })
      expect(store.pages(projectId, 'markdown:docs').get('a.md')).toEqual({
        projectId,
        sourceKey: 'markdown:docs',
        sourceId: 'a.md',
        docId: 'd1',
        jobId: 'j1',
        hash: 'h1',
      })
      expect(store.pages(projectId, 'markdown:other').size).toBe(0)
      expect(store.createdBy('j1').map((p) => p.sourceId)).toEqual(['a.md', 'b.md'])
      expect(store.createdBy('j2')).toEqual([])
      // A batch in one go, as the runner writes them: the same rows as one by one.
      fixture.page(projectId, 'd3')
      store.putPages(
        [
          { projectId, sourceKey: 'markdown:docs', sourceId: 'c.md', docId: 'd3', jobId: 'j2', hash: '' },
          { projectId, sourceKey: 'markdown:docs', sourceId: 'b.md', docId: 'd2', jobId: 'j2', hash: 'h3' },
        ],
        { jobId: 'j2', fields: { filesDone: 2, bytesDone: 10 } },
      )
      expect(store.job('j2')).toMatchObject({ filesDone: 2, bytesDone: 10 })
      expect(store.createdBy('j2').map((p) => p.sourceId)).toEqual(['c.md'])
      expect(store.pages(projectId, 'markdown:docs').get('b.md')).toMatchObject({ jobId: 'j1', hash: 'h3' })
      store.forgetCreatedBy('j2')
      store.forgetCreatedBy('j1')
      expect(store.pages(projectId, 'markdown:docs').size).toBe(0)
    })

    it('forgets the mapping of a page erased for good', () => {
      const { store, fixture, projectId } = setup()
      store.create(job(projectId, 'j1', 1000))
      fixture.page(projectId, 'd1')
      store.putPage({ projectId, sourceKey: 'markdown:docs', sourceId: 'a.md', docId: 'd1', jobId: 'j1', hash: 'h' })
      fixture.erase('d1')
      expect(store.pages(projectId, 'markdown:docs').size).toBe(0)
    })

    it('maps a source’s file paths to attachments per project and source, the last stored winning', () => {
      const { store, projectId } = setup()
      store.putAttachment({ projectId, sourceKey: 'markdown:docs', path: 'img/a.png', attachmentId: 'att_1' })
      store.putAttachment({ projectId, sourceKey: 'markdown:docs', path: 'img/b.png', attachmentId: 'att_2' })
      store.putAttachment({ projectId, sourceKey: 'markdown:docs', path: 'img/a.png', attachmentId: 'att_3' })
      expect(Object.fromEntries(store.attachments(projectId, 'markdown:docs'))).toEqual({ 'img/a.png': 'att_3', 'img/b.png': 'att_2' })
      expect(store.attachments(projectId, 'markdown:other').size).toBe(0)
    })
  })
}
