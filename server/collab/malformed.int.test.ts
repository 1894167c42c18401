import * as encoding from 'lib0/encoding'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { limits } from '#shared/limits'
import { seeded } from '#shared/testing/prng'
import { CloseCode, MessageType, SyncMessageType } from '#shared/protocol/index'
import { connectClient, rawSocket, startServer, type TestClient, type TestServer, textOf, waitFor } from '../test/harness.ts'

const frame = (...parts: ((e: encoding.Encoder) => void)[]): Uint8Array => {
  const e = encoding.createEncoder()
  for (const p of parts) p(e)
  return encoding.toUint8Array(e)
}
const uint = (n: number) => (e: encoding.Encoder) => encoding.writeVarUint(e, n)
const bytes = (b: Uint8Array) => (e: encoding.Encoder) => encoding.writeVarUint8Array(e, b)
const raw = (b: Uint8Array) => (e: encoding.Encoder) => encoding.writeUint8Array(e, b)

const randomBytes = (rand: () => number, n: number) => Uint8Array.from({ length: n }, () => Math.floor(rand() * 256))

describe('bad input closes only the offender, with its documented code', () => {
  let server: TestServer
  let bystander: TestClient
  let watcher: TestClient
  let round = 0

  beforeAll(async () => {
    // The fixture's owner is the instance admin here: it reads the load figures at the end.
    server = await startServer({ adminEmails: ['owner@fixture.keel.test'] })
    bystander = connectClient(server.wsUrl, 'shared', { acks: true })
    watcher = connectClient(server.wsUrl, 'shared')
    await Promise.all([bystander.synced(), watcher.synced()])
  })
  afterAll(async () => {
    bystander.destroy()
    watcher.destroy()
    await server.close()
  })

  /** Another client's edit still goes through, end to end, after each offence. */
  async function bystanderStillEdits(): Promise<void> {
    const marker = `[${++round}]`
    bystander.doc.getText('text').insert(0, marker)
    await waitFor(() => textOf(watcher.doc).includes(marker), `bystander edit ${marker} delivered`)
    await waitFor(bystander.allAcked, `bystander edit ${marker} acknowledged`)
    expect(bystander.provider.wsconnected).toBe(true)
  }

  async function expectClosed(send: (ws: import('ws').WebSocket) => void, code: number, docId = 'shared', query = ''): Promise<void> {
    const sock = await rawSocket(server.wsUrl, docId, query)
    const started = Date.now()
    send(sock.ws)
    const closed = await sock.closed
    expect(closed.code).toBe(code)
    expect(Date.now() - started).toBeLessThan(1000)
    await bystanderStillEdits()
  }

  /** A one-struct update for client 7 whose length is absurd (the "clock bomb" shapes). */
  const hugeStruct = (info: number, content: (e: encoding.Encoder) => void) =>
    frame(uint(1), uint(1), uint(7), uint(0), (e) => encoding.writeUint8(e, info), content, uint(0))

  const cases: [string, Uint8Array, number][] = [
    [
      'a zero-length update (once an infinite loop in Yjs)',
      frame(uint(MessageType.Sync), uint(SyncMessageType.Update), bytes(new Uint8Array(0))),
      CloseCode.MalformedMessage,
    ],
    ['an update claiming 2^31 clients', frame(uint(MessageType.Sync), uint(SyncMessageType.Update), bytes(frame(uint(2 ** 31)))), CloseCode.MalformedMessage],
    [
      'a GC struct 2^50 long (clock bomb)',
      frame(uint(MessageType.Sync), uint(SyncMessageType.Update), bytes(hugeStruct(0, uint(2 ** 50)))),
      CloseCode.MalformedMessage,
    ],
    [
      'deleted content 2^40 long (clock bomb)',
      frame(
        uint(MessageType.Sync),
        uint(SyncMessageType.Update),
        bytes(
          hugeStruct(1, (e) => {
            encoding.writeVarUint(e, 1)
            encoding.writeVarString(e, 'text')
            encoding.writeVarUint(e, 2 ** 40)
          }),
        ),
      ),
      CloseCode.MalformedMessage,
    ],
    // Decodes fine, but Yjs throws inside applyUpdate (the committer's setImmediate: the process died).
    [
      'an item whose origin is a later clock of its own client',
      frame(
        uint(MessageType.Sync),
        uint(SyncMessageType.Update),
        bytes(
          frame(
            uint(1),
            uint(1),
            uint(7),
            uint(0),
            (e) => encoding.writeUint8(e, 0x84),
            uint(7),
            uint(5),
            (e) => encoding.writeVarString(e, 'x'),
            uint(0),
          ),
        ),
      ),
      CloseCode.MalformedMessage,
    ],
    [
      'an item whose parent is its own client at its own clock',
      frame(
        uint(MessageType.Sync),
        uint(SyncMessageType.Update),
        bytes(
          frame(
            uint(1),
            uint(1),
            uint(7),
            uint(0),
            (e) => encoding.writeUint8(e, 0x04),
            uint(0),
            uint(7),
            uint(0),
            (e) => encoding.writeVarString(e, 'x'),
            uint(0),
          ),
        ),
      ),
      CloseCode.MalformedMessage,
    ],
    ['an unknown message type', frame(uint(42)), CloseCode.MalformedMessage],
    ['a client-sent Keel ack', frame(uint(MessageType.Ack), uint(1)), CloseCode.MalformedMessage],
    ['an unknown sync sub-type', frame(uint(MessageType.Sync), uint(9), bytes(new Uint8Array(3))), CloseCode.MalformedMessage],
    [
      'a truncated update (length says 255, nothing follows)',
      frame(uint(MessageType.Sync), uint(SyncMessageType.Update), uint(255)),
      CloseCode.MalformedMessage,
    ],
    ['a huge length prefix', frame(uint(MessageType.Sync), uint(SyncMessageType.Update), uint(2 ** 40)), CloseCode.MalformedMessage],
    ['an empty frame', new Uint8Array(0), CloseCode.MalformedMessage],
    [
      'an update that is not a Yjs update',
      frame(uint(MessageType.Sync), uint(SyncMessageType.Update), bytes(new Uint8Array([5, 200, 1, 7, 7, 7]))),
      CloseCode.MalformedMessage,
    ],
    [
      'awareness with invalid JSON',
      frame(uint(MessageType.Awareness), bytes(frame(uint(1), uint(77), uint(1), (e) => encoding.writeVarString(e, '{nope')))),
      CloseCode.MalformedMessage,
    ],
    [
      'awareness whose state is not an object',
      frame(uint(MessageType.Awareness), bytes(frame(uint(1), uint(77), uint(1), (e) => encoding.writeVarString(e, '42')))),
      CloseCode.MalformedMessage,
    ],
    ['awareness claiming a huge count', frame(uint(MessageType.Awareness), bytes(frame(uint(2 ** 30)))), CloseCode.MalformedMessage],
  ]

  for (const [name, bad, code] of cases) {
    it(`${name} → ${code}`, async () => {
      await expectClosed((ws) => ws.send(bad), code)
    })
  }

  it('random bytes after a valid type → 4400, 40 seeded frames', async () => {
    const rand = seeded(1234)
    for (let i = 0; i < 40; i++) {
      const body = randomBytes(rand, 1 + Math.floor(rand() * 200))
      // Sync updates with a random body, and fully random frames whose type is not QueryAwareness
      // (a lone QueryAwareness is valid whatever follows it).
      const bad = i % 2 === 0 ? frame(uint(MessageType.Sync), uint(SyncMessageType.Update), bytes(body)) : frame(uint([0, 1, 2, 4, 50, 200][i % 6]!), raw(body))
      const sock = await rawSocket(server.wsUrl, 'shared')
      sock.ws.send(bad)
      const closed = await Promise.race([sock.closed, new Promise<null>((r) => setTimeout(() => r(null), 1000))])
      if (closed === null) {
        // Valid by chance (e.g. a step 1 whose random state vector decodes): must still be open and harmless.
        expect(sock.ws.readyState).toBe(sock.ws.OPEN)
        sock.ws.close()
      } else {
        expect(closed.code, `frame ${i}`).toBe(CloseCode.MalformedMessage)
      }
    }
    await bystanderStillEdits()
  })

  it(`a frame over ${limits.maxMessageBytes} bytes → 1009 (ws maxPayload)`, async () => {
    await expectClosed((ws) => ws.send(new Uint8Array(limits.maxMessageBytes + 1)), 1009)
  })

  it('a text frame → 4415', async () => {
    await expectClosed((ws) => ws.send('hello'), CloseCode.UnsupportedData)
  })

  it('a flood past the rate limit → 4529', async () => {
    const ping = frame(uint(MessageType.QueryAwareness))
    await expectClosed((ws) => {
      for (let i = 0; i < limits.inboundMessageBurst + 500; i++) ws.send(ping)
    }, CloseCode.RateLimited)
  })

  it('an invalid document id → 4404', async () => {
    await expectClosed(() => {}, CloseCode.DocumentNotFound, 'not.valid')
  })

  it('a client below the minimum protocol version → 4426', async () => {
    await expectClosed(() => {}, CloseCode.ClientTooOld, 'shared', '?keel=0')
  })

  it("awareness for another connection's client id is ignored, not applied", async () => {
    bystander.provider.awareness.setLocalStateField('cursor', { at: 1 })
    const ownerId = server.fixture.owner.id
    await waitFor(() => watcher.provider.awareness.getStates().get(bystander.doc.clientID)?.cursor?.at === 1, 'presence')
    expect(watcher.provider.awareness.getStates().get(bystander.doc.clientID)?.user?.id).toBe(ownerId)
    const sock = await rawSocket(server.wsUrl, 'shared')
    const spoof = frame(
      uint(MessageType.Awareness),
      bytes(frame(uint(1), uint(bystander.doc.clientID), uint(10_000), (e) => encoding.writeVarString(e, '{"user":{"name":"Mallory"}}'))),
    )
    sock.ws.send(spoof)
    await bystanderStillEdits()
    const state = watcher.provider.awareness.getStates().get(bystander.doc.clientID)
    expect(state?.user?.name).toBe('Test Owner')
    expect(state?.cursor?.at).toBe(1)
    sock.ws.close()
  })

  it('the server is still healthy afterwards', async () => {
    const health = (await (await fetch(`${server.url}/api/health/details`, { headers: { cookie: server.fixture.owner.cookie } })).json()) as {
      ok: boolean
      connections: number
    }
    expect(health.ok).toBe(true)
    expect(health.connections).toBe(2)
  })
})
