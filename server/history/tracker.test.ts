import pino from 'pino'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Room } from '../collab/room.ts'
import type { HistoryStore, LogSpan, VersionRow } from './history-store.ts'
import type { RecordInput, VersionRecorder } from './recorder.ts'
import { VersionTracker } from './tracker.ts'

const MIN = 60_000

/** Just what the tracker reads of a room: its id, lastSeq, peers and whether it failed. */
function fakeRoom(id = 'doc'): Room & { lastSeq: number } {
  return { id, lastSeq: 0, peers: new Set(), failed: false } as unknown as Room & { lastSeq: number }
}

describe('VersionTracker', () => {
  let recorded: (RecordInput & { toSeq: number })[] = []
  let latest: VersionRow | null = null
  let span: LogSpan | null = null
  /** While set, recording throws (a full disk, a broken checkpoint); every attempt is counted. */
  let failing = false
  let attempts = 0
  const history = {
    isPage: () => true,
    latest: () => latest,
    logSpan: () => span,
  } as unknown as HistoryStore
  const recorder = {
    record(room: Room, input: RecordInput): VersionRow {
      attempts++
      if (failing) throw new Error('disk full')
      recorded.push({ ...input, toSeq: room.lastSeq })
      return { toSeq: room.lastSeq } as VersionRow
    },
  } as unknown as VersionRecorder
  const make = (options = { idleMs: 5 * MIN, maxSpanMs: 60 * MIN, maxUpdates: 2000 }) =>
    new VersionTracker(history, recorder, pino({ level: 'silent' }), options, () => Date.now())
  /** Moves the fake clock to `at` (running the timers due on the way), then commits one update. */
  const commit = (tracker: VersionTracker, room: Room & { lastSeq: number }, at: number) => {
    vi.advanceTimersByTime(Math.max(0, at - Date.now()))
    room.lastSeq++
    tracker.afterCommit(room)
  }

  beforeEach(() => {
    vi.useFakeTimers({ now: 0 })
    recorded = []
    latest = null
    span = null
    failing = false
    attempts = 0
  })
  afterEach(() => vi.useRealTimers())

  it('closes a burst once it has been idle for idleMs, however many commits kept it open before', () => {
    const tracker = make()
    const room = fakeRoom()
    tracker.onLoad(room)
    for (let minute = 0; minute <= 10; minute += 2) commit(tracker, room, minute * MIN)
    vi.advanceTimersByTime(5 * MIN - 1)
    expect(recorded).toEqual([])
    vi.advanceTimersByTime(1)
    expect(recorded).toEqual([{ kind: 'auto', fromSeq: 1, toSeq: 6 }])
    // The next commit starts the next burst after it.
    commit(tracker, room, 20 * MIN)
    expect(tracker.burstOf('doc')).toMatchObject({ fromSeq: 7 })
  })

  it('closes when the last peer leaves (on the next turn), not while someone stays', () => {
    const tracker = make()
    const room = fakeRoom()
    tracker.onLoad(room)
    const peer = {} as never
    room.peers.add(peer)
    room.peers.add({} as never)
    commit(tracker, room, 1000)
    room.peers.delete(peer)
    tracker.afterLeave(room)
    vi.advanceTimersByTime(0)
    expect(recorded).toEqual([])
    room.peers.clear()
    tracker.afterLeave(room)
    vi.advanceTimersByTime(0)
    expect(recorded).toEqual([{ kind: 'auto', fromSeq: 1, toSeq: 1 }])
  })

  it('closes past the longest span or the most updates; unload closes synchronously, a failed room does not', () => {
    const tracker = make({ idleMs: 30 * MIN, maxSpanMs: 10 * MIN, maxUpdates: 3 })
    const room = fakeRoom()
    tracker.onLoad(room)
    for (let i = 0; i < 3; i++) commit(tracker, room, i)
    vi.advanceTimersByTime(0)
    expect(recorded).toEqual([{ kind: 'auto', fromSeq: 1, toSeq: 3 }])
    commit(tracker, room, 1 * MIN)
    commit(tracker, room, 12 * MIN)
    vi.advanceTimersByTime(0)
    expect(recorded[1]).toEqual({ kind: 'auto', fromSeq: 4, toSeq: 5 })
    commit(tracker, room, 13 * MIN)
    tracker.onUnload(room)
    expect(recorded[2]).toEqual({ kind: 'auto', fromSeq: 6, toSeq: 6 })
    const failed = fakeRoom('other')
    tracker.onLoad(failed)
    commit(tracker, failed, 14 * MIN)
    ;(failed as { failed: boolean }).failed = true
    tracker.onUnload(failed)
    expect(recorded).toHaveLength(3)
  })

  it('after a crash, the load reopens the burst of the updates after the newest version', () => {
    latest = { toSeq: 10 } as VersionRow
    span = { firstSeq: 11, lastSeq: 14, firstAt: 500, lastAt: 900, count: 4 }
    const tracker = make()
    const room = fakeRoom()
    room.lastSeq = 14
    vi.advanceTimersByTime(1000)
    tracker.onLoad(room)
    expect(tracker.burstOf('doc')).toEqual({ fromSeq: 11, startedAt: 500, lastAt: 900 })
    vi.advanceTimersByTime(5 * MIN)
    expect(recorded).toEqual([{ kind: 'auto', fromSeq: 11, toSeq: 14 }])
  })

  it('closeNow closes as named (or records an empty named version when asked to)', () => {
    const tracker = make()
    const room = fakeRoom()
    tracker.onLoad(room)
    expect(tracker.closeNow('doc', { kind: 'named', name: 'x' })).toBeNull()
    commit(tracker, room, 1)
    tracker.closeNow('doc', { kind: 'named', name: 'Frozen', createdBy: 'u' })
    tracker.closeNow('doc', { kind: 'named', name: 'Again' }, true)
    expect(recorded).toEqual([
      { kind: 'named', name: 'Frozen', createdBy: 'u', fromSeq: 1, toSeq: 1 },
      { kind: 'named', name: 'Again', fromSeq: 2, toSeq: 1 },
    ])
  })

  it('after a failed idle close, retries after a backoff (the burst does not stay open for good)', () => {
    const tracker = make()
    const room = fakeRoom()
    tracker.onLoad(room)
    commit(tracker, room, 0)
    failing = true
    vi.advanceTimersByTime(5 * MIN)
    expect(attempts).toBe(1)
    failing = false
    vi.advanceTimersByTime(1000)
    expect(recorded).toEqual([{ kind: 'auto', fromSeq: 1, toSeq: 1 }])
  })

  it('past maxUpdates, a failing close is retried with a backoff, not on every commit', () => {
    const tracker = make({ idleMs: 5 * MIN, maxSpanMs: 60 * MIN, maxUpdates: 3 })
    const room = fakeRoom()
    tracker.onLoad(room)
    failing = true
    for (let i = 0; i < 3; i++) commit(tracker, room, i)
    vi.advanceTimersByTime(0)
    expect(attempts).toBe(1)
    for (let i = 0; i < 20; i++) {
      commit(tracker, room, 10 + i)
      vi.advanceTimersByTime(0)
    }
    expect(attempts).toBe(1)
    // The first failure was at 2 ms: the retry at 1,002 ms (fails again, next 2 s later).
    vi.advanceTimersByTime(1002 - Date.now())
    expect(attempts).toBe(2)
    failing = false
    vi.advanceTimersByTime(3001 - Date.now())
    expect(attempts).toBe(2)
    vi.advanceTimersByTime(1)
    expect(recorded).toEqual([{ kind: 'auto', fromSeq: 1, toSeq: 23 }])
    // Closed: the next burst is tracked and idle-closes as usual.
    commit(tracker, room, 10 * MIN)
    vi.advanceTimersByTime(5 * MIN)
    expect(recorded[1]).toEqual({ kind: 'auto', fromSeq: 24, toSeq: 24 })
  })
})
