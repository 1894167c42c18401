/**
 * Clients for the benchmark, in the dialect each server speaks (lib/servers.ts `Dialect`):
 * - y-websocket (Keel, the reference): a stock y-websocket provider over `ws` (BroadcastChannel
 *   off, so two clients in this process only meet through the server), optionally opted into
 *   Keel's acks; every upgrade carries the server's headers (Keel: the session cookie).
 * - hocuspocus: @hocuspocus/provider over `ws`, no token (the peer runs without auth hooks).
 * Plus a raw protocol socket for load that should cost the benchmark process as little as
 * possible; for Hocuspocus it authenticates with an empty token and prefixes every frame with the
 * document name, as @hocuspocus/provider does.
 */
import { HocuspocusProvider } from '@hocuspocus/provider'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { isUpdateBearing, MessageType, PROTOCOL_QUERY_PARAM, PROTOCOL_VERSION, readAckSeq, SyncMessageType } from '../../../shared/protocol/index.ts'
import type { RunningServer } from './servers.ts'
import { withTimeout } from './util.ts'

/** Counts the update-bearing frames each socket sends, as Keel's client does, for acks. */
class CountingWebSocket extends WebSocket {
  updateFrames = 0
  override send(data: unknown, ...rest: unknown[]): void {
    if (data instanceof Uint8Array && isUpdateBearing(data)) this.updateFrames++
    ;(WebSocket.prototype.send as (...args: unknown[]) => void).call(this, data, ...rest)
  }
}

/** A CountingWebSocket class that adds `headers` (e.g. the session cookie) to every upgrade. */
function socketClassWithHeaders(headers: Record<string, string>): new (url: string, protocols?: string | string[]) => CountingWebSocket {
  return class extends CountingWebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols ?? [], { headers, perMessageDeflate: false })
    }
  }
}

/** Hocuspocus message types (@hocuspocus/server types.ts) used here. */
const HP_SYNC = 0
const HP_AUTH = 2
const HP_SYNC_REPLY = 4
const HP_AUTH_TOKEN = 0
const HP_AUTH_PERMISSION_DENIED = 1
const HP_AUTH_AUTHENTICATED = 2

export interface ProviderClient {
  doc: Y.Doc
  /** Highest ack received on the current socket (0 without acks). */
  acked(): number
  /** Update-bearing frames sent on the current socket. */
  sent(): number
  /** Bytes queued on the socket and not yet handed to the kernel. */
  buffered(): number
  synced(timeoutMs: number): Promise<void>
  destroy(): void
}

/** A provider in the server's own dialect; `acks` applies to servers that send them (Keel). */
export function connectProvider(server: RunningServer, docId: string, opts: { acks?: boolean; doc?: Y.Doc } = {}): ProviderClient {
  return server.dialect === 'hocuspocus' ? connectHocuspocus(server, docId, opts.doc) : connectYWebsocket(server, docId, opts)
}

function connectYWebsocket(server: RunningServer, docId: string, opts: { acks?: boolean; doc?: Y.Doc }): ProviderClient {
  const doc = opts.doc ?? new Y.Doc()
  const provider = new WebsocketProvider(server.wsBase, docId, doc, {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    WebSocketPolyfill: socketClassWithHeaders(server.headers) as any,
    disableBc: true,
    maxBackoffTime: 300,
    params: opts.acks ? { [PROTOCOL_QUERY_PARAM]: String(PROTOCOL_VERSION) } : {},
  })
  let acked = 0
  // A 44xx close is final (y-websocket will not retry): remember it so `synced` fails at once.
  let refused: string | null = null
  provider.on('connection-close', (event: { code: number; reason: string } | null) => {
    if (event && event.code >= 4400 && event.code < 4500) refused = `${event.code} ${event.reason}`
  })
  provider.on('status', ({ status }: { status: string }) => {
    if (status === 'connected') acked = 0
  })
  if (opts.acks) {
    provider.messageHandlers[MessageType.Ack] = (_encoder, decoder) => {
      acked = Math.max(acked, readAckSeq(decoder))
    }
  }
  const ws = (): CountingWebSocket | null => provider.ws as unknown as CountingWebSocket | null
  return {
    doc,
    acked: () => acked,
    sent: () => ws()?.updateFrames ?? 0,
    buffered: () => ws()?.bufferedAmount ?? 0,
    synced: (timeoutMs) =>
      withTimeout(
        new Promise<void>((resolve, reject) => {
          const deadline = performance.now() + timeoutMs
          const check = (): void => {
            if (provider.synced) resolve()
            else if (refused) reject(new Error(`server refused the socket on ${docId}: ${refused}`))
            else if (performance.now() < deadline) setTimeout(check, 2)
          }
          check()
        }),
        timeoutMs,
        `provider sync on ${docId}`,
      ),
    destroy: () => {
      provider.destroy()
      doc.destroy()
    },
  }
}

