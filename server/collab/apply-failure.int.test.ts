import path from 'node:path'
import type { FastifyBaseLogger } from 'fastify'
import * as encoding from 'lib0/encoding'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { limits } from '#shared/limits'
import { CloseCode } from '#shared/protocol/index'
import { openDatabase } from '../db/open.ts'
import { SqliteStore } from '../store/sqlite-store.ts'
import { tempDir } from '../test/harness.ts'
import type { Peer } from './peer.ts'
import { RoomRegistry } from './registry.ts'

/**
 * The last line of defence behind validation: an update that decodes but makes Yjs throw half-way
 * through applyUpdate must cost its room, never the process or any other room. (Validation now
 * refuses the known shapes; this drives one straight into the registry, as an unknown shape would
 * arrive.) Real SQLite file.
 */

/** An item whose origin is a later clock of its own client: Yjs throws integrating it. */
function poisonedUpdate(): Uint8Array {
  const e = encoding.createEncoder()
  for (const n of [1, 1, 7, 0]) encoding.writeVarUint(e, n) // 1 client, 1 struct, client 7, clock 0
  encoding.writeUint8(e, 0x84) // has origin, string content
  encoding.writeVarUint(e, 7)
  encoding.writeVarUint(e, 5) // origin: client 7, clock 5
  encoding.writeVarString(e, 'x')
  encoding.writeVarUint(e, 0) // empty delete set
  return encoding.toUint8Array(e)
}

function textUpdate(text: string): Uint8Array {
  const doc = new Y.Doc()
  doc.getText('t').insert(0, text)
  return Y.encodeStateAsUpdate(doc)
}

interface FakePeer extends Peer {
  closed: number[]
  acked: number[]
}

let ids = 1
function fakePeer(): FakePeer {
  const closed: number[] = []
  const acked: number[] = []
  return {
    id: ids++,
    userId: 'u',
    identity: { id: 'u', name: 'u', color: '#000' },
    send() {},
    ack: (seq) => void acked.push(seq),
    close: (code) => void closed.push(code),
    closed,
    acked,
  }
}

const quietLog = { error() {}, warn() {}, info() {}, debug() {} } as unknown as FastifyBaseLogger

describe('an update that throws inside Yjs', () => {
  const cleanups: (() => void)[] = []
  afterEach(() => cleanups.splice(0).forEach((fn) => fn()))

  it('closes its sender as malformed, drops only its room, and the other rooms of the batch commit', () => {
    const { dir, cleanup } = tempDir()
    cleanups.push(cleanup)
    const db = openDatabase(path.join(dir, 'keel.db'), { synchronous: 'normal' })
    cleanups.push(() => db.close())
    const store = new SqliteStore(db)
    const registry = new RoomRegistry(store, quietLog, {
      unloadDelayMs: 60_000,
      compactEveryUpdates: 500,
      compactEveryBytes: 4 << 20,
      commitWindowMs: 0,
      limits,
    })

    const attacker = fakePeer()
    const bystander = fakePeer()
    const elsewhere = fakePeer()
    const bad = registry.join('bad', attacker)
    registry.join('bad', bystander)
    const good = registry.join('good', elsewhere)
    registry.enqueue(bad, bystander, 1, textUpdate('lost? no: unacknowledged'))
    registry.enqueue(bad, attacker, 1, poisonedUpdate())
    registry.enqueue(good, elsewhere, 1, textUpdate('stored'))

    expect(() => registry.committer.flush()).not.toThrow()

    // First, and so what its socket says (a real socket ignores the room's later 4500).
    expect(attacker.closed[0]).toBe(CloseCode.MalformedMessage)
    // Its room is dropped without storing anything; the bystander reconnects (4500) and resends.
    expect(bystander.closed).toEqual([CloseCode.StorageUnavailable])
    expect(bystander.acked).toEqual([])
    expect(registry.get('bad')).toBeUndefined()
    expect(store.load('bad')?.updates ?? []).toEqual([])
    // The other room of the same batch is stored and acknowledged.
    expect(elsewhere.closed).toEqual([])
    expect(elsewhere.acked).toEqual([1])
    expect(store.load('good')!.updates).toHaveLength(1)
    expect(registry.committer.stats.failures).toBe(1)
  })
})
