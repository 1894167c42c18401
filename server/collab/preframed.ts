import type { Socket } from 'node:net'
import type { WebSocket } from 'ws'

/**
 * Writes a binary message to a ws socket as one pre-built frame, straight onto its TCP socket.
 *
 * A broadcast sends the same message to every other socket of a room. Through `ws.send`, each
 * socket builds its own header, wraps the payload in a Buffer, and writes header and payload as
 * a two-chunk writev. Here the frame (header + payload) is built once per message and each socket
 * gets one plain write of the same Buffer. The bytes on the wire are identical.
 *
 * Only when that socket's ws Sender is idle: open, no permessage-deflate negotiated (the server
 * does not enable it, but a frame here must never bypass compression), nothing queued in the
 * Sender. ws writes synchronously to the TCP socket when idle, so frames sent either way keep
 * their order; otherwise this returns false and the caller uses `ws.send`. Backpressure is
 * unchanged: the write lands in the same TCP socket buffer that `ws.bufferedAmount` counts.
 */

/** Internals of ws 8 read here (checked at run time: anything unexpected means "use ws.send"). */
interface WsInternals {
  _socket?: Socket | null
  _sender?: { _state?: number; _queue?: unknown[] } | null
  _extensions?: Record<string, unknown>
}

const OPEN = 1
/** ws Sender's idle state (DEFAULT in ws/lib/sender.js). */
const SENDER_IDLE = 0
/** Above this, copying the payload into a frame costs more than the extra writev chunk saves. */
const MAX_PREFRAMED_BYTES = 64 * 1024

// The frame of the last message framed: a broadcast sends the same payload object to every peer.
let lastPayload: Uint8Array | null = null
let lastFrame: Buffer | null = null

/** An unmasked, final, binary frame (RFC 6455 §5.2) carrying `payload`. */
export function binaryFrame(payload: Uint8Array): Buffer {
  const n = payload.byteLength
  const headerBytes = n < 126 ? 2 : n < 65536 ? 4 : 10
  const frame = Buffer.allocUnsafe(headerBytes + n)
  frame[0] = 0x82 // FIN + opcode 2 (binary)
  if (n < 126) {
    frame[1] = n
  } else if (n < 65536) {
    frame[1] = 126
    frame.writeUInt16BE(n, 2)
  } else {
    frame[1] = 127
    frame.writeUInt32BE(Math.floor(n / 2 ** 32), 2)
    frame.writeUInt32BE(n >>> 0, 6)
  }
  frame.set(payload, headerBytes)
  return frame
}

function frameOf(payload: Uint8Array): Buffer {
  if (payload !== lastPayload) {
    lastFrame = binaryFrame(payload)
    lastPayload = payload
  }
  return lastFrame!
}

/** Writes `payload` pre-framed if `ws` is idle; false means nothing was written: use ws.send. */
export function sendPreframed(ws: WebSocket, payload: Uint8Array): boolean {
  if (payload.byteLength > MAX_PREFRAMED_BYTES || ws.readyState !== OPEN) return false
  const internals = ws as unknown as WsInternals
  const socket = internals._socket
  const sender = internals._sender
  if (!socket || !sender || sender._state !== SENDER_IDLE || sender._queue?.length !== 0) return false
  const extensions = internals._extensions
  if (!extensions) return false
  for (const _ in extensions) return false // an extension (compression) was negotiated
  socket.write(frameOf(payload))
  return true
}
