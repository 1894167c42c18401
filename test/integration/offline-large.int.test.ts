import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { limits } from '#shared/limits'
import { COLLAB_PATH, isUpdateBearing, MessageType, PROTOCOL_QUERY_PARAM, PROTOCOL_VERSION, readAckSeq } from '#shared/protocol/index'
import { connectClient, sameState, startServer, type TestServer, waitFor } from '../../server/test/harness.ts'
import { countingWebSocketClass } from '../../client/collab/counting-socket.ts'

/**
 * A long offline session: the client comes back with several MiB the server lacks. y-websocket
 * sends all of it as ONE sync step 2; the server refuses frames over `limits.maxMessageBytes`
 * (1009), so without the client's splitting and pacing that work never arrives. Real server, real
 * sockets, the app's own socket class (counting-socket.ts) over `ws`.
 */
let server: TestServer
let cookie: string

beforeAll(async () => {
  server = await startServer()
  cookie = server.fixture.owner.cookie
})
afterAll(() => server.close())

/** ~5.5 MiB of offline work in transactions under the frame limit: pastes and typing. */
function workOffline(doc: Y.Doc): void {
  const text = doc.getText('text')
  for (let i = 0; i < 40; i++) doc.transact(() => text.insert(text.length, `paste ${i}: ` + 'loss curve '.repeat(12_000)))
  for (let i = 0; i < 3000; i++) text.insert((i * 7919) % text.length, 'k')
  text.delete(10, 5000)
}

async function baseline(docId: string): Promise<Y.Doc> {
  const seed = connectClient(server.wsUrl, docId)
  seed.doc.getText('text').insert(0, 'shared start. ')
  await seed.synced()
  await waitFor(() => seed.provider.ws?.bufferedAmount === 0, 'seed sent')
  const copy = new Y.Doc()
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(seed.doc))
  seed.destroy()
  return copy
}

describe('offline work larger than one frame', () => {
  it('reaches the server split into frames under the limit, paced under the rate limit, all acknowledged', async () => {
    const docId = 'offline-large'
    const offline = await baseline(docId)
    workOffline(offline)
    const missing = Y.encodeStateAsUpdate(offline, Y.encodeStateVector(await baseline(docId))).byteLength
    expect(missing).toBeGreaterThan(4 * limits.maxMessageBytes)

    const frames: number[] = []
    /** Update-bearing frames: the ones the server numbers and acknowledges. */
    let numbered = 0
    const closes: number[] = []
    let acked = 0
    // The app's socket class extends the global WebSocket (a browser's); here: ws with the cookie.
    ;(globalThis as { WebSocket?: unknown }).WebSocket = class extends WebSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols, { headers: { cookie } })
      }
    }
    const Socket = countingWebSocketClass({
      frameSent: (_id, f) => {
        frames.push(f.byteLength)
        if (isUpdateBearing(f)) numbered++
      },
      socketClosed() {},
    })
    const provider = new WebsocketProvider(server.wsUrl + COLLAB_PATH, docId, offline, {
      WebSocketPolyfill: Socket,
      disableBc: true,
      params: { [PROTOCOL_QUERY_PARAM]: String(PROTOCOL_VERSION) },
    })
    provider.messageHandlers[MessageType.Ack] = (_e, decoder) => {
      acked = Math.max(acked, readAckSeq(decoder))
    }
    provider.on('connection-close', (event) => closes.push(event?.code ?? 0))
    const observer = connectClient(server.wsUrl, docId)
    observer.doc.getText('text') // doc.toJSON() lists only the types a replica has defined
    try {
      await waitFor(() => sameState(observer.doc, offline), 'the observer to see the offline work', 30_000, 50)
      await waitFor(() => acked === numbered, 'every frame acknowledged', 10_000)
      expect(closes).toEqual([])
      expect(numbered).toBeGreaterThan(4)
      for (const size of frames) expect(size).toBeLessThanOrEqual(limits.maxMessageBytes)
    } finally {
      provider.destroy()
      observer.destroy()
    }
  }, 60_000)

  it('is refused whole without the splitting (why the client splits)', async () => {
    const docId = 'offline-large-plain'
    const offline = await baseline(docId)
    workOffline(offline)
    const plain = connectClient(server.wsUrl, docId, { doc: offline })
    const closes: number[] = []
    plain.provider.on('connection-close', (event) => closes.push(event?.code ?? 0))
    try {
      await waitFor(() => closes.length > 0, 'the server to refuse the step 2', 10_000)
      expect(closes[0]).toBe(1009)
    } finally {
      plain.destroy()
    }
  }, 30_000)
})
