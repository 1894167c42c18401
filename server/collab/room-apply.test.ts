import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { limits } from '#shared/limits'
import type { Peer } from './peer.ts'
import { Room } from './room.ts'
import { clockRanges } from './validate.ts'

/**
 * Room.prepare stores and broadcasts the received bytes when an update integrates exactly as sent
 * (clockRanges + integratesAsSent), and the doc's re-encoded effective change otherwise. Either way
 * the stored log must rebuild the room's doc, and a client applying the broadcasts must converge.
 */

const emptyStored = () => ({
  meta: { id: 'd', createdAt: 0, updatedAt: 0, snapshotSeq: 0, lastSeq: 0, storedBytes: 0, logBytes: 0, logCount: 0 },
  snapshot: null,
  updates: [],
})

function peer(frames: Uint8Array[] = []): Peer {
  return { id: Math.random(), userId: 'u', identity: { id: 'u', name: 'u', color: '#000' }, send: (f) => frames.push(f), ack() {}, close() {} }
}

/** Enqueues `updates` from `from` as one batch; returns the stored records and broadcast changes. */
function commit(room: Room, from: Peer, updates: Uint8Array[]): { stored: Uint8Array[]; changes: (Uint8Array | null)[] } {
  updates.forEach((u, i) => room.enqueue(from, i + 1, u, clockRanges(Y.decodeUpdate(u))))
  const batch = room.prepare(0)
  room.commitSucceeded(
    batch,
    batch.records.map((_, i) => i + 1),
  )
  return { stored: batch.records.map((r) => r.data), changes: batch.applied.map((a) => a.change) }
}

function updatesOf(doc: Y.Doc, edit: () => void): Uint8Array[] {
  const out: Uint8Array[] = []
  const on = (u: Uint8Array): void => void out.push(u)
  doc.on('update', on)
  edit()
  doc.off('update', on)
  return out
}

