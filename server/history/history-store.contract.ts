import { afterEach, describe, expect, it } from 'vitest'
import type { HistoryStore, NewVersion } from './history-store.ts'

const DAY = 86_400_000

/**
 * What must exist before the first test writes: workspace W1 with project P1 holding pages D1,
 * D2 and the tree document T1, and D3 in no project. `logUpdate` adds a row to D1's or D2's
 * update log (metadata only: the history store reads who and when, never the bytes).
 */
export interface HistoryFixture {
  store: HistoryStore
  logUpdate(docId: string, seq: number, at: number, userId: string): void
  close(): void
}

const version = (docId: string, fields: Partial<NewVersion> = {}): NewVersion => ({
  docId,
  kind: 'auto',
  name: null,
  fromSeq: 1,
  toSeq: 1,
  startedAt: 1000,
  endedAt: 2000,
  authors: ['u-ada'],
  summary: '1 paragraph added',
  stateVector: null,
  restoredFrom: null,
  createdBy: null,
  ...fields,
})

/** Every HistoryStore (SQLite today; PostgreSQL with issue #17) must pass these. */
export function describeHistoryStore(label: string, open: () => HistoryFixture): void {
  describe(`HistoryStore contract: ${label}`, () => {
    const closers: (() => void)[] = []
    afterEach(() => closers.splice(0).forEach((fn) => fn()))
    const fresh = (): HistoryFixture => {
      const f = open()
      closers.push(f.close)
      return f
    }

    it('adds, reads, lists and pages versions of one document only', () => {
      const { store } = fresh()
      const a = store.addVersion(version('D1', { toSeq: 3, stateVector: new Uint8Array([1, 2, 3]) }), [])
      const b = store.addVersion(version('D1', { fromSeq: 4, toSeq: 9, kind: 'named', name: 'Frozen', createdBy: 'u-bo' }), [])
      const other = store.addVersion(version('D2'), [])
      expect(store.version('D1', a.id)).toMatchObject({ docId: 'D1', toSeq: 3, authors: ['u-ada'], stateVector: new Uint8Array([1, 2, 3]) })
      expect(store.version('D1', other.id)).toBeNull()
      expect(store.latest('D1')?.id).toBe(b.id)
      expect(store.list('D1', undefined, 10).map((v) => v.id)).toEqual([b.id, a.id])
      expect(store.list('D1', b.id, 10).map((v) => v.id)).toEqual([a.id])
      expect(store.all('D1').map((v) => v.id)).toEqual([a.id, b.id])
      expect(store.atOrBefore('D1', 8)?.id).toBe(a.id)
      expect(store.atOrBefore('D1', 2)).toBeNull()
      expect(store.after('D1', 3, 10).map((v) => v.id)).toEqual([b.id])
      expect(store.isPage('D1')).toBe(true)
      expect(store.isPage('T1')).toBe(false)
    })

    it('renames: an auto version given a name becomes named; a state vector is set once computed', () => {
      const { store } = fresh()
      const a = store.addVersion(version('D1'), [])
      expect(store.rename('D1', a.id, 'Checkpoint', 'u-bo')).toMatchObject({ kind: 'named', name: 'Checkpoint', createdBy: 'u-bo' })
      expect(store.rename('D2', a.id, 'Elsewhere')).toBeNull()
      store.setStateVector(a.id, new Uint8Array([7]))
      expect(store.version('D1', a.id)?.stateVector).toEqual(new Uint8Array([7]))
    })

    it('keeps clock ranges, merging a range that grows', () => {
      const { store } = fresh()
      store.addVersion(version('D1'), [{ client: 5, clockStart: 0, clockEnd: 3, userId: 'u-ada' }])
      store.addVersion(version('D1'), [
        { client: 5, clockStart: 0, clockEnd: 8, userId: 'u-ada' },
        { client: 9, clockStart: 2, clockEnd: 4, userId: 'u-bo' },
      ])
      expect(store.clientRanges('D1')).toEqual([
        { client: 5, clockStart: 0, clockEnd: 8, userId: 'u-ada' },
        { client: 9, clockStart: 2, clockEnd: 4, userId: 'u-bo' },
      ])
      expect(store.clientRanges('D2')).toEqual([])
    })

    it('reads the open burst from the log: its span and authors in order of first edit', () => {
      const f = fresh()
      f.logUpdate('D1', 1, 100, 'u-ada')
      f.logUpdate('D1', 2, 150, 'u-bo')
      f.logUpdate('D1', 3, 200, 'u-ada')
      expect(f.store.logSpan('D1', 1)).toEqual({ firstSeq: 2, lastSeq: 3, firstAt: 150, lastAt: 200, count: 2 })
      expect(f.store.logSpan('D1', 3)).toBeNull()
      expect(f.store.logAuthors('D1', 0, 3)).toEqual(['u-ada', 'u-bo'])
      expect(f.store.logAuthors('D1', 2, 3)).toEqual(['u-ada'])
    })

    it('records visits and returns the previous one', () => {
      const { store } = fresh()
      expect(store.visit('u-ada', 'D1', 4, 100)).toBeNull()
      expect(store.visit('u-ada', 'D1', 9, 200)).toEqual({ seq: 4, at: 100 })
      expect(store.visit('u-bo', 'D1', 9, 200)).toBeNull()
      expect(store.visit('u-ada', 'D1', 9, 300)).toEqual({ seq: 9, at: 200 })
    })

    it('lists activity per document and per project (its pages only), newest first, paged by time', () => {
      const { store } = fresh()
      const a = store.addVersion(version('D1', { endedAt: 1000 }), [])
      const b = store.addVersion(version('D2', { endedAt: 3000 }), [])
      store.addVersion(version('D3', { endedAt: 2000 }), [])
      expect(store.docActivity('D1', undefined, 10).map((v) => v.id)).toEqual([a.id])
      expect(store.projectActivity('P1', undefined, 10).map((v) => v.id)).toEqual([b.id, a.id])
      expect(store.projectActivity('P1', 3000, 10).map((v) => v.id)).toEqual([a.id])
    })

    it('pages activity on (ended_at, id): versions that ended in the same millisecond are not dropped at a page edge', () => {
      const { store } = fresh()
      const a = store.addVersion(version('D1', { fromSeq: 1, toSeq: 1, startedAt: 1000, endedAt: 5000 }), [])
      const b = store.addVersion(version('D1', { fromSeq: 2, toSeq: 2, startedAt: 1000, endedAt: 5000 }), [])
      expect(store.docActivity('D1', undefined, 1).map((v) => v.id)).toEqual([b.id])
      expect(store.docActivity('D1', 5000, 1, b.id).map((v) => v.id)).toEqual([a.id])
      expect(store.projectActivity('P1', 5000, 10, b.id).map((v) => v.id)).toEqual([a.id])
    })

    it('thins unnamed automatic versions older than the workspace setting to one per day, never across a named one', () => {
      const { store } = fresh()
      const now = 100 * DAY
      const at = (day: number, hour: number) => day * DAY + hour * 3_600_000
      const add = (day: number, hour: number, fields: Partial<NewVersion> = {}) =>
        store.addVersion(version('D1', { startedAt: at(day, hour) - 60_000, endedAt: at(day, hour), ...fields }), [])
      const v1 = add(10, 1, { fromSeq: 1, toSeq: 2, authors: ['u-ada'] })
      const v2 = add(10, 2, { fromSeq: 3, toSeq: 4, authors: ['u-bo'] })
      const v3 = add(10, 3, { fromSeq: 5, toSeq: 6 })
      const named = add(10, 4, { fromSeq: 7, toSeq: 8, kind: 'named', name: 'Keep' })
      const v5 = add(10, 5, { fromSeq: 9, toSeq: 10 })
      const v6 = add(10, 6, { fromSeq: 11, toSeq: 12 })
      const recent = add(99, 1, { fromSeq: 13, toSeq: 14 })
      const recent2 = add(99, 2, { fromSeq: 15, toSeq: 16 })
      expect(store.thin(now)).toBe(0) // no setting: keep everything
      store.setRetention('W1', 30)
      expect(store.retention('W1')).toBe(30)
      expect(store.thin(now)).toBe(3)
      expect(store.all('D1').map((v) => v.id)).toEqual([v3.id, named.id, v6.id, recent.id, recent2.id])
      expect(store.version('D1', v3.id)).toMatchObject({ fromSeq: 1, toSeq: 6, startedAt: v1.startedAt, authors: ['u-ada', 'u-bo'] })
      expect(store.version('D1', v6.id)).toMatchObject({ fromSeq: 9, toSeq: 12 })
      void v2
      void v5
      expect(store.thin(now)).toBe(0)
      store.setRetention('W1', null)
      expect(store.retention('W1')).toBeNull()
    })

    it('keeps offline edit times per log row, widening on a repeat, and spans them over a range of rows', () => {
      const { store } = fresh()
      expect(store.editTimes('D1', 1, 10)).toBeNull()
      store.recordEditTimes('D1', [
        { seq: 3, userId: 'u-ada', editedFrom: 500, editedTo: 700 },
        { seq: 4, userId: 'u-ada', editedFrom: 800, editedTo: 900 },
      ])
      store.recordEditTimes('D1', [{ seq: 3, userId: 'u-ada', editedFrom: 400, editedTo: 600 }])
      expect(store.editTimes('D1', 1, 10)).toEqual({ from: 400, to: 900 })
      expect(store.editTimes('D1', 4, 4)).toEqual({ from: 800, to: 900 })
      expect(store.editTimes('D1', 5, 10)).toBeNull()
      expect(store.editTimes('D2', 1, 10)).toBeNull()
    })
  })
}
