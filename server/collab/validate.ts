import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'
import type { Limits } from '#shared/limits'

/** Thrown for input that does not decode; the connection is closed with MalformedMessage. */
export class MalformedInput extends Error {}

/** Thrown for an update with more structures than `limits.maxStructsPerUpdate`: closed with UpdateTooComplex. */
export class TooComplex extends Error {}

/**
 * Fully decodes an untrusted Yjs update before it touches a room's document. Yjs integrates
 * structs before it reads the delete set, so an update that fails half-way through `applyUpdate`
 * could leave a half-applied change behind; decoding first means a bad update is refused whole.
 * Decoding is linear in the update's bytes, and those are capped by `limits.maxMessageBytes`.
 */
export type DecodedUpdate = ReturnType<typeof Y.decodeUpdate>

/**
 * What admission (admission.ts) needs to know of an update, counted while validating: its structs
 * (Skips excluded: they integrate nothing), the clock units they insert, and its delete ranges.
 */
export interface UpdateShape {
  structs: number
  inserted: number
  deleteRanges: number
  ds: DecodedUpdate['ds']
}

export function assertValidUpdate(update: Uint8Array, maxStructs = Infinity): DecodedUpdate & { shape: UpdateShape } {
  let decoded: ReturnType<typeof Y.decodeUpdate>
  try {
    decoded = Y.decodeUpdate(update)
  } catch (err) {
    throw new MalformedInput(`update does not decode: ${(err as Error).message}`)
  }
  const shape: UpdateShape = { structs: 0, inserted: 0, deleteRanges: 0, ds: decoded.ds }
  // A struct or deletion reaching past MAX_CLOCK is no edit anyone typed: it is a crafted "clock
  // bomb" that would poison the document's state vector for every client that syncs it.
  for (const struct of decoded.structs) {
    if (struct.id.clock + struct.length > MAX_CLOCK) throw new MalformedInput('update clock out of range')
    // An item can only refer to items that existed when it was made: of its own client, those
    // have smaller clocks. A reference to its own clock or a later one is crafted, and Yjs throws
    // on it half-way through applyUpdate (it only checks other clients' references for missing).
    if (struct instanceof Y.Item && (laterOwn(struct, struct.origin) || laterOwn(struct, struct.rightOrigin) || laterOwn(struct, struct.parent))) {
      throw new MalformedInput('update refers to a later item of its own client')
    }
    if (!(struct instanceof Y.Skip)) {
      shape.structs++
      shape.inserted += struct.length
    }
  }
  for (const ranges of decoded.ds.clients.values()) {
    shape.deleteRanges += ranges.length
    for (const r of ranges) if (r.clock + r.len > MAX_CLOCK) throw new MalformedInput('delete range out of range')
  }
  // Counted in full first: the decode above already cost what the frame limit allows.
  if (shape.structs + shape.deleteRanges > maxStructs) {
    throw new TooComplex(`${shape.structs} structs and ${shape.deleteRanges} delete ranges (limit ${maxStructs})`)
  }
  return Object.assign(decoded, { shape })
}

function laterOwn(item: Y.Item, ref: unknown): boolean {
  return ref instanceof Y.ID && ref.client === item.id.client && ref.clock >= item.id.clock
}

/** The clocks an update's structs cover for one client: [start, end). */
export interface ClockRange {
  start: number
  end: number
}

/**
 * Per client, the one contiguous clock range the update's structs cover; null when there is
 * nothing to go on (no structs, a gap marked by a Skip, or one client's structs out of order).
 * With it a room can tell, before applying, whether the update will integrate exactly as sent
 * (see Room.prepare), and then store and broadcast the received bytes instead of a re-encoding.
 */
export function clockRanges(decoded: DecodedUpdate): Map<number, ClockRange> | null {
  if (decoded.structs.length === 0) return null
  const ranges = new Map<number, ClockRange>()
  for (const s of decoded.structs) {
    if (s instanceof Y.Skip) return null
    const client = s.id.client
    const range = ranges.get(client)
    if (!range) ranges.set(client, { start: s.id.clock, end: s.id.clock + s.length })
    else if (range.end === s.id.clock) range.end += s.length
    else return null
  }
  return ranges
}

