import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { openDatabase } from '../db/open.ts'
import { tempDir } from '../test/harness.ts'
import { SqliteStore } from '../store/sqlite-store.ts'
import { ClockAuthors, clientRangesOf, stateAt } from './state-at.ts'

/** A small deterministic PRNG (mulberry32), so a failing seed can be replayed. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

describe('stateAt', () => {
  const cleanups: (() => void)[] = []
  afterEach(() => cleanups.splice(0).forEach((fn) => fn()))

  it('equals the document replayed to each seq, across checkpoints and compactions (20 seeds)', () => {
    const { dir, cleanup } = tempDir()
    cleanups.push(cleanup)
    const store = new SqliteStore(openDatabase(path.join(dir, 'keel.db'), { synchronous: 'normal' }), { everyUpdates: 7, everyBytes: 1 << 30 })
    cleanups.unshift(() => store.close())
    for (let seed = 1; seed <= 20; seed++) {
      const docId = `d${seed}`
      store.ensure(docId, 0)
      const random = rng(seed)
      const writers = [new Y.Doc(), new Y.Doc()]
      const server = new Y.Doc()
      const expected: string[] = ['']
      for (let seq = 1; seq <= 60; seq++) {
        const w = writers[Math.floor(random() * 2)]!
        Y.applyUpdate(w, Y.encodeStateAsUpdate(server))
        const before = Y.encodeStateVector(w)
        const text = w.getText('t')
        if (text.length > 0 && random() < 0.3) text.delete(Math.floor(random() * text.length), 1 + Math.floor(random() * 3))
        else text.insert(Math.floor(random() * (text.length + 1)), String.fromCharCode(97 + Math.floor(random() * 26)).repeat(1 + Math.floor(random() * 4)))
        const update = Y.encodeStateAsUpdate(w, before)
        Y.applyUpdate(server, update)
        store.append([{ docId, data: update, userId: 'u', at: seq }])
        expected[seq] = server.getText('t').toString()
        if (random() < 0.2) store.compact(docId, Y.encodeStateAsUpdate(server), seq)
      }
      for (let seq = 0; seq <= 60; seq++) {
        const doc = stateAt(store, docId, seq)
        expect(doc.getText('t').toString(), `seed ${seed} seq ${seq}`).toBe(expected[seq])
        doc.destroy()
      }
    }
  })

  it('maps clocks to the users whose updates wrote them', () => {
    const a = new Y.Doc()
    const rows: { userId: string; data: Uint8Array }[] = []
    a.on('update', (u: Uint8Array) => rows.push({ userId: rows.length < 2 ? 'u-ada' : 'u-bo', data: u }))
    for (const s of ['ab', 'cd', 'ef']) a.getText('t').insert(a.getText('t').length, s)
    const ranges = clientRangesOf(rows)
    expect(ranges).toEqual([
      { client: a.clientID, clockStart: 0, clockEnd: 4, userId: 'u-ada' },
      { client: a.clientID, clockStart: 4, clockEnd: 6, userId: 'u-bo' },
    ])
    const authors = new ClockAuthors(ranges)
    expect([0, 3, 4, 5, 6].map((c) => authors.userOf(a.clientID, c))).toEqual(['u-ada', 'u-ada', 'u-bo', 'u-bo', null])
    expect(authors.cuts(a.clientID, 2, 6)).toEqual([4])
  })

  it('cuts (binary search) equals a scan of every range, overlapping ranges included', () => {
    const next = rng(7)
    for (let round = 0; round < 50; round++) {
      const ranges = Array.from({ length: 1 + Math.floor(next() * 40) }, () => {
        const clockStart = Math.floor(next() * 200)
        return { client: 1, clockStart, clockEnd: clockStart + 1 + Math.floor(next() * 30), userId: next() < 0.5 ? 'a' : 'b' }
      })
      const authors = new ClockAuthors(ranges)
      for (let q = 0; q < 20; q++) {
        const start = Math.floor(next() * 220)
        const end = start + 1 + Math.floor(next() * 40)
        const scan = new Set<number>()
        for (const r of ranges) {
          if (r.clockStart > start && r.clockStart < end) scan.add(r.clockStart)
          if (r.clockEnd > start && r.clockEnd < end) scan.add(r.clockEnd)
        }
        expect(authors.cuts(1, start, end)).toEqual([...scan].sort((x, y) => x - y))
      }
    }
  })
})