/** @hocuspocus/provider with its own socket; no token, no acks (Hocuspocus has none). */
function connectHocuspocus(server: RunningServer, docId: string, existing?: Y.Doc): ProviderClient {
  const doc = existing ?? new Y.Doc()
  let refused: string | null = null
  let sent = 0
  // The provider hands its whole configuration to the HocuspocusProviderWebsocket it creates, which
  // takes WebSocketPolyfill (Node 20 has no global WebSocket); the provider's own type omits it.
  const configuration = {
    url: server.wsBase,
    name: docId,
    document: doc,
    WebSocketPolyfill: socketClassWithHeaders(server.headers),
    onAuthenticationFailed: ({ reason }: { reason: string }) => {
      refused = `authentication failed: ${reason}`
    },
  }
  const provider = new HocuspocusProvider(configuration as ConstructorParameters<typeof HocuspocusProvider>[0])
  doc.on('update', (_update: Uint8Array, origin: unknown) => {
    if (origin !== provider) sent++
  })
  const ws = (): WebSocket | null => provider.configuration.websocketProvider.webSocket as unknown as WebSocket | null
  return {
    doc,
    acked: () => 0,
    sent: () => sent,
    buffered: () => ws()?.bufferedAmount ?? 0,
    synced: (timeoutMs) =>
      withTimeout(
        new Promise<void>((resolve, reject) => {
          const deadline = performance.now() + timeoutMs
          const check = (): void => {
            if (provider.isSynced) resolve()
            else if (refused) reject(new Error(`server refused ${docId}: ${refused}`))
            else if (performance.now() < deadline) setTimeout(check, 2)
          }
          check()
        }),
        timeoutMs,
        `provider sync on ${docId}`,
      ),
    destroy: () => {
      provider.destroy()
      doc.destroy()
    },
  }
}

/** A decoded inbound frame of interest to raw sockets. */
export type RawEvent = { kind: 'update'; update: Uint8Array; step2: boolean } | { kind: 'ack'; seq: number } | { kind: 'other' }

export function decodeFrame(data: Uint8Array): RawEvent {
  const decoder = decoding.createDecoder(data)
  const type = decoding.readVarUint(decoder)
  if (type === MessageType.Ack) return { kind: 'ack', seq: readAckSeq(decoder) }
  if (type !== MessageType.Sync) return { kind: 'other' }
  return decodeSync(decoder)
}

/** A Hocuspocus frame: the document name, then a y-websocket-like message (sync reply = sync). */
function decodeHocuspocusFrame(data: Uint8Array): RawEvent {
  const decoder = decoding.createDecoder(data)
  decoding.readVarString(decoder)
  const type = decoding.readVarUint(decoder)
  return type === HP_SYNC || type === HP_SYNC_REPLY ? decodeSync(decoder) : { kind: 'other' }
}

function decodeSync(decoder: decoding.Decoder): RawEvent {
  const sub = decoding.readVarUint(decoder)
  if (sub === SyncMessageType.Update || sub === SyncMessageType.Step2) {
    return { kind: 'update', update: decoding.readVarUint8Array(decoder), step2: sub === SyncMessageType.Step2 }
  }
  return { kind: 'other' }
}

export function syncUpdateFrame(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MessageType.Sync)
  encoding.writeVarUint(encoder, SyncMessageType.Update)
  encoding.writeVarUint8Array(encoder, update)
  return encoding.toUint8Array(encoder)
}

