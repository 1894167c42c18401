import { spawn } from 'node:child_process'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { openDatabase } from '../db/open.ts'
import { tempDir } from '../test/harness.ts'
import { type CheckpointPolicy, SqliteStore } from './sqlite-store.ts'
import { docFromStored } from './stored-doc.ts'

const repoRoot = path.resolve(import.meta.dirname, '..', '..')

function textUpdate(doc: Y.Doc, text: string): Uint8Array {
  let update: Uint8Array | null = null
  doc.once('update', (u: Uint8Array) => (update = u))
  doc.getText('t').insert(doc.getText('t').length, text)
  return update!
}

const replay = docFromStored

describe('SqliteStore', () => {
  const cleanups: (() => void)[] = []
  afterEach(() => cleanups.splice(0).forEach((fn) => fn()))
  const open = (checkpoints?: CheckpointPolicy) => {
    const { dir, cleanup } = tempDir()
    cleanups.push(cleanup)
    const file = path.join(dir, 'keel.db')
    const store = new SqliteStore(openDatabase(file, { synchronous: 'normal' }), checkpoints)
    cleanups.unshift(() => store.close())
    return { store, file }
  }

  it('appends with per-document sequence numbers and records who and how big', () => {
    const { store } = open()
    store.ensure('a', 1)
    store.ensure('b', 1)
    const doc = new Y.Doc()
    const u1 = textUpdate(doc, 'x')
    const seqs = store.append([
      { docId: 'a', data: u1, userId: 'ann', at: 10 },
      { docId: 'b', data: u1, userId: 'bob', at: 11 },
      { docId: 'a', data: textUpdate(doc, 'y'), userId: 'ann', at: 12 },
    ])
    expect(seqs).toEqual([1, 1, 2])
    expect(store.history('a', 10).map((h) => [h.seq, h.userId])).toEqual([
      [2, 'ann'],
      [1, 'ann'],
    ])
    expect(store.history('a', 10)[1]!.size).toBe(u1.byteLength)
    expect(store.meta('a')).toMatchObject({ lastSeq: 2, logCount: 2, updatedAt: 12 })
    expect(store.meta('nope')).toBeNull()
    expect(store.load('nope')).toBeNull()
  })

  it('hands out the same seqs, counts and bytes one record at a time or many per document at once', () => {
    const { store } = open()
    const { store: other } = open()
    const doc = new Y.Doc()
    const records = ['a', 'b', 'a', 'a', 'c', 'b'].map((docId, i) => ({ docId, data: textUpdate(doc, 'x'.repeat(i + 1)), userId: `u${i}`, at: 100 + i }))
    for (const s of [store, other]) for (const id of ['a', 'b', 'c']) s.ensure(id, 1)
    const batched = store.append(records)
    const single = records.flatMap((r) => other.append([r]))
    expect(batched).toEqual(single)
    expect(batched).toEqual([1, 1, 2, 3, 1, 2])
    for (const id of ['a', 'b', 'c']) {
      expect(store.meta(id)).toEqual(other.meta(id))
      expect(store.history(id, 10)).toEqual(other.history(id, 10))
      expect(store.load(id)!.updates).toEqual(other.load(id)!.updates)
    }
  })

  it('is all or nothing: a batch with one bad record stores none of it', () => {
    const { store } = open()
    store.ensure('a', 1)
    const doc = new Y.Doc()
    expect(() =>
      store.append([
        { docId: 'a', data: textUpdate(doc, 'x'), userId: 'u', at: 1 },
        { docId: 'missing', data: textUpdate(doc, 'y'), userId: 'u', at: 1 },
      ]),
    ).toThrow(/unknown document/)
    expect(store.meta('a')).toMatchObject({ lastSeq: 0, logCount: 0 })
    expect(store.history('a', 10)).toEqual([])
  })

  it('compacts into a snapshot, keeps history rows, and reloads the same state', () => {
    const { store, file } = open()
    store.ensure('a', 1)
    const doc = new Y.Doc()
    for (let i = 0; i < 10; i++) store.append([{ docId: 'a', data: textUpdate(doc, `${i}`), userId: 'u', at: i }])
    store.compact('a', Y.encodeStateAsUpdate(doc), 6)
    // seq 7..10 are after the snapshot: only their data is loaded with it.
    const stored = store.load('a')!
    expect(stored.updates).toHaveLength(4)
    expect(stored.meta).toMatchObject({ snapshotSeq: 6, lastSeq: 10, logCount: 4 })
    expect(replay(stored).getText('t').toString()).toBe('0123456789')
    expect(store.history('a', 100)).toHaveLength(10)
    store.close()
    cleanups.shift()
    const reopened = new SqliteStore(openDatabase(file, { synchronous: 'normal' }))
    cleanups.unshift(() => reopened.close())
    expect(replay(reopened.load('a')!).getText('t').toString()).toBe('0123456789')
  })

  it('keeps the bytes of compacted updates (history) while the size limit counts only snapshot + log after it', () => {
    const { store } = open({ everyUpdates: 1000, everyBytes: 1 << 30 })
    store.ensure('a', 1)
    const doc = new Y.Doc()
    for (let i = 0; i < 10; i++) store.append([{ docId: 'a', data: textUpdate(doc, `${i}`), userId: `u${i % 2}`, at: 100 + i }])
    const snapshot = Y.encodeStateAsUpdate(doc)
    const logged = store.readLog('a', 0, 10)
    store.compact('a', snapshot, 8)
    const after = store.readLog('a', 0, 10)
    expect(after.map((u) => u.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    expect(after.every((u) => u.data !== null)).toBe(true)
    expect(after.map((u) => [u.userId, u.at, u.size])).toEqual(logged.map((u) => [u.userId, u.at, u.size]))
    expect(store.readLog('a', 3, 5).map((u) => u.seq)).toEqual([4, 5])
    const tail = after.slice(8).reduce((n, u) => n + u.size, 0)
    expect(store.meta('a')).toMatchObject({ snapshotSeq: 8, logCount: 2, logBytes: tail, storedBytes: snapshot.byteLength + tail })
    // Not due under this policy: no checkpoint.
    expect(store.checkpointAt('a', 10)).toBeNull()
  })

  it('keeps the snapshot as a checkpoint once K updates or B bytes were logged since the last one', () => {
    const { store } = open({ everyUpdates: 5, everyBytes: 1 << 30 })
    store.ensure('a', 1)
    const doc = new Y.Doc()
    const states: Uint8Array[] = []
    for (let i = 1; i <= 12; i++) {
      store.append([{ docId: 'a', data: textUpdate(doc, `${i % 10}`), userId: 'u', at: i }])
      states[i] = Y.encodeStateAsUpdate(doc)
      // Compaction after every 3 updates: checkpoints at 6 (6 since 0) and 12 (6 since 6), not 3 or 9.
      if (i % 3 === 0) store.compact('a', states[i]!, i)
    }
    expect(store.checkpointAt('a', 5)).toBeNull()
    expect(store.checkpointAt('a', 6)?.seq).toBe(6)
    expect(store.checkpointAt('a', 11)?.seq).toBe(6)
    expect(store.checkpointAt('a', 12)?.seq).toBe(12)
    expect(store.checkpointAt('a', 12)?.data).toEqual(states[12])
    const bytes = open({ everyUpdates: 1000, everyBytes: 1 })
    bytes.store.ensure('b', 1)
    bytes.store.append([{ docId: 'b', data: textUpdate(doc, 'x'), userId: 'u', at: 1 }])
    bytes.store.compact('b', Y.encodeStateAsUpdate(doc), 1)
    expect(bytes.store.checkpointAt('b', 1)?.seq).toBe(1)
  })

  it('the byte rule keeps a minimum spacing in updates, unless the bytes reach burstRatio × the snapshot', () => {
    const { store } = open({ everyUpdates: 1000, everyBytes: 1, snapshotRatio: 0, minUpdates: 4, burstRatio: 1000 })
    store.ensure('a', 1)
    const doc = new Y.Doc()
    for (let i = 1; i <= 8; i++) {
      store.append([{ docId: 'a', data: textUpdate(doc, 'x'.repeat(200)), userId: 'u', at: i }])
      // Compacting after every update: the byte rule is due each time, the spacing only every 4.
      store.compact('a', Y.encodeStateAsUpdate(doc), i)
    }
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((s) => store.checkpointAt('a', s)?.seq ?? null)).toEqual([null, null, null, 4, 4, 4, 4, 8])
    const burst = open({ everyUpdates: 1000, everyBytes: 1, snapshotRatio: 1, minUpdates: 1000, burstRatio: 1 })
    burst.store.ensure('b', 1)
    const big = new Y.Doc()
    burst.store.append([{ docId: 'b', data: textUpdate(big, 'y'.repeat(5000)), userId: 'u', at: 1 }])
    burst.store.compact('b', Y.encodeStateAsUpdate(big), 1)
    expect(burst.store.checkpointAt('b', 1)?.seq).toBe(1)
  })

  it('a compaction that fails half-way changes nothing', () => {
    const { store } = open({ everyUpdates: 1, everyBytes: 1 })
    store.ensure('a', 1)
    const doc = new Y.Doc()
    for (let i = 0; i < 5; i++) store.append([{ docId: 'a', data: textUpdate(doc, `${i}`), userId: 'u', at: i }])
    // Sabotage the last statement of the compaction transaction (the checkpoint, due at once).
    const stmts = (store as unknown as { stmt: { insertCheckpoint: { run: () => void } } }).stmt
    const original = stmts.insertCheckpoint.run
    stmts.insertCheckpoint.run = () => {
      throw new Error('disk full')
    }
    expect(() => store.compact('a', Y.encodeStateAsUpdate(doc), 5)).toThrow('disk full')
    stmts.insertCheckpoint.run = original
    expect(store.checkpointAt('a', 5)).toBeNull()
    const stored = store.load('a')!
    expect(stored.snapshot).toBeNull()
    expect(stored.updates).toHaveLength(5)
    expect(replay(stored).getText('t').toString()).toBe('01234')
  })

  it('a process killed at random moments while appending and compacting always reloads everything it committed', async () => {
    const { dir, cleanup } = tempDir()
    cleanups.push(cleanup)
    const file = path.join(dir, 'keel.db')
    let lastCommitted = -1
    for (let trial = 0; trial < 5; trial++) {
      const child = spawn(process.execPath, ['--import', 'tsx', 'server/test/store-worker.ts', file, 'k'], {
        cwd: repoRoot,
        stdio: ['ignore', 'pipe', 'inherit'],
      })
      let out = ''
      child.stdout.on('data', (d) => (out += d))
      const exited = new Promise((r) => child.once('exit', r))
      // If the test fails or times out mid-trial, the worker must not outlive it (it loops forever).
      cleanups.push(() => child.kill('SIGKILL'))
      // Wait until it is writing, then kill it a random 20–120 ms later.
      while (!out.includes('\n')) await new Promise((r) => setTimeout(r, 10))
      await new Promise((r) => setTimeout(r, 20 + Math.random() * 100))
      child.kill('SIGKILL')
      await exited
      const printed = out.trim().split('\n').map(Number)
      lastCommitted = Math.max(lastCommitted, printed[printed.length - 1]!)
      const store = new SqliteStore(openDatabase(file, { synchronous: 'normal' }))
      const values = replay(store.load('k')!).getArray<number>('n').toArray()
      const integrity = (store as unknown as { db: { pragma: (s: string, o: object) => unknown } }).db.pragma('integrity_check', { simple: true })
      store.close()
      expect(integrity).toBe('ok')
      // Every number printed after its commit is there, once, in order (one more may have committed unprinted).
      expect(values.slice(0, lastCommitted + 1)).toEqual(Array.from({ length: lastCommitted + 1 }, (_, i) => i))
      expect(values.length - (lastCommitted + 1)).toBeLessThanOrEqual(1)
    }
    expect(lastCommitted).toBeGreaterThan(20)
  })
})
