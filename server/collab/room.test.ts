import * as decoding from 'lib0/decoding'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { limits } from '#shared/limits'
import type { Peer } from './peer.ts'
import { Room } from './room.ts'
import { batchSends, corkInBatch } from './send-batch.ts'

function peer(frames: Uint8Array[] = []): Peer {
  return { id: Math.random(), userId: 'u', identity: { id: 'u', name: 'u', color: '#000' }, send: (f) => frames.push(f), ack() {}, close() {} }
}

/** A document with some paragraphs, as a snapshot; plus the same state built in a Y.Doc. */
function snapshotOf(blocks: number): { snapshot: Uint8Array; doc: Y.Doc } {
  const doc = new Y.Doc()
  const fragment = doc.getXmlFragment('default')
  fragment.insert(
    0,
    Array.from({ length: blocks }, (_, i) => {
      const p = new Y.XmlElement('paragraph')
      p.insert(0, [new Y.XmlText(`paragraph ${i}`)])
      return p
    }),
  )
  fragment.delete(0, 1) // a delete set too
  return { snapshot: Y.encodeStateAsUpdate(doc), doc }
}

const stored = (snapshot: Uint8Array | null, updates: Uint8Array[] = []) => ({
  meta: { id: 'd', createdAt: 0, updatedAt: 0, snapshotSeq: 1, lastSeq: 1, storedBytes: 0, logBytes: 0, logCount: 0 },
  snapshot,
  updates,
})

/** [sync sub-type, payload] of a sync frame. */
function syncPayload(frame: Uint8Array): [number, Uint8Array] {
  const d = decoding.createDecoder(frame)
  expect(decoding.readVarUint(d)).toBe(0)
  return [decoding.readVarUint(d), decoding.readVarUint8Array(d)]
}

describe('Room loaded from a snapshot (served before it is built)', () => {
  it('sends the same step 1 and an equivalent step 2 as a built room, and builds on first use', () => {
    const { snapshot, doc: expected } = snapshotOf(50)
    let hooks = 0
    const cold = new Room('d', stored(snapshot), limits)
    cold.whenBuilt(() => hooks++)
    const built = new Room('d', stored(snapshot), limits)
    void built.doc
    expect(hooks).toBe(0)

    const coldFrames: Uint8Array[] = []
    const builtFrames: Uint8Array[] = []
    const a = peer(coldFrames)
    const b = peer(builtFrames)
    cold.join(a)
    built.join(b)
    expect(syncPayload(coldFrames[0]!)).toEqual(syncPayload(builtFrames[0]!)) // state vectors
    cold.answerStep1(a, Y.encodeStateVector(new Y.Doc()))
    built.answerStep1(b, Y.encodeStateVector(new Y.Doc()))
    expect(hooks).toBe(0) // still served from the snapshot
    for (const frames of [coldFrames, builtFrames]) {
      const [sub, update] = syncPayload(frames[1]!)
      expect(sub).toBe(1)
      const client = new Y.Doc()
      Y.applyUpdate(client, update)
      expect(client.getXmlFragment('default').toString()).toBe(expected.getXmlFragment('default').toString())
      expect(Y.encodeStateVector(client)).toEqual(Y.encodeStateVector(expected))
    }

    // A non-empty state vector, an update or `doc` builds it, runs the hook once, captures nothing.
    const partial = new Y.Doc()
    Y.applyUpdate(partial, snapshot)
    cold.answerStep1(a, Y.encodeStateVector(partial))
    expect(hooks).toBe(1)
    const [, diff] = syncPayload(coldFrames[2]!)
    expect(Y.decodeUpdate(diff).structs).toHaveLength(0)
    void cold.doc
    expect(hooks).toBe(1)
    const batch = cold.prepare(0)
    expect(batch.records).toHaveLength(0)
    cold.destroy()
    built.destroy()
  })

  it('applies queued updates after building, and stores only the effective change', () => {
    const { snapshot, doc: writer } = snapshotOf(10)
    const room = new Room('d', stored(snapshot), limits)
    const p = peer()
    room.join(p)
    let update: Uint8Array | null = null
    writer.once('update', (u: Uint8Array) => (update = u))
    writer.getXmlFragment('default').insert(0, [new Y.XmlElement('paragraph')])
    room.enqueue(p, 1, update!)
    const batch = room.prepare(0)
    expect(batch.records).toHaveLength(1)
    expect(room.doc.getXmlFragment('default').length).toBe(writer.getXmlFragment('default').length)
    room.destroy()
  })

  it('the whole-state step 2 follows the doc after a change (cache invalidated)', () => {
    const { snapshot, doc: writer } = snapshotOf(5)
    const room = new Room('d', stored(snapshot), limits)
    const frames: Uint8Array[] = []
    const p = peer(frames)
    room.join(p)
    const empty = Y.encodeStateVector(new Y.Doc())
    room.answerStep1(p, empty)
    let update: Uint8Array | null = null
    writer.once('update', (u: Uint8Array) => (update = u))
    writer.getXmlFragment('default').insert(0, [new Y.XmlElement('heading')])
    room.enqueue(p, 1, update!)
    room.commitSucceeded(room.prepare(0), [2])
    room.answerStep1(p, empty)
    const client = new Y.Doc()
    Y.applyUpdate(client, syncPayload(frames.at(-1)!)[1])
    expect(client.getXmlFragment('default').toString()).toBe(writer.getXmlFragment('default').toString())
    room.destroy()
  })

  it('a room destroyed before it was built never builds', () => {
    const { snapshot } = snapshotOf(5)
    let hooks = 0
    const room = new Room('d', stored(snapshot), limits)
    room.whenBuilt(() => hooks++)
    room.destroy()
    room.hydrate()
    expect(hooks).toBe(0)
  })

  it('a room with a log tail is built at once', () => {
    const { snapshot } = snapshotOf(5)
    const extra = new Y.Doc()
    extra.getText('t').insert(0, 'x')
    let hooks = 0
    const room = new Room('d', stored(snapshot, [Y.encodeStateAsUpdate(extra)]), limits)
    room.whenBuilt(() => hooks++)
    expect(hooks).toBe(1)
    room.destroy()
  })
})

describe('batchSends', () => {
  it('corks each socket once during a batch and uncorks at its end (nested batches included)', () => {
    const log: string[] = []
    const socket = { cork: () => log.push('cork'), uncork: () => log.push('uncork') }
    corkInBatch(socket) // outside a batch: nothing
    batchSends(() => {
      corkInBatch(socket)
      batchSends(() => corkInBatch(socket))
      corkInBatch(socket)
      expect(log).toEqual(['cork'])
    })
    expect(log).toEqual(['cork', 'uncork'])
    expect(() =>
      batchSends(() => {
        corkInBatch(socket)
        throw new Error('x')
      }),
    ).toThrow('x')
    expect(log).toEqual(['cork', 'uncork', 'cork', 'uncork'])
  })
})