/** Sync step 1 with an empty state vector: "send me everything". */
export function emptyStep1Frame(): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MessageType.Sync)
  encoding.writeVarUint(encoder, SyncMessageType.Step1)
  encoding.writeVarUint8Array(encoder, Y.encodeStateVector(new Y.Doc()))
  return encoding.toUint8Array(encoder)
}

const closes = new WeakMap<WebSocket, string>()

/** A raw protocol socket on one document, in the server's dialect. */
export interface RawSocket {
  ws: WebSocket
  /** Sends a y-websocket frame (prefixed with the document name for Hocuspocus). */
  send(frame: Uint8Array): void
  terminate(): void
}

/** Throws (naming the close code) unless every socket is still open: e.g. refused after the upgrade. */
export function assertOpen(sockets: readonly RawSocket[], what: string): void {
  for (const { ws } of sockets) {
    if (ws.readyState !== WebSocket.OPEN) throw new Error(`${what}: server closed a socket (${closes.get(ws) ?? 'no code'})`)
  }
}

function prefixed(docId: string, frame: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarString(encoder, docId)
  encoding.writeUint8Array(encoder, frame)
  return encoding.toUint8Array(encoder)
}

/**
 * A raw protocol socket: it sends what the caller asks and hands every inbound frame, decoded just
 * enough, to `onEvent`. No Y.Doc, so hundreds of them stay cheap for the load generator. Resolves
 * once the socket may sync: open (y-websocket), or open and authenticated (Hocuspocus).
 */
export async function openRaw(
  server: RunningServer,
  docId: string,
  onEvent: (event: RawEvent, at: number) => void,
  timeoutMs: number,
  opts: { acks?: boolean } = {},
): Promise<RawSocket> {
  const hp = server.dialect === 'hocuspocus'
  const query = opts.acks && !hp ? `?${PROTOCOL_QUERY_PARAM}=${PROTOCOL_VERSION}` : ''
  const url = hp ? server.wsBase : `${server.wsBase}/${docId}${query}`
  const ws = new WebSocket(url, { perMessageDeflate: false, headers: server.headers })
  ws.binaryType = 'nodebuffer'
  let authenticated: ((ok: string | null) => void) | null = null
  ws.on('message', (data: Buffer) => {
    const at = performance.now()
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
    if (hp && authenticated) {
      const decoder = decoding.createDecoder(bytes)
      decoding.readVarString(decoder)
      if (decoding.readVarUint(decoder) === HP_AUTH) {
        const sub = decoding.readVarUint(decoder)
        if (sub === HP_AUTH_AUTHENTICATED) authenticated(null)
        else if (sub === HP_AUTH_PERMISSION_DENIED) authenticated(`permission denied: ${decoding.readVarString(decoder)}`)
        return
      }
    }
    onEvent(hp ? decodeHocuspocusFrame(bytes) : decodeFrame(bytes), at)
  })
  ws.on('error', () => {})
  ws.on('close', (code, reason) => closes.set(ws, `${code} ${reason.toString()}`))
  await withTimeout(
    new Promise<void>((resolve, reject) => {
      ws.once('open', () => {
        if (!hp) return resolve()
        authenticated = (denied) => {
          authenticated = null
          if (denied) reject(new Error(`hocuspocus refused ${docId}: ${denied}`))
          else resolve()
        }
        const encoder = encoding.createEncoder()
        encoding.writeVarString(encoder, docId)
        encoding.writeVarUint(encoder, HP_AUTH)
        encoding.writeVarUint(encoder, HP_AUTH_TOKEN)
        encoding.writeVarString(encoder, '')
        ws.send(encoding.toUint8Array(encoder))
      })
      ws.once('error', reject)
      ws.once('close', (code) => reject(new Error(`socket closed during open (${code})`)))
    }),
    timeoutMs,
    `open ${url} (${docId})`,
  ).catch((err: unknown) => {
    ws.terminate()
    throw err
  })
  return {
    ws,
    send: hp ? (frame) => ws.send(prefixed(docId, frame)) : (frame) => ws.send(frame),
    terminate: () => ws.terminate(),
  }
}
