import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { limits } from '#shared/limits'
import { seeded } from '#shared/testing/prng'
import type { Peer } from './peer.ts'
import { Room } from './room.ts'
import { clockRanges } from './validate.ts'

/**
 * Room.prepare's fast path (received bytes stored and broadcast as is) against nested types,
 * deleted parents (GC'd children), out-of-order delivery (pending structs and deletions), and
 * crafted updates: the log, the snapshot and the broadcasts must each rebuild the room's doc.
 */
const stored = (updates: Uint8Array[] = [], snapshot: Uint8Array | null = null) => ({
  meta: { id: 'd', createdAt: 0, updatedAt: 0, snapshotSeq: 0, lastSeq: 0, storedBytes: 0, logBytes: 0, logCount: 0 },
  snapshot,
  updates,
})

function peer(frames: Uint8Array[] = []): Peer {
  return { id: Math.random(), userId: 'u', identity: { id: 'u', name: 'u', color: '#000' }, send: (f) => frames.push(f), ack() {}, close() {} }
}

function commit(room: Room, from: Peer, updates: Uint8Array[]): Uint8Array[] {
  updates.forEach((u, i) => room.enqueue(from, i + 1, u, clockRanges(Y.decodeUpdate(u))))
  const batch = room.prepare(0)
  room.commitSucceeded(
    batch,
    batch.records.map((_, i) => i + 1),
  )
  return batch.records.map((r) => r.data)
}

function payload(frame: Uint8Array): Uint8Array {
  let n = 2
  while (frame[n]! & 0x80) n++
  return frame.subarray(n + 1)
}

const view = (doc: Y.Doc) => ({
  frag: doc.getXmlFragment('default').toJSON(),
  map: doc.getMap('m').toJSON(),
  sv: [...Y.encodeStateVector(doc)],
})

function edit(doc: Y.Doc, rand: () => number): void {
  const frag = doc.getXmlFragment('default')
  const r = rand()
  const blocks = frag.toArray() as Y.XmlElement[]
  if (blocks.length === 0 || r < 0.15) {
    const p = new Y.XmlElement('p')
    const inner = new Y.XmlElement('span')
    inner.insert(0, [new Y.XmlText('in')])
    p.insert(0, [new Y.XmlText('x'), inner])
    frag.insert(Math.floor(rand() * (frag.length + 1)), [p])
  } else if (r < 0.3) {
    frag.delete(Math.floor(rand() * blocks.length), 1) // a parent with children: they get GC'd
  } else if (r < 0.8) {
    const b = blocks[Math.floor(rand() * blocks.length)]!
    const t = b.get(0) as Y.XmlText
    if (rand() < 0.3 && t.length > 1) t.delete(0, 1)
    else t.insert(Math.floor(rand() * (t.length + 1)), 'ab'.slice(Math.floor(rand() * 2)))
    const span = b.get(1) as Y.XmlElement | undefined
    if (span && rand() < 0.3) (span.get(0) as Y.XmlText).insert(0, 'q')
  } else {
    doc.getMap('m').set(`k${Math.floor(rand() * 4)}`, Math.floor(rand() * 100))
  }
}

describe('Room fast path: log, snapshot and broadcasts rebuild the doc', () => {
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    it(`random nested edits with deleted parents, delivered out of order (seed ${seed})`, () => {
      const rand = seeded(seed)
      const room = new Room('d', stored(), limits)
      const frames: Uint8Array[] = []
      room.join(peer(frames))
      const clients = [new Y.Doc(), new Y.Doc(), new Y.Doc()]
      const inflight: Uint8Array[] = []
      for (const c of clients)
        c.on('update', (u: Uint8Array, origin: unknown) => {
          if (origin !== 'sync') inflight.push(u)
        })
      const log: Uint8Array[] = []
      for (let step = 0; step < 150; step++) {
        edit(clients[Math.floor(rand() * 3)]!, rand)
        if (rand() < 0.2) {
          const [a, b] = [clients[Math.floor(rand() * 3)]!, clients[Math.floor(rand() * 3)]!]
          Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)), 'sync')
        }
        if (rand() < 0.3 && inflight.length > 0) {
          const batch = inflight.splice(0, 1 + Math.floor(rand() * inflight.length))
          for (let i = batch.length - 1; i > 0; i--) {
            const j = Math.floor(rand() * (i + 1))
            ;[batch[i], batch[j]] = [batch[j]!, batch[i]!]
          }
          // Sometimes hold one back: the rest waits on it (pending structs / deletions).
          if (batch.length > 1 && rand() < 0.3) inflight.push(batch.pop()!)
          log.push(...commit(room, peer(), batch))
        }
      }
      log.push(...commit(room, peer(), inflight.splice(0)))
      log.push(
        ...commit(
          room,
          peer(),
          clients.map((c) => Y.encodeStateAsUpdate(c)),
        ),
      )
      const expected = view(room.doc)
      expect(room.doc.store.pendingStructs).toBeNull()
      expect(view(clients[0]!).frag).toEqual(expect.anything())
      const fromLog = new Room('d', stored(log), limits)
      expect(view(fromLog.doc)).toEqual(expected)
      const fromSnapshot = new Room('d', stored([], room.encodeSnapshot()), limits)
      expect(view(fromSnapshot.doc)).toEqual(expected)
      const viewer = new Y.Doc()
      for (const f of frames.slice(1)) Y.applyUpdate(viewer, payload(f))
      expect(view(viewer)).toEqual(expected)
      // Every client converges on the room's state once it has everything.
      for (const c of clients) Y.applyUpdate(c, Y.encodeStateAsUpdate(room.doc))
      for (const c of clients) expect(view(c).frag).toEqual(expected.frag)
    })
  }
})

describe('clockRanges', () => {
  it('two runs of one client (crafted): Yjs keeps only the last, and room, log and snapshot agree', async () => {
    const encoding = await import('lib0/encoding')
    const src = new Y.Doc()
    src.clientID = 5
    const ups: Uint8Array[] = []
    src.on('update', (u: Uint8Array) => ups.push(u))
    src.getText('t').insert(0, 'ab')
    src.getText('t').insert(2, 'cd')
    const [first, second] = ups.map((u) => Y.decodeUpdate(u).structs[0] as Y.Item)
    const enc = new Y.UpdateEncoderV1()
    encoding.writeVarUint(enc.restEncoder, 2)
    for (const item of [first!, second!]) {
      encoding.writeVarUint(enc.restEncoder, 1)
      enc.writeClient(5)
      encoding.writeVarUint(enc.restEncoder, item.id.clock)
      item.write(enc, 0)
    }
    encoding.writeVarUint(enc.restEncoder, 0)
    const update = enc.toUint8Array()
    // The decoded list cannot show the run boundary: the fast path takes it, as if it integrated.
    expect(clockRanges(Y.decodeUpdate(update))).toEqual(new Map([[5, { start: 0, end: 4 }]]))
    const room = new Room('d', stored(), limits)
    const log = commit(room, peer(), [update])
    expect(room.doc.getText('t').toString()).toBe('')
    expect(new Room('d', stored(log), limits).doc.getText('t').toString()).toBe('')
    expect(new Room('d', stored([], room.encodeSnapshot()), limits).doc.getText('t').toString()).toBe('')
  })
})
