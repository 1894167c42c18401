import * as Y from 'yjs'
import type { Limits } from '#shared/limits'
import { CloseCode } from '#shared/protocol/index'
import { assertValidUpdate, type UpdateShape } from './validate.ts'

/**
 * Whether a document may take one more update, by size and by structure. The rule, the same for
 * the socket and for server-side changes (registry.change):
 *
 * - within `maxDocumentBytes` (what is stored plus what is queued) and `maxStructsPerDocument`:
 *   accepted; this is the hot path and costs two comparisons;
 * - past the byte limit with a log still uncompacted: compact first (the log may hold much that a
 *   snapshot does not), then decide again (at most every 5 s per room: registry.ts);
 * - still past it: accepted if the update only deletes, or removes at least as much content as it
 *   inserts (measured in clock units of live items it deletes), so a document over the limit
 *   (legacy data, or a limit lowered) can always be shrunk; anything else is refused;
 * - structs: an update whose structs would take the document's struct store past the limit is
 *   refused (counted exactly before refusing; the items it splits may overshoot by at most twice
 *   its own structs); deletions, which can split items, are accepted up to twice the limit.
 */
export type Admission = null | 'compact' | typeof CloseCode.DocumentTooLarge

/** What admission reads of a room (Room implements it: no allocation per update). */
export interface AdmissionState {
  /** Stored bytes plus bytes queued for the next commit. */
  readonly admittedBytes: number
  readonly logCount: number
  /** An upper bound of the doc's struct count. */
  readonly structCount: number
  /** Counts the doc's structs exactly (building it if needed) and keeps that as the bound. */
  exactStructCount(): number
  readonly doc: Y.Doc
}

export function admit(state: AdmissionState, bytes: number, shape: UpdateShape | null, limits: Limits, mayCompact: boolean): Admission {
  if (state.admittedBytes + bytes > limits.maxDocumentBytes) {
    if (mayCompact && state.logCount > 0) return 'compact'
    if (!shape || (shape.structs > 0 && contentFreed(state.doc, shape.ds, shape.inserted) < shape.inserted)) return CloseCode.DocumentTooLarge
  }
  if (!shape) return null
  const adds = shape.structs > 0 ? shape.structs : 2 * shape.deleteRanges
  const allowed = shape.structs > 0 ? limits.maxStructsPerDocument : 2 * limits.maxStructsPerDocument
  if (state.structCount + adds > allowed && state.exactStructCount() + adds > allowed) return CloseCode.DocumentTooLarge
  return null
}

/**
 * Whether a server-side change, already applied to the room's doc (`data` its update), may be
 * stored. Off the hot path, so counted exactly: past the byte limit, the doc with the change is
 * encoded to see what it would compact to (that snapshot is then stored right after the change).
 */
export function admitLocal(
  room: { structCount: number; storedBytes: number; encodeSnapshot: () => Uint8Array },
  data: Uint8Array,
  limits: Limits,
): { ok: true; snapshot: Uint8Array | null } | { ok: false; limit: 'bytes' | 'structs' } {
  const { shape } = assertValidUpdate(data)
  const structLimit = shape.structs > 0 ? limits.maxStructsPerDocument : 2 * limits.maxStructsPerDocument
  if (room.structCount > structLimit) return { ok: false, limit: 'structs' }
  if (room.storedBytes + data.byteLength <= limits.maxDocumentBytes) return { ok: true, snapshot: null }
  const snapshot = room.encodeSnapshot()
  if (shape.structs > 0 && snapshot.byteLength > limits.maxDocumentBytes) return { ok: false, limit: 'bytes' }
  return { ok: true, snapshot }
}

/**
 * How much an update may add to the struct count, at most: each struct, plus the two items its
 * origins may split; two per delete range (its ends may split items). The bound the room keeps.
 */
export const structWeight = (shape: UpdateShape): number => 3 * shape.structs + 2 * shape.deleteRanges

/** Structs in the doc's store: what a loaded document costs. O(clients), not O(structs). */
export function countStructs(doc: Y.Doc): number {
  let n = 0
  for (const structs of doc.store.clients.values()) n += structs.length
  return n
}

/**
 * Clock units of live items that `ds` deletes, counted until `enough` (or a work budget) is
 * reached: a bound on what an update frees, used only for documents already past the limit.
 */
export function contentFreed(doc: Y.Doc, ds: UpdateShape['ds'], enough: number, budget = 100_000): number {
  let freed = 0
  for (const [client, ranges] of ds.clients) {
    const structs = doc.store.clients.get(client)
    if (!structs || structs.length === 0) continue
    const last = structs[structs.length - 1]!
    const known = last.id.clock + last.length
    for (const r of ranges) {
      const end = Math.min(r.clock + r.len, known)
      if (r.clock >= end) continue
      for (let i = Y.findIndexSS(structs, r.clock); i < structs.length && structs[i]!.id.clock < end; i++) {
        if (--budget < 0) return freed
        const s = structs[i]!
        if (s instanceof Y.Item && !s.deleted) freed += Math.min(end, s.id.clock + s.length) - Math.max(r.clock, s.id.clock)
        if (freed >= enough) return freed
      }
    }
  }
  return freed
}
