import type { SocketId } from './ack-tracker.ts'

/**
 * A WebSocket subclass handed to y-websocket as `WebSocketPolyfill`. y-websocket sends every frame
 * through `ws.send`, including the sync step 2 it writes in reply to the server's step 1, so
 * wrapping `send` is the one place that sees each outbound frame in wire order. Each instance gets
 * its own id: acks and frame numbers are per connection.
 */

let nextSocketId = 1

export interface SocketObserver {
  frameSent(socket: SocketId, frame: Uint8Array): void
  socketClosed(socket: SocketId): void
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

    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols)
      // addEventListener, not onclose: y-websocket owns (and nulls) the on* handlers.
      this.addEventListener('close', () => observer.socketClosed(this.keelSocketId))
    }

    override send(data: string | ArrayBufferLike | Blob | ArrayBufferView): void {
      // A socket that is not OPEN throws (CONNECTING) or silently drops the frame (CLOSING,
      // CLOSED); the server never numbers a dropped frame, so neither do we.
      if (this.readyState === WebSocket.OPEN) {
        const bytes = toBytes(data)
        if (bytes !== null) observer.frameSent(this.keelSocketId, bytes)
      }
      super.send(data)
    }
  }
  return CountingWebSocket
}
