import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { splitUpdate } from '../doc/split-update.ts'
import { MessageType, SyncMessageType } from './messages.ts'

/** Encodes the Keel `Ack` message: every update-bearing message up to `seq` is on disk. */
export function encodeAck(seq: number): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MessageType.Ack)
  encoding.writeVarUint(encoder, seq)
  return encoding.toUint8Array(encoder)
}

/** Reads the sequence number of an `Ack` whose type byte the decoder has already consumed. */
export function readAckSeq(decoder: decoding.Decoder): number {
  return decoding.readVarUint(decoder)
}

/**
 * True for frames that carry document changes: sync step 2 and sync update. The server numbers
 * these per connection and acknowledges them; the client counts the same frames as it sends them,
 * so both sides agree on the numbering without an extra field on the wire.
 */
export function isUpdateBearing(frame: Uint8Array): boolean {
  if (frame.length < 2 || frame[0] !== MessageType.Sync) return false
  const sub = frame[1]
  return sub === SyncMessageType.Step2 || sub === SyncMessageType.Update
}

/**
 * Splits a sync frame (step 2 or update) over `maxBytes`, or carrying more than `maxStructs`
 * structs and delete ranges, into several frames within both that together carry the same change
 * (see `splitUpdate`). The first keeps the original message type, the rest are sync updates; the
 * server applies and acknowledges each like any other. Any other frame within the limits comes
 * back as is; null means it cannot be sent within them.
 */
export function splitSyncFrame(frame: Uint8Array, maxBytes: number, maxStructs = Infinity): Uint8Array[] | null {
  // Two bytes at least per struct or range: a shorter frame is within both limits as it is.
  if (frame.byteLength <= maxBytes && (frame.byteLength < 2 * maxStructs || !isUpdateBearing(frame))) return [frame]
  if (!isUpdateBearing(frame)) return null
  const decoder = decoding.createDecoder(frame)
  decoding.readVarUint(decoder) // MessageType.Sync
  const sub = decoding.readVarUint(decoder)
  const update = decoding.readVarUint8Array(decoder)
  // Each frame adds its two type bytes and the update's length prefix (at most 5 bytes).
  const updates = splitUpdate(update, maxBytes - 8, maxStructs)
  if (updates === null) return null
  if (updates.length === 1 && updates[0] === update) return [frame]
  return updates.map((u, i) => {
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, MessageType.Sync)
    encoding.writeVarUint(encoder, i === 0 ? sub : SyncMessageType.Update)
    encoding.writeVarUint8Array(encoder, u)
    return encoding.toUint8Array(encoder)
  })
}
