import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { EDIT_TIME_LIMITS } from '#shared/limits'
import { OfflineTimes, type SendOutcome, type SpanStorage } from './offline-times.ts'

class MemoryStorage implements SpanStorage {
  readonly items = new Map<string, string>()
  getItem = (k: string) => this.items.get(k) ?? null
  setItem = (k: string, v: string) => void this.items.set(k, v)
  removeItem = (k: string) => void this.items.delete(k)
}

/** Records the clock run of every local transaction on `doc`, as DocSession does while offline. */
function watch(doc: Y.Doc, times: OfflineTimes, clock: { now: number }): void {
  doc.on('afterTransaction', (tr: Y.Transaction) => {
    if (!tr.local) return
    times.record(doc.clientID, tr.beforeState.get(doc.clientID) ?? 0, tr.afterState.get(doc.clientID) ?? 0, clock.now)
  })
}

describe('OfflineTimes', () => {
  it("joins a run of one client's edits into one span from the first edit's time to the last's", () => {
    const doc = new Y.Doc()
    const times = new OfflineTimes(new MemoryStorage(), 'k')
    const clock = { now: 1_000 }
    watch(doc, times, clock)
    doc.getText('t').insert(0, 'abc')
    clock.now = 5_000
    doc.getText('t').insert(3, 'de')
    expect(times.pending).toEqual([{ client: doc.clientID, clockStart: 0, clockEnd: 5, editedFrom: 1_000, editedTo: 5_000 }])
  })

  it('survives a reload (a new clientID starts a new span) and drops what the server took', async () => {
    const storage = new MemoryStorage()
    const clock = { now: 1_000 }
    const before = new Y.Doc()
    const first = new OfflineTimes(storage, 'k')
    watch(before, first, clock)
    before.getText('t').insert(0, 'offline')
    const after = new Y.Doc()
    const second = new OfflineTimes(storage, 'k')
    watch(after, second, clock)
    after.getText('t').insert(0, 'again')
    expect(second.pending.map((s) => s.client)).toEqual([before.clientID, after.clientID])

    const sent: number[][] = []
    await second.flush(async (spans) => {
      sent.push(spans.map((s) => s.client))
      return 'sent'
    })
    expect(sent).toEqual([[before.clientID, after.clientID]])
    expect(second.pending).toEqual([])
    expect(storage.items.size).toBe(0)
  })

  it('keeps the spans when the send is to be retried, and drops them when refused', async () => {
    const times = new OfflineTimes(new MemoryStorage(), 'k')
    times.record(7, 0, 3, 100)
    for (const [outcome, left] of [
      ['retry', 1],
      ['refused', 0],
    ] as [SendOutcome, number][]) {
      await times.flush(async () => outcome)
      expect(times.pending.length).toBe(left)
    }
  })

  it('keeps spans recorded while a send was out', async () => {
    const times = new OfflineTimes(new MemoryStorage(), 'k')
    times.record(7, 0, 3, 100)
    await times.flush(async () => {
      times.record(8, 0, 2, 200)
      return 'sent'
    })
    expect(times.pending).toEqual([{ client: 8, clockStart: 0, clockEnd: 2, editedFrom: 200, editedTo: 200 }])
  })

  it('never holds more spans than the server accepts: the oldest runs merge and the times widen', () => {
    const times = new OfflineTimes(new MemoryStorage(), 'k')
    // Gaps between the runs (another device's edits interleaved): each is its own span.
    for (let i = 0; i < EDIT_TIME_LIMITS.maxEditTimeSpans + 5; i++) times.record(7, i * 10, i * 10 + 5, 1_000 + i)
    expect(times.pending.length).toBe(EDIT_TIME_LIMITS.maxEditTimeSpans)
    expect(times.pending[0]).toMatchObject({ clockStart: 0, editedFrom: 1_000 })
  })

  it('ignores garbage in storage', () => {
    const storage = new MemoryStorage()
    storage.setItem('k', '[{"client":"x"},{"client":1,"clockStart":0,"clockEnd":2,"editedFrom":5,"editedTo":6}]')
    expect(new OfflineTimes(storage, 'k').pending).toEqual([{ client: 1, clockStart: 0, clockEnd: 2, editedFrom: 5, editedTo: 6 }])
    storage.setItem('k', 'not json')
    expect(new OfflineTimes(storage, 'k').pending).toEqual([])
  })
})