describe('Room.prepare: received bytes vs re-encoded change', () => {
  it('stores and broadcasts a sequential update as received', () => {
    const room = new Room('d', emptyStored(), limits)
    const client = new Y.Doc()
    const [u] = updatesOf(client, () => client.getText('t').insert(0, 'hello'))
    const { stored, changes } = commit(room, peer(), [u!])
    expect(stored[0]).toBe(u) // the very bytes received
    expect(changes[0]).toBe(u)
    expect(room.doc.getText('t').toString()).toBe('hello')
  })

  it('re-encodes an update that repeats known structs, and stores nothing for a pure repeat', () => {
    const room = new Room('d', emptyStored(), limits)
    const client = new Y.Doc()
    const [a] = updatesOf(client, () => client.getText('t').insert(0, 'ab'))
    commit(room, peer(), [a!])
    client.getText('t').insert(2, 'cd')
    const overlapping = Y.encodeStateAsUpdate(client) // 'ab' (known) + 'cd' (new)
    const { stored, changes } = commit(room, peer(), [overlapping, overlapping])
    expect(stored).toHaveLength(1)
    expect(stored[0]).not.toBe(overlapping)
    expect(changes[1]).toBeNull() // the second copy changed nothing
    expect(room.doc.getText('t').toString()).toBe('abcd')
  })

  it('an update whose origin is missing waits (stored as received), and one with a gap takes the re-encoding path', () => {
    const room = new Room('d', emptyStored(), limits)
    const alice = new Y.Doc()
    const bob = new Y.Doc()
    const [a1] = updatesOf(alice, () => alice.getText('t').insert(0, 'a'))
    Y.applyUpdate(bob, a1!)
    const [b1] = updatesOf(bob, () => bob.getText('t').insert(1, 'b')) // origin: alice's 'a'
    // Bob's update first: its clock starts where the room is for bob, but its origin is unknown.
    const first = commit(room, peer(), [b1!])
    expect(first.stored[0]).toBe(b1)
    expect(room.doc.store.pendingStructs).not.toBeNull()
    // Alice's update resolves it: pending in the doc, so re-encoded (it carries bob's 'b' too).
    const second = commit(room, peer(), [a1!])
    expect(second.stored[0]).not.toBe(a1)
    expect(room.doc.getText('t').toString()).toBe('ab')
    // A gap (alice clock 2 while the room has 1) waits inside Yjs and is stored as received.
    const [, a3] = updatesOf(alice, () => {
      alice.getText('t').insert(0, 'x')
      alice.getText('t').insert(0, 'y')
    })
    const third = commit(room, peer(), [a3!])
    expect(third.stored[0]).toBe(a3)
    expect(third.changes[0]).toBeNull() // nothing integrated yet
  })

  it('a transaction Yjs starts while applying (formatting cleanup) is stored and broadcast with the update', () => {
    const room = new Room('d', emptyStored(), limits)
    // Stands in for Yjs's own follow-up (cleanupYTextAfterTransaction runs in a new transaction
    // after a remote change): a change made from an observer, after the update's transaction.
    let once = true
    room.doc.getText('t').observe(() => {
      if (!once) return
      once = false
      room.doc.getMap('m').set('follow-up', true)
    })
    const client = new Y.Doc()
    const [u] = updatesOf(client, () => client.getText('t').insert(0, 'hello'))
    const { stored, changes } = commit(room, peer(), [u!])
    expect(room.doc.getMap('m').get('follow-up')).toBe(true)
    // Rebuilt from the log alone (no observer), and from the broadcast: the follow-up is there.
    for (const bytes of [stored[0]!, changes[0]!]) {
      const copy = new Y.Doc()
      Y.applyUpdate(copy, bytes)
      expect(copy.getMap('m').get('follow-up')).toBe(true)
      expect(copy.getText('t').toString()).toBe('hello')
    }
  })

  it('random concurrent edits, repeats and reorderings: the log rebuilds the doc and broadcasts converge', () => {
    let seed = 7
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed % n
    }
    for (let round = 0; round < 20; round++) {
      const room = new Room('d', emptyStored(), limits)
      const observerFrames: Uint8Array[] = []
      const observer = peer(observerFrames)
      room.join(observer)
      const clients = [new Y.Doc(), new Y.Doc(), new Y.Doc()]
      const log: Uint8Array[] = []
      const inflight: Uint8Array[] = []
      for (let step = 0; step < 60; step++) {
        const c = clients[rand(3)]!
        const text = c.getText('t')
        const map = c.getMap('m')
        inflight.push(
          ...updatesOf(c, () => {
            const op = rand(4)
            if (op === 0 && text.length > 0) text.delete(rand(text.length), 1)
            else if (op === 1) map.set(`k${rand(3)}`, rand(100))
            else text.insert(rand(text.length + 1), 'xyz'.slice(rand(3)))
          }),
        )
        // Sometimes a client syncs from another (so updates carry other clients' origins).
        if (rand(5) === 0) Y.applyUpdate(clients[rand(3)]!, Y.encodeStateAsUpdate(clients[rand(3)]!))
        if (rand(3) === 0 && inflight.length > 0) {
          // Deliver a shuffled batch, sometimes with repeats.
          const batch = inflight.splice(0, 1 + rand(inflight.length))
          if (rand(4) === 0) batch.push(batch[rand(batch.length)]!)
          for (let i = batch.length - 1; i > 0; i--) {
            const j = rand(i + 1)
            ;[batch[i], batch[j]] = [batch[j]!, batch[i]!]
          }
          log.push(...commit(room, peer(), batch).stored)
        }
      }
      // Every client sends its whole state at the end (a reconnect's step 2).
      log.push(
        ...commit(
          room,
          peer(),
          clients.map((c) => Y.encodeStateAsUpdate(c)),
        ).stored,
      )
      const rebuilt = new Y.Doc()
      for (const u of log) Y.applyUpdate(rebuilt, u)
      const viewer = new Y.Doc()
      for (const f of observerFrames.slice(1)) Y.applyUpdate(viewer, f.subarray(2 + varUintLength(f.subarray(2))))
      const expected = room.doc.getText('t').toString()
      expect(rebuilt.getText('t').toString()).toBe(expected)
      expect(viewer.getText('t').toString()).toBe(expected)
      expect(rebuilt.getMap('m').toJSON()).toEqual(room.doc.getMap('m').toJSON())
      expect(viewer.getMap('m').toJSON()).toEqual(room.doc.getMap('m').toJSON())
      expect(Y.encodeStateVector(rebuilt)).toEqual(Y.encodeStateVector(room.doc))
    }
  })
})

/** Bytes taken by the var-uint length prefix at the start of `bytes`. */
function varUintLength(bytes: Uint8Array): number {
  let n = 0
  while (bytes[n]! & 0x80) n++
  return n + 1
}
