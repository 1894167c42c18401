import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import * as wsModule from 'ws'
import { WebSocket, WebSocketServer } from 'ws'
import { binaryFrame, sendPreframed } from './preframed.ts'

/** A ws server and one connected client; `server` is the server side of that connection. */
async function pair(): Promise<{ server: WebSocket; client: WebSocket; received: Buffer[]; close: () => Promise<void> }> {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' })
  await new Promise((r) => wss.once('listening', r))
  const serverSide = new Promise<WebSocket>((r) => wss.once('connection', r))
  const client = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`, { perMessageDeflate: false })
  const received: Buffer[] = []
  client.on('message', (data: Buffer) => received.push(data))
  await new Promise((r) => client.once('open', r))
  const server = await serverSide
  return {
    server,
    client,
    received,
    close: async () => {
      client.terminate()
      server.terminate()
      await new Promise((r) => wss.close(r))
    },
  }
}

const until = async (cond: () => boolean): Promise<void> => {
  for (let i = 0; i < 500 && !cond(); i++) await new Promise((r) => setTimeout(r, 5))
  expect(cond()).toBe(true)
}

/** ws's own framing (not in its type definitions): what the wire carries for a `ws.send`. */
const { Sender } = wsModule as unknown as {
  Sender: { frame(data: Buffer, options: { fin: boolean; opcode: number; mask: boolean; readOnly: boolean; rsv1: boolean }): Buffer[] }
}

const bytes = (n: number, fill: number): Uint8Array => new Uint8Array(n).fill(fill)

let cleanup: (() => Promise<void>) | null = null
afterEach(async () => {
  await cleanup?.()
  cleanup = null
})

describe('sendPreframed', () => {
  it('builds the same bytes as ws for every length class', () => {
    for (const n of [0, 1, 125, 126, 1000, 65535, 65536, 70000]) {
      const payload = bytes(n, n % 251)
      const parts = Sender.frame(Buffer.from(payload), { fin: true, opcode: 2, mask: false, readOnly: false, rsv1: false })
      expect(binaryFrame(payload).equals(Buffer.concat(parts))).toBe(true)
    }
  })

  it('delivers frames in order, mixed with ws.send and with the fallback when the Sender is busy', async () => {
    const p = await pair()
    cleanup = p.close
    const sent: number[] = []
    const send = (i: number, how: 'pre' | 'ws'): void => {
      sent.push(i)
      const payload = bytes(10 + (i % 3) * 100, i)
      if (how === 'ws' || !sendPreframed(p.server, payload)) p.server.send(payload, { binary: true })
    }
    for (let i = 0; i < 20; i++) send(i, i % 4 === 0 ? 'ws' : 'pre')
    // A Blob makes ws read it asynchronously: its Sender queues everything after it meanwhile.
    p.server.send(new Blob([new Uint8Array(bytes(5, 200))]))
    sent.push(200)
    expect(sendPreframed(p.server, bytes(10, 21))).toBe(false) // busy: the caller must use ws.send
    for (let i = 21; i < 30; i++) send(i, 'pre')
    // Large payloads go through ws.send (no copy); order still holds.
    expect(sendPreframed(p.server, bytes(70000, 1))).toBe(false)
    send(30, 'ws')
    await until(() => p.received.length === sent.length)
    expect(p.received.map((b) => b[0])).toEqual(sent.map((i) => i % 256))
    expect(p.received[p.received.length - 1]!.byteLength).toBe(10 + (30 % 3) * 100)
  })

  it('counts pre-framed writes in bufferedAmount (the slow-consumer limit sees them)', async () => {
    const p = await pair()
    cleanup = p.close
    const tcp = (p.server as unknown as { _socket: import('node:net').Socket })._socket
    tcp.cork() // nothing leaves: every byte written stays buffered
    const before = p.server.bufferedAmount
    const payload = bytes(1000, 7)
    for (let i = 0; i < 10; i++) expect(sendPreframed(p.server, payload)).toBe(true)
    expect(p.server.bufferedAmount - before).toBe(10 * binaryFrame(payload).byteLength)
    tcp.uncork()
    await until(() => p.received.length === 10)
  })

  it('writes nothing once the socket is closing or gone, so a close mid-broadcast is safe', async () => {
    const p = await pair()
    cleanup = p.close
    expect(sendPreframed(p.server, bytes(10, 1))).toBe(true)
    p.server.close(4000, 'bye')
    expect(sendPreframed(p.server, bytes(10, 2))).toBe(false)
    p.server.send(bytes(10, 3)) // ws drops a send after close, as before
    const closed = await new Promise<number>((r) => p.client.once('close', r))
    expect(closed).toBe(4000)
    expect(p.received.map((b) => b[0])).toEqual([1])

    const q = await pair()
    const previous = cleanup
    cleanup = async () => {
      await previous()
      await q.close()
    }
    q.server.terminate()
    expect(sendPreframed(q.server, bytes(10, 4))).toBe(false)
  })
})
