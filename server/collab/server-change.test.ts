import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { type Limits, limits } from '#shared/limits'
import type { Peer } from './peer.ts'
import { Room } from './room.ts'
import { directLimits, prepareServerChange } from './server-change.ts'

const closes: number[] = []
const server: Peer = {
  id: 0,
  userId: 'keel',
  identity: { id: 'keel', name: 'Keel', color: '#888' },
  send() {},
  ack() {},
  close: (code) => void closes.push(code),
}

/** A room holding `chars` characters of text, stored as one update of that size. */
function roomWith(chars: number, overrides: Partial<Limits> = {}): Room {
  const source = new Y.Doc()
  source.getText('text').insert(0, 'x'.repeat(chars))
  const update = Y.encodeStateAsUpdate(source)
  const meta = { id: 'd', createdAt: 0, updatedAt: 0, snapshotSeq: 0, lastSeq: 1, storedBytes: update.byteLength, logBytes: update.byteLength, logCount: 1 }
  return new Room('d', { meta, snapshot: null, updates: [update] }, { ...limits, ...overrides })
}

const add = (text: string) => (doc: Y.Doc) => doc.getMap('m').set('k', text)

describe('server-side changes near the limit are measured before the room takes them', () => {
  // 64 KiB documents: always past the direct-path headroom, so every change goes through a fork.
  const small = { maxDocumentBytes: 64 * 1024 }

  it('takes the direct path only comfortably within the limits', () => {
    expect(directLimits(limits).bytes).toBe(24 * 1024 * 1024)
    expect(directLimits(limits).structs).toBeGreaterThan(50_000)
    expect(directLimits({ ...limits, ...small }).bytes).toBeLessThan(0)
  })

  it('stores exactly the update the room doc itself would have produced', () => {
    const room = roomWith(1000, small)
    // The same change made directly on a copy with the room doc's clientID.
    const copy = new Y.Doc()
    copy.clientID = room.doc.clientID
    copy.transact(() => Y.applyUpdate(copy, Y.encodeStateAsUpdate(room.doc)))
    const direct: Uint8Array[] = []
    copy.on('update', (u: Uint8Array) => direct.push(u))
    copy.transact(() => add('hello')(copy))
    const clientID = room.doc.clientID
    const prepared = prepareServerChange(room, server, add('hello'), { ...limits, ...small }, 0)
    expect(prepared.ok).toBe(true)
    if (!prepared.ok) return
    expect(prepared.batch.records).toHaveLength(1)
    expect(Buffer.from(prepared.batch.records[0]!.data)).toEqual(Buffer.from(direct[0]!))
    expect(prepared.batch.applied[0]!.change).toBe(prepared.batch.records[0]!.data)
    expect(room.doc.clientID).toBe(clientID)
    expect(room.doc.getMap('m').get('k')).toBe('hello')
    expect(Y.encodeStateVector(room.doc)).toEqual(Y.encodeStateVector(copy))
    // A second one: the fork now starts from the server's own structs, and keeps its clientID.
    const again = prepareServerChange(room, server, add('again'), { ...limits, ...small }, 0)
    copy.transact(() => add('again')(copy))
    expect(again.ok && Buffer.from(again.batch.records[0]!.data)).toEqual(Buffer.from(direct[1]!))
    expect(room.doc.clientID).toBe(clientID)
    expect(Y.encodeStateVector(room.doc)).toEqual(Y.encodeStateVector(copy))
  })

  it('refuses a change past the byte limit without touching the room doc or its peers', () => {
    const room = roomWith(60 * 1024, small)
    const watcher: Peer = { ...server, id: 1, close: (code) => void closes.push(code) }
    room.join(watcher)
    closes.length = 0
    const before = Y.encodeStateAsUpdate(room.doc)
    const prepared = prepareServerChange(room, server, add('y'.repeat(20_000)), { ...limits, ...small }, 0)
    expect(prepared).toEqual({ ok: false, limit: 'bytes', inDoc: false })
    expect(Buffer.from(Y.encodeStateAsUpdate(room.doc))).toEqual(Buffer.from(before))
    expect(room.doc.getMap('m').has('k')).toBe(false)
    expect(room.failed).toBe(false)
    expect(closes).toEqual([])
    // A deletion still passes, judged on the same fork.
    const deletion = prepareServerChange(room, server, (doc) => doc.getText('text').delete(0, 1000), { ...limits, ...small }, 0)
    expect(deletion.ok).toBe(true)
    expect(room.doc.getText('text').length).toBe(60 * 1024 - 1000)
  })

  it('refuses a change past the struct limit on the fork', () => {
    const room = roomWith(10, { maxStructsPerDocument: 100 })
    const many = (doc: Y.Doc) => {
      for (let i = 0; i < 200; i++) doc.getMap('m').set(`k${i}`, i)
    }
    // Within the bytes, not within the struct headroom: the fork decides.
    expect(prepareServerChange(room, server, many, { ...limits, maxStructsPerDocument: 100 }, 0)).toEqual({ ok: false, limit: 'structs', inDoc: false })
    expect(room.doc.getMap('m').size).toBe(0)
  })

  it('judges after the fact a change that reaches into the room doc itself', () => {
    const room = roomWith(1000, small)
    const live = room.doc.getMap('m')
    const prepared = prepareServerChange(room, server, () => live.set('k', 'captured'), { ...limits, ...small }, 0)
    expect(prepared.ok).toBe(true)
    if (!prepared.ok) return
    expect(prepared.batch.records).toHaveLength(1)
    const check = new Y.Doc()
    Y.applyUpdate(check, Y.encodeStateAsUpdate(roomWith(1000).doc))
    Y.applyUpdate(check, prepared.batch.records[0]!.data)
    expect(check.getMap('m').get('k')).toBe('captured')
  })

  it('prepares nothing for a change that changes nothing', () => {
    const room = roomWith(1000, small)
    const prepared = prepareServerChange(room, server, () => {}, { ...limits, ...small }, 0)
    expect(prepared.ok && prepared.batch.records).toEqual([])
  })

  it('a change that throws after touching the room doc fails the room (nothing unstored goes on); one that throws first costs nothing', () => {
    for (const overrides of [{}, small]) {
      const room = roomWith(1000, overrides)
      expect(() =>
        prepareServerChange(
          room,
          server,
          (doc) => {
            throw Object.assign(new Error('not found'), { doc })
          },
          { ...limits, ...overrides },
          0,
        ),
      ).toThrow('not found')
      expect(room.failed).toBe(false)
    }
    // Direct path: the doc given is the room's.
    const direct = roomWith(1000)
    expect(() =>
      prepareServerChange(
        direct,
        server,
        (doc) => {
          doc.getMap('m').set('k', 'half')
          throw new Error('disk full')
        },
        limits,
        0,
      ),
    ).toThrow('disk full')
    expect(direct.failed).toBe(true)
    // Fork path, with the change reaching into the live doc.
    const forked = roomWith(1000, small)
    const live = forked.doc.getMap('m')
    expect(() =>
      prepareServerChange(
        forked,
        server,
        () => {
          live.set('k', 'half')
          throw new Error('disk full')
        },
        { ...limits, ...small },
        0,
      ),
    ).toThrow('disk full')
    expect(forked.failed).toBe(true)
  })

  it("refuses a change that edits both the fork and the live doc instead of losing the fork's half", () => {
    const room = roomWith(1000, small)
    const live = room.doc.getMap('m')
    expect(() =>
      prepareServerChange(
        room,
        server,
        (doc) => {
          doc.getText('text').insert(0, 'fork half ')
          live.set('k', 'live half')
        },
        { ...limits, ...small },
        0,
      ),
    ).toThrow('both the live document and its fork')
    expect(room.failed).toBe(true)
  })
})
