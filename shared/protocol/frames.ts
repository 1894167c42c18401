import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
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
