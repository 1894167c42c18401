import { limits } from '#shared/limits'
import { splitSyncFrame } from '#shared/protocol/index'
import type { SocketId } from './ack-tracker.ts'
import { Outbox } from './outbox.ts'

/**
 * A WebSocket subclass handed to y-websocket as `WebSocketPolyfill`. y-websocket sends every frame
 * through `ws.send`, including the sync step 2 it writes in reply to the server's step 1, so
 * wrapping `send` is the one place that sees each outbound frame in wire order. Each instance gets
 * its own id: acks and frame numbers are per connection.
 *
 * It also keeps every frame within the server's limits: a sync frame over `limits.maxMessageBytes`
 * (the step 2 after a long offline session) is split into several, and frames are paced under the
 * server's rate limits (see Outbox). Frames are numbered when y-websocket hands them over, in the
 * order they will leave.
 */

let nextSocketId = 1

export interface SocketObserver {
  frameSent(socket: SocketId, frame: Uint8Array): void
  socketClosed(socket: SocketId): void
  /** A frame that cannot be sent within the limits even split (one struct over 1 MiB): kept local. */
  frameRefused?(socket: SocketId, bytes: number): void
}

export interface CountingSocket extends WebSocket {
  readonly keelSocketId: SocketId
}

export function isCountingSocket(ws: WebSocket | null): ws is CountingSocket {
  return ws !== null && typeof (ws as Partial<CountingSocket>).keelSocketId === 'number'
}

function toBytes(data: string | ArrayBufferLike | Blob | ArrayBufferView): Uint8Array | null {
  if (data instanceof Uint8Array) return data
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
  if (data instanceof ArrayBuffer) return new Uint8Array(data)
  return null // strings and blobs are never sent by y-websocket
}

export function countingWebSocketClass(observer: SocketObserver): typeof WebSocket {
  class CountingWebSocket extends WebSocket implements CountingSocket {
    readonly keelSocketId: SocketId = nextSocketId++
    private readonly outbox = new Outbox((frame) => super.send(frame), limits)

    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols)
      // addEventListener, not onclose: y-websocket owns (and nulls) the on* handlers.
      this.addEventListener('close', () => {
        this.outbox.close()
        observer.socketClosed(this.keelSocketId)
      })
    }

    override send(data: string | ArrayBufferLike | Blob | ArrayBufferView): void {
      const bytes = toBytes(data)
      // A socket that is not OPEN throws (CONNECTING) or silently drops the frame (CLOSING,
      // CLOSED); the server never numbers a dropped frame, so neither do we.
      if (this.readyState !== WebSocket.OPEN || bytes === null) return super.send(data)
      const frames = splitSyncFrame(bytes, limits.maxMessageBytes, limits.maxStructsPerUpdate)
      if (frames === null) {
        // Sending it would only get the socket closed, again at every reconnect. It stays in
        // this device's copy (IndexedDB) and counts as unsaved.
        console.error(`keel: a ${bytes.byteLength}-byte change cannot be split under the ${limits.maxMessageBytes}-byte frame limit; kept on this device`)
        observer.frameRefused?.(this.keelSocketId, bytes.byteLength)
        return
      }
      for (const frame of frames) {
        observer.frameSent(this.keelSocketId, frame)
        this.outbox.push(frame)
      }
    }
  }
  return CountingWebSocket
}
