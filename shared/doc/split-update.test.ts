import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { seeded } from '../testing/prng.ts'
import { splitUpdate } from './split-update.ts'

const pick = <T>(items: readonly T[], rand: () => number): T => items[Math.floor(rand() * items.length)] as T

const WORDS = ['loss ', 'eval ', 'the curve flattens ', 'warmup ', 'é', '中文 ', 'checkpoint 12 ']

/** Random Tiptap-shaped edits: paragraphs of XmlText with marks, deletions, a map of runs. */
function edit(doc: Y.Doc, rand: () => number, n: number): void {
  const frag = doc.getXmlFragment('default')
  for (let i = 0; i < n; i++) {
    doc.transact(() => {
      const r = rand()
      const blocks = frag.toArray() as Y.XmlElement[]
      if (blocks.length === 0 || r < 0.1) {
        const p = new Y.XmlElement('paragraph')
        p.insert(0, [new Y.XmlText(pick(WORDS, rand))])
        frag.insert(Math.floor(rand() * (frag.length + 1)), [p])
        return
      }
      const text = pick(blocks, rand).get(0) as Y.XmlText
      if (r < 0.7) text.insert(Math.floor(rand() * (text.length + 1)), pick(WORDS, rand), rand() < 0.2 ? { bold: true } : undefined)
      else if (r < 0.85 && text.length > 2) text.delete(Math.floor(rand() * (text.length - 1)), 1 + Math.floor(rand() * 2))
      else if (r < 0.92 && text.length > 2) text.format(0, Math.floor(rand() * text.length), { italic: true })
      else doc.getMap('experiments').set(`run-${Math.floor(rand() * 50)}`, rand())
    })
  }
}

function replica(of: Y.Doc): Y.Doc {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(of))
  return doc
}

function shuffle<T>(items: T[], rand: () => number): T[] {
  const out = [...items]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1))
    ;[out[i], out[j]] = [out[j] as T, out[i] as T]
  }
  return out
}

function expectSameDoc(a: Y.Doc, b: Y.Doc): void {
  expect(Y.encodeStateVector(a)).toEqual(Y.encodeStateVector(b))
  expect(a.getXmlFragment('default').toJSON()).toBe(b.getXmlFragment('default').toJSON())
  expect(a.getMap('experiments').toJSON()).toEqual(b.getMap('experiments').toJSON())
  expect(a.store.pendingStructs).toBeNull()
  expect(a.store.pendingDs).toBeNull()
}

