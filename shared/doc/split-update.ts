import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'

/**
 * Splits a Yjs (v1) update into several updates of at most `maxBytes` each, which, applied in the
 * order returned (one socket delivers them so), give exactly the state of the original. (Not in
 * any order: with formatting marks, Yjs's cleanup after a remote change depends on the order
 * structs integrate; see split-update.test.ts.)
 *
 * Why: the server refuses frames over `limits.maxMessageBytes`, and a client that edited offline
 * sends everything the server lacks as ONE sync step 2 when it reconnects. Past the limit that
 * frame would be refused on every reconnect, and the offline work would never reach anyone.
 *
 * How: the structs are decoded and re-encoded in runs, with the same `struct.write` that Yjs's own
 * `mergeUpdates`/`diffUpdate` use. A chunk may depend on structs in another chunk: receivers keep
 * such structs pending until the rest arrives, as for any update delivered out of order. The
 * delete set travels in chunks of its own. Returns null when it cannot be done: one struct is on
 * its own larger than `maxBytes` (a single run of a million characters).
 *
 * `maxStructs` bounds the structures of each part as the server counts them (structs plus delete
 * ranges, `limits.maxStructsPerUpdate`): a paste of many small pieces can pass it well under the
 * byte limit. Every struct and every range takes at least two bytes, so an update shorter than
 * twice that cannot pass it and is not decoded.
 */
export function splitUpdate(update: Uint8Array, maxBytes: number, maxStructs = Infinity): Uint8Array[] | null {
  if (update.byteLength <= maxBytes && update.byteLength < 2 * maxStructs) return [update]
  const { structs, ds } = Y.decodeUpdate(update)
  if (update.byteLength <= maxBytes && structs.length + rangeCount(ds) <= maxStructs) return [update]
  const chunks: Uint8Array[] = []
  let chunk = new ChunkWriter()
  for (const struct of structs) {
    // A Skip only marks a gap in an update that was itself incomplete: nothing to carry.
    if (struct instanceof Y.Skip) continue
    const size = encodedSize(struct)
    if (size + ChunkWriter.overhead > maxBytes) return null
    if (chunk.size + size + ChunkWriter.overhead > maxBytes || chunk.count >= maxStructs || !chunk.accepts(struct)) {
      chunks.push(chunk.finish())
      chunk = new ChunkWriter()
    }
    chunk.add(struct, size)
  }
  if (!chunk.empty) chunks.push(chunk.finish())
  const deletes = deleteSetChunks(ds, maxBytes, maxStructs)
  if (deletes === null) return null
  chunks.push(...deletes)
  return chunks
}

function rangeCount(ds: DeleteSet): number {
  let n = 0
  for (const ranges of ds.clients.values()) n += ranges.length
  return n
}

type Struct = Y.Item | Y.GC
type DeleteSet = ReturnType<typeof Y.decodeUpdate>['ds']

function encodedSize(struct: Struct): number {
  const encoder = new Y.UpdateEncoderV1()
  struct.write(encoder, 0)
  return encoder.toUint8Array().byteLength
}

/** Structs of one chunk, grouped in runs of consecutive clocks of one client, as v1 requires. */
class ChunkWriter {
  /** Generous room for the headers: run count, per-run struct count, client, clock, empty delete set. */
  static readonly overhead = 64
  private readonly runs: Run[] = []
  size = 0
  /** Structs in the chunk. */
  count = 0

  get empty(): boolean {
    return this.runs.length === 0
  }

  /**
   * False when the chunk already has a run of this struct's client that it does not continue: a
   * v1 update holds at most one run per client (a second one would replace the first on reading).
   */
  accepts(struct: Struct): boolean {
    const last = this.runs[this.runs.length - 1]
    if (last !== undefined && this.continues(last, struct)) return true
    return !this.runs.some((run) => run.client === struct.id.client)
  }

  add(struct: Struct, size: number): void {
    const last = this.runs[this.runs.length - 1]
    if (last !== undefined && this.continues(last, struct)) {
      last.structs.push(struct)
      last.length += struct.length
    } else {
      this.runs.push({ client: struct.id.client, clock: struct.id.clock, length: struct.length, structs: [struct] })
      this.size += 16 // the run's header: struct count, client id, first clock (varuints)
    }
    this.size += size
    this.count++
  }

  private continues(run: Run, struct: Struct): boolean {
    return run.client === struct.id.client && run.clock + run.length === struct.id.clock
  }

  finish(): Uint8Array {
    const encoder = new Y.UpdateEncoderV1()
    encoding.writeVarUint(encoder.restEncoder, this.runs.length)
    for (const run of this.runs) {
      encoding.writeVarUint(encoder.restEncoder, run.structs.length)
      encoder.writeClient(run.client)
      encoding.writeVarUint(encoder.restEncoder, run.clock)
      for (const struct of run.structs) struct.write(encoder, 0)
    }
    encoding.writeVarUint(encoder.restEncoder, 0) // no deletions: they travel on their own
    return encoder.toUint8Array()
  }
}

interface Run {
  client: number
  clock: number
  /** Clock length of the structs so far: the next struct continues the run at clock + length. */
  length: number
  structs: Struct[]
}

/**
 * A delete set alone, as updates with no structs of at most `maxBytes` and `maxRanges` each ([] when it
 * deletes nothing). A reconnect's step 2 carries the document's WHOLE delete set, which in a long
 * edited document can pass `maxBytes` on its own; deletions are idempotent and apply in any order,
 * so the ranges are simply cut into several delete sets. null only if `maxBytes` cannot hold even
 * one range (a few dozen bytes).
 */
function deleteSetChunks(ds: DeleteSet, maxBytes: number, maxRanges: number): Uint8Array[] | null {
  const chunks: Uint8Array[] = []
  // Per chunk: the struct count (0) and the client count; per client: its id and range count.
  const chunkOverhead = 1 + 5
  const clientOverhead = 5 + 5
  let parts: [number, { clock: number; len: number }[]][] = []
  let size = chunkOverhead
  let count = 0
  const flush = (): void => {
    if (parts.length === 0) return
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, 0) // no structs
    encoding.writeVarUint(encoder, parts.length)
    for (const [client, ranges] of parts) {
      encoding.writeVarUint(encoder, client)
      encoding.writeVarUint(encoder, ranges.length)
      for (const r of ranges) {
        encoding.writeVarUint(encoder, r.clock)
        encoding.writeVarUint(encoder, r.len)
      }
    }
    chunks.push(encoding.toUint8Array(encoder))
    parts = []
    size = chunkOverhead
    count = 0
  }
  for (const [client, ranges] of ds.clients) {
    let current: { clock: number; len: number }[] | null = null
    for (const r of ranges) {
      const rangeSize = varUintSize(r.clock) + varUintSize(r.len)
      if (chunkOverhead + clientOverhead + rangeSize > maxBytes) return null
      if (size + (current === null ? clientOverhead : 0) + rangeSize > maxBytes || count >= maxRanges) {
        flush()
        current = null
      }
      if (current === null) {
        current = []
        parts.push([client, current])
        size += clientOverhead
      }
      current.push({ clock: r.clock, len: r.len })
      size += rangeSize
      count++
    }
  }
  flush()
  return chunks
}

function varUintSize(n: number): number {
  let size = 1
  while (n >= 0x80) {
    n = Math.floor(n / 0x80)
    size++
  }
  return size
}
