import * as Y from 'yjs'
import type { Limits } from '#shared/limits'
import { admitLocal, countStructs } from './admission.ts'
import type { Peer } from './peer.ts'
import type { PreparedBatch, Room } from './room.ts'

/**
 * How much one server-side change (registry.change) may add before its document must be measured
 * on a fork first. A REST body is at most `maxMessageBytes`, but what a route writes from it can
 * be far larger: measured with writeRun, 1 MiB of metric points under a 128-character run id and
 * a 100-character metric name is a 12 MB update (11.6× the body; ~15× with a 100-character block
 * id) of 42k structs (one per ~25 bytes of body). Run ingest is now bounded per request
 * (shared/ml/runs.ts: 10,000 points, 500 params), which keeps its worst case near 4 MB, so 8× the
 * frame limit (8 MiB) is headroom with room to spare. Splits count three per struct (structWeight).
 */
const BYTES_PER_BODY_BYTE = 8
const BODY_BYTES_PER_STRUCT = 20

/** The stored bytes and struct count under which a change is applied to the room's doc directly. */
export function directLimits(limits: Limits): { bytes: number; structs: number } {
  return {
    bytes: limits.maxDocumentBytes - BYTES_PER_BODY_BYTE * limits.maxMessageBytes,
    structs: limits.maxStructsPerDocument - 3 * Math.ceil(limits.maxMessageBytes / BODY_BYTES_PER_STRUCT),
  }
}

export type ServerChange =
  /** Ready to commit; `snapshot`, if any, is the document with the change, to store right after. */
  | { ok: true; batch: PreparedBatch; snapshot: Uint8Array | null }
  /**
   * Refused by the document limits. `inDoc`: the change is in the room's doc all the same (it
   * was applied directly and proved larger than `directLimits` allows for), so only dropping the
   * room undoes it; otherwise the room's doc was never touched.
   */
  | { ok: false; limit: 'bytes' | 'structs'; inDoc: boolean }

/**
 * Prepares a server-side change so that admission is decided before it touches the live doc.
 * Within `directLimits` (the hot path: any change a route makes fits) it is applied to the
 * room's doc at once, as a peer's update would be. Closer to a limit it is made on a fork, a copy
 * of the doc with the same clientID and gc setting, so its update is exactly what the room's doc
 * would have produced; the update is measured there (bytes, structs: admission.ts) and, if it
 * fits, applied to the room through Room.prepareLocal, so what is stored and broadcast is that
 * update. A refusal then leaves the room, its peers and its doc as they were.
 *
 * A change must only touch the doc it is given. One that reaches into the room's doc itself (an
 * element captured from an index) is detected on the fork: it has changed the live doc, so it is
 * judged after the fact, as on the hot path.
 */
export function prepareServerChange(room: Room, peer: Peer, change: (doc: Y.Doc) => void, limits: Limits, now: number): ServerChange {
  const live = room.doc // builds a cold room first
  const direct = directLimits(limits)
  if (room.storedBytes <= direct.bytes && room.exactStructCount() <= direct.structs) return applied(room, room.prepareLocal(peer, change, now), limits)

  const fork = new Y.Doc({ gc: live.gc })
  fork.clientID = live.clientID
  applyOwn(fork, Y.encodeStateAsUpdate(live), null)
  const forked: Uint8Array[] = []
  const leaked: Uint8Array[] = []
  const onFork = (u: Uint8Array): void => void forked.push(u)
  const onLive = (u: Uint8Array): void => void leaked.push(u)
  fork.on('update', onFork)
  live.on('update', onLive)
  try {
    fork.transact(() => change(fork), peer)
  } catch (err) {
    fork.destroy()
    // What reached the live doc before the throw is stored nowhere: the room must not go on.
    if (leaked.length > 0) room.commitFailed()
    throw err
  } finally {
    live.off('update', onLive)
    fork.off('update', onFork)
  }
  const update = forked.length === 0 ? null : forked.length === 1 ? forked[0]! : Y.mergeUpdates(forked)
  if (leaked.length > 0) {
    fork.destroy()
    if (update) {
      // Both docs changed: the fork's structs reuse the live doc's client and clocks, so they
      // cannot be merged in (Yjs would take them for known ones and drop them). No caller does
      // this; refuse it loudly rather than lose half a change.
      room.commitFailed()
      throw new Error('a server-side change edited both the live document and its fork')
    }
    // The live doc holds the change already: judge it after the fact, as on the direct path.
    const batch: PreparedBatch = {
      room,
      records: [{ docId: room.id, data: Y.mergeUpdates(leaked), userId: peer.userId, at: now }],
      applied: [{ peer, seq: 0, change: Y.mergeUpdates(leaked) }],
    }
    return applied(room, batch, limits)
  }
  if (!update) {
    fork.destroy()
    return { ok: true, batch: { room, records: [], applied: [{ peer, seq: 0, change: null }] }, snapshot: null }
  }
  const fits = admitLocal(
    {
      structCount: countStructs(fork),
      storedBytes: room.storedBytes,
      // What the room's encodeSnapshot will say once the update is in: structs still waiting
      // on dependencies (not in the fork) included.
      encodeSnapshot: () => {
        const parts = [Y.encodeStateAsUpdate(fork)]
        if (live.store.pendingStructs) parts.push(live.store.pendingStructs.update)
        if (live.store.pendingDs) parts.push(live.store.pendingDs)
        return parts.length === 1 ? parts[0]! : Y.mergeUpdates(parts)
      },
    },
    update,
    limits,
  )
  fork.destroy()
  if (!fits.ok) return { ok: false, limit: fits.limit, inDoc: false }
  const batch = room.prepareLocal(peer, (doc) => applyOwn(doc, update, peer), now)
  return { ok: true, batch, snapshot: fits.snapshot }
}

/**
 * Applies an update that holds the doc's own client's structs as the doc's own change. Yjs marks
 * every applied update remote, and a remote transaction that advances the doc's own client is
 * taken for a clash: the doc would pick a new clientID (and the server's changes pile up clients).
 * Nested in a transaction already open (prepareLocal's), it joins that one.
 */
function applyOwn(doc: Y.Doc, update: Uint8Array, origin: unknown): void {
  Y.transact(
    doc,
    (transaction) => {
      Y.applyUpdate(doc, update, origin)
      transaction.local = true
    },
    origin,
  )
}

/** A change already in the room's doc, judged after the fact (admission.ts admitLocal). */
function applied(room: Room, batch: PreparedBatch, limits: Limits): ServerChange {
  const data = batch.records[0]?.data
  const fits = data ? admitLocal(room, data, limits) : { ok: true as const, snapshot: null }
  return fits.ok ? { ok: true, batch, snapshot: fits.snapshot } : { ok: false, limit: fits.limit, inDoc: true }
}