/**
 * True when applying an update covering `ranges` to `doc` integrates every one of its structs:
 * nothing is pending in the doc, and each client's structs start exactly at the doc's clock for
 * that client (none already known, none leaving a gap). Room.prepare then stores and broadcasts
 * the received bytes.
 */
export function integratesAsSent(doc: Y.Doc, ranges: Map<number, ClockRange>): boolean {
  const store = doc.store
  if (store.pendingStructs !== null || store.pendingDs !== null) return false
  for (const [client, range] of ranges) if (range.start !== Y.getState(store, client)) return false
  return true
}

/**
 * True when applying `decoded` would change nothing: every struct is already known and every
 * deletion already done. A read-only client's sync step 2 is such a no-op (it answers the server's
 * step 1 with its own copy of the delete set); anything else from it is a write.
 */
export function isNoop(doc: Y.Doc, decoded: DecodedUpdate): boolean {
  for (const s of decoded.structs) {
    if (s instanceof Y.Skip) continue
    if (s.id.clock + s.length > Y.getState(doc.store, s.id.client)) return false
  }
  if (decoded.ds.clients.size === 0) return true
  // Computed per check, but only for read-only sockets that send deletions (once per connect).
  const known = Y.createDeleteSetFromStructStore(doc.store)
  for (const [client, ranges] of decoded.ds.clients) {
    const have = known.clients.get(client) ?? []
    for (const r of ranges) {
      // `have` is sorted and merged, so a covered range lies inside a single one of its ranges.
      if (!have.some((h) => h.clock <= r.clock && h.clock + h.len >= r.clock + r.len)) return false
    }
  }
  return true
}

/**
 * 2^31 operations by one client id: far beyond any real document (a client id's clock counts the
 * characters and items it inserted), far below where clock arithmetic gets unsafe.
 */
export const MAX_CLOCK = 2 ** 31

export interface AwarenessEntry {
  clientId: number
  clock: number
  /** Parsed state; null means the client left. */
  state: unknown
  /** The state's JSON as received, re-sent as is. */
  json: string
}

/** Encodes entries back into the y-protocols awareness update format. */
export function encodeAwarenessEntries(entries: readonly AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, entries.length)
  for (const { clientId, clock, json } of entries) {
    encoding.writeVarUint(encoder, clientId)
    encoding.writeVarUint(encoder, clock)
    encoding.writeVarString(encoder, json)
  }
  return encoding.toUint8Array(encoder)
}

/**
 * Decodes an awareness update (y-protocols format: count, then clientID, clock, JSON state) and
 * checks each state: valid JSON, an object or null, within `limits.maxAwarenessStateBytes`.
 */
export function decodeAwareness(update: Uint8Array, limits: Limits): AwarenessEntry[] {
  try {
    const decoder = decoding.createDecoder(update)
    const count = decoding.readVarUint(decoder)
    // Each entry takes at least 3 bytes: a huge count is a lie, not a reason to loop.
    if (count > update.length / 3) throw new MalformedInput('awareness count exceeds payload')
    const entries: AwarenessEntry[] = []
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder)
      const clock = decoding.readVarUint(decoder)
      const json = decoding.readVarString(decoder)
      if (json.length > limits.maxAwarenessStateBytes) throw new MalformedInput('awareness state too large')
      const state: unknown = JSON.parse(json)
      if (state !== null && (typeof state !== 'object' || Array.isArray(state))) {
        throw new MalformedInput('awareness state must be an object or null')
      }
      entries.push({ clientId, clock, state, json })
    }
    return entries
  } catch (err) {
    if (err instanceof MalformedInput) throw err
    throw new MalformedInput(`awareness does not decode: ${(err as Error).message}`)
  }
}