describe('splitUpdate', () => {
  it('returns a small update as it is', () => {
    const doc = new Y.Doc()
    edit(doc, seeded(1), 20)
    const update = Y.encodeStateAsUpdate(doc)
    expect(splitUpdate(update, update.byteLength)).toEqual([update])
  })

  for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
    it(`an offline diff split into chunks applies, in the order sent, to the server's state (seed ${seed})`, () => {
      const rand = seeded(seed)
      const server = new Y.Doc()
      edit(server, rand, 200)
      // The offline client, plus a second client whose edits it saw (via IndexedDB/another tab)
      // but the server did not: the diff then holds runs of two clients and deletions of both.
      const offline = replica(server)
      const other = replica(server)
      edit(offline, rand, 400)
      edit(other, rand, 200)
      Y.applyUpdate(offline, Y.encodeStateAsUpdate(other, Y.encodeStateVector(offline)))
      edit(offline, rand, 100)

      const diff = Y.encodeStateAsUpdate(offline, Y.encodeStateVector(server))
      const max = 1024
      const chunks = splitUpdate(diff, max)
      expect(chunks).not.toBeNull()
      expect(chunks!.length).toBeGreaterThan(diff.byteLength / max)
      for (const chunk of chunks!) expect(chunk.byteLength).toBeLessThanOrEqual(max)

      // In the order sent (one socket, applied in receipt order). NOT in any order: with formatting
      // marks, Yjs's format cleanup after a remote transaction depends on integration order, and a
      // shuffled delivery intermittently ends with different marks (same state vector): seen with
      // this seed about one run in three, depending on the random client ids.
      for (const chunk of chunks!) Y.applyUpdate(server, chunk)
      expectSameDoc(server, offline)
    })
  }

  it('carries the deletions in a chunk of their own', () => {
    const server = new Y.Doc()
    edit(server, seeded(9), 300)
    const offline = replica(server)
    offline.transact(() => {
      for (const block of offline.getXmlFragment('default').toArray() as Y.XmlElement[]) {
        const text = block.get(0) as Y.XmlText
        if (text.length > 1) text.delete(0, 1)
      }
    })
    edit(offline, seeded(10), 100)
    const diff = Y.encodeStateAsUpdate(offline, Y.encodeStateVector(server))
    const chunks = splitUpdate(diff, 512)!
    expect(chunks.length).toBeGreaterThan(2)
    // The last chunk holds no structs, only the deletions.
    const last = Y.decodeUpdate(chunks.at(-1)!)
    expect(last.structs).toEqual([])
    expect(last.ds.clients.size).toBeGreaterThan(0)
    for (const chunk of chunks) Y.applyUpdate(server, chunk)
    expectSameDoc(server, offline)
  })

  it('splits a delete set that alone is over the limit (a step 2 always carries the whole delete set)', () => {
    const server = new Y.Doc()
    server.getText('t').insert(0, 'ab'.repeat(20000))
    const offline = replica(server)
    const text = offline.getText('t')
    // Every other character: 20,000 separate deletion ranges, far more than 4 KiB of delete set.
    for (let i = text.length - 1; i >= 0; i -= 2) text.delete(i, 1)
    text.insert(0, 'offline work')
    const diff = Y.encodeStateAsUpdate(offline, Y.encodeStateVector(server))
    const max = 4096
    expect(Y.encodeStateAsUpdate(offline).byteLength).toBeGreaterThan(max)
    const chunks = splitUpdate(diff, max)
    expect(chunks).not.toBeNull()
    for (const chunk of chunks!) expect(chunk.byteLength).toBeLessThanOrEqual(max)
    for (const chunk of shuffle(chunks!, seeded(11))) Y.applyUpdate(server, chunk)
    expect(server.getText('t').toString()).toBe(text.toString())
    expect(Y.encodeStateVector(server)).toEqual(Y.encodeStateVector(offline))
    expect(server.store.pendingDs).toBeNull()
  })

  it('GC structs, nested types, a deleted subtree and pending structs survive a split', () => {
    for (const seed of [21, 22, 23, 24]) {
      const rand = seeded(seed)
      const server = new Y.Doc()
      edit(server, rand, 100)
      const offline = replica(server)
      edit(offline, rand, 300)
      // A whole block deleted offline: its children become GC structs in the diff.
      offline.transact(() => {
        const frag = offline.getXmlFragment('default')
        if (frag.length > 2) frag.delete(0, 2)
      })
      // Structs another client made that this one holds only pending (their origin is missing).
      const third = replica(offline)
      const [early, late] = [0, 1].map(() => {
        const before = Y.encodeStateVector(third)
        edit(third, rand, 20)
        return Y.encodeStateAsUpdate(third, before)
      })
      Y.applyUpdate(offline, late!)
      expect(offline.store.pendingStructs).not.toBeNull()
      const diff = Y.encodeStateAsUpdate(offline, Y.encodeStateVector(server))
      const chunks = splitUpdate(diff, 700)!
      expect(chunks).not.toBeNull()
      for (const chunk of chunks) expect(chunk.byteLength).toBeLessThanOrEqual(700)
      for (const chunk of chunks) Y.applyUpdate(server, chunk)
      Y.applyUpdate(server, early!)
      Y.applyUpdate(offline, early!)
      expectSameDoc(server, offline)
    }
  })

  it('splits by structure count too: a paste of many small pieces under the byte limit', () => {
    const server = new Y.Doc()
    edit(server, seeded(31), 50)
    const offline = replica(server)
    const text = offline.getText('t')
    // 3,000 one-character inserts at scattered places (separate structs) and 500 deletion ranges.
    offline.transact(() => {
      text.insert(0, 'ab'.repeat(1000))
      for (let i = 0; i < 3000; i++) text.insert((i * 7919) % text.length, 'k')
    })
    Y.applyUpdate(server, Y.encodeStateAsUpdate(offline, Y.encodeStateVector(server)))
    for (let i = 0; i < 500; i++) text.delete((i * 104729) % (text.length - 1), 1)
    offline.transact(() => {
      for (let i = 0; i < 3000; i++) text.insert((i * 7919) % text.length, 'z')
    })
    const diff = Y.encodeStateAsUpdate(offline, Y.encodeStateVector(server))
    const count = (u: Uint8Array) => {
      const { structs, ds } = Y.decodeUpdate(u)
      return structs.length + [...ds.clients.values()].reduce((n, r) => n + r.length, 0)
    }
    expect(count(diff)).toBeGreaterThan(3000)
    const chunks = splitUpdate(diff, 1024 * 1024, 1000)!
    expect(chunks.length).toBeGreaterThan(3)
    for (const chunk of chunks) expect(count(chunk)).toBeLessThanOrEqual(1000)
    for (const chunk of chunks) Y.applyUpdate(server, chunk)
    expect(server.getText('t').toString()).toBe(text.toString())
    expect(Y.encodeStateVector(server)).toEqual(Y.encodeStateVector(offline))
    // Under both limits: returned as it is, without a copy.
    expect(splitUpdate(diff, 1024 * 1024, 100_000)).toEqual([diff])
  })

  it('refuses when one struct alone is over the limit', () => {
    const doc = new Y.Doc()
    doc.getText('t').insert(0, 'x'.repeat(5000))
    expect(splitUpdate(Y.encodeStateAsUpdate(doc), 1000)).toBeNull()
  })
})
