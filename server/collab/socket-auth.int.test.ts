import { Writable } from 'node:stream'
import * as encoding from 'lib0/encoding'
import WebSocket from 'ws'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { CloseCode, COLLAB_PATH, MessageType, SyncMessageType } from '#shared/protocol/index'
import { connectClient, rawSocket, startServer, type TestServer, textOf, waitFor } from '../test/harness.ts'
import { Tickets, TICKET_TTL_MS } from './tickets.ts'

const updateFrame = (update: Uint8Array): Uint8Array => {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, MessageType.Sync)
  encoding.writeVarUint(e, SyncMessageType.Update)
  encoding.writeVarUint8Array(e, update)
  return encoding.toUint8Array(e)
}
const simple = (type: number) => {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, type)
  return encoding.toUint8Array(e)
}
/** An update that inserts `text` into Y.Text 'text', from a fresh client. */
function textUpdate(text: string): Uint8Array {
  const d = new Y.Doc()
  d.getText('text').insert(0, text)
  return Y.encodeStateAsUpdate(d)
}

async function ticketFor(server: TestServer, docId: string, bearer: string): Promise<Response> {
  return fetch(`${server.url}/api/collab/tickets`, {
    method: 'POST',
    headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
    body: JSON.stringify({ docId }),
  })
}

describe('who may open a sync socket, and what it may send', () => {
  const cleanups: (() => unknown)[] = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })
  const serve = async (...args: Parameters<typeof startServer>) => {
    const s = await startServer(...args)
    cleanups.push(s.close)
    return s
  }

  it('refuses a cross-site upgrade before the socket opens', async () => {
    const server = await serve()
    const docId = server.fixture.ensureDoc('xsite')
    const ws = new WebSocket(`${server.wsUrl}${COLLAB_PATH}/${docId}`, {
      headers: { cookie: server.fixture.owner.cookie, origin: 'https://evil.example' },
    })
    const outcome = await new Promise<string>((resolve) => {
      ws.on('open', () => resolve('opened'))
      ws.on('unexpected-response', (_req, res) => resolve(`http ${res.statusCode}`))
      ws.on('error', () => resolve('error'))
    })
    expect(outcome).toBe('http 403')
    // Same origin is fine.
    const ok = await rawSocket(server.wsUrl, docId, '', { origin: server.url })
    expect(ok.ws.readyState).toBe(WebSocket.OPEN)
    ok.ws.close()
  })

  it("closes an anonymous socket with 4401 and a non-member's with 4404, before loading the room", async () => {
    const server = await serve()
    const docId = server.fixture.ensureDoc('private')
    const anon = await rawSocket(server.wsUrl, docId, '', { cookie: null })
    expect((await anon.closed).code).toBe(CloseCode.Unauthenticated)
    const outsider = server.fixture.user('Olga', null)
    const stranger = await rawSocket(server.wsUrl, docId, '', { cookie: outsider.cookie })
    expect((await stranger.closed).code).toBe(CloseCode.DocumentNotFound)
    const missing = await rawSocket(server.wsUrl, 'no-such-doc', '', { cookie: server.fixture.owner.cookie })
    expect((await missing.closed).code).toBe(CloseCode.DocumentNotFound)
    expect(server.app.registry.stats.loads).toBe(0)
  })

  // Every message type × the read-only roles: reads work, a write closes with 4403 and changes nothing.
  for (const role of ['viewer', 'commenter'] as const) {
    it(`a ${role} receives live edits, may sync, query and share presence, and a write is refused with nothing stored`, async () => {
      const server = await serve()
      const docId = server.fixture.ensureDoc(`ro-${role}`)
      const writer = connectClient(server.wsUrl, docId, { acks: true })
      cleanups.push(writer.destroy)
      await writer.synced()
      writer.doc.getText('text').insert(0, 'spec v1')
      await waitFor(writer.allAcked, 'writer acked')
      const user = server.fixture.user('Reader', role)
      const reader = connectClient(server.wsUrl, docId, { cookie: user.cookie })
      cleanups.push(reader.destroy)
      await reader.synced() // step 1 answered; its own (no-op) step 2 accepted
      expect(textOf(reader.doc)).toBe('spec v1')
      reader.provider.awareness.setLocalStateField('cursor', { at: 3 })
      await waitFor(() => writer.provider.awareness.getStates().get(reader.doc.clientID)?.cursor?.at === 3, 'reader presence seen')
      writer.doc.getText('text').insert(7, ', live')
      await waitFor(() => textOf(reader.doc) === 'spec v1, live', 'live edit reaches the reader')

      const before = server.app.store.meta(docId)!.lastSeq
      const raw = await rawSocket(server.wsUrl, docId, '', { cookie: user.cookie })
      raw.ws.send(simple(MessageType.QueryAwareness))
      await waitFor(() => raw.received.some((f) => f[0] === MessageType.Awareness), 'awareness answer')
      raw.ws.send(updateFrame(textUpdate('defaced')))
      expect((await raw.closed).code).toBe(CloseCode.Forbidden)
      await new Promise((r) => setTimeout(r, 50))
      expect(server.app.store.meta(docId)!.lastSeq).toBe(before)
      expect(textOf(writer.doc)).toBe('spec v1, live')
    })
  }

  it("an editor's update is stored; a read token's socket is read-only, a write token's is not", async () => {
    const server = await serve()
    const docId = server.fixture.ensureDoc('tokens')
    const { accounts } = server.fixture
    const read = accounts.createToken({ userId: server.fixture.owner.id, workspaceId: server.fixture.workspaceId, name: 'ci', scope: 'read' })
    const write = accounts.createToken({ userId: server.fixture.owner.id, workspaceId: server.fixture.workspaceId, name: 'trainer', scope: 'write' })

    const readTicket = (await (await ticketFor(server, docId, read.secret)).json()) as { ticket: string }
    const ro = await rawSocket(server.wsUrl, docId, `?ticket=${encodeURIComponent(readTicket.ticket)}`, { cookie: null })
    ro.ws.send(updateFrame(textUpdate('from a read token')))
    expect((await ro.closed).code).toBe(CloseCode.Forbidden)

    const writeTicket = (await (await ticketFor(server, docId, write.secret)).json()) as { ticket: string }
    const rw = await rawSocket(server.wsUrl, docId, `?ticket=${encodeURIComponent(writeTicket.ticket)}`, { cookie: null })
    rw.ws.send(updateFrame(textUpdate('from a write token')))
    await waitFor(() => server.app.store.meta(docId)!.lastSeq === 1, 'write stored')
    expect(server.app.store.history(docId, 1)[0]!.userId).toBe(server.fixture.owner.id)
    rw.ws.close()
  })

  it('a ticket works once, for its document only; a replay or another document gets 4401', async () => {
    const server = await serve()
    const docId = server.fixture.ensureDoc('ticketed')
    const other = server.fixture.ensureDoc('other')
    const { secret } = server.fixture.accounts.createToken({
      userId: server.fixture.owner.id,
      workspaceId: server.fixture.workspaceId,
      name: 'x',
      scope: 'write',
    })
    const { ticket } = (await (await ticketFor(server, docId, secret)).json()) as { ticket: string }
    const first = await rawSocket(server.wsUrl, docId, `?ticket=${encodeURIComponent(ticket)}`, { cookie: null })
    await waitFor(() => first.received.length > 0, 'first use works')
    const replay = await rawSocket(server.wsUrl, docId, `?ticket=${encodeURIComponent(ticket)}`, { cookie: null })
    expect((await replay.closed).code).toBe(CloseCode.Unauthenticated)
    const { ticket: t2 } = (await (await ticketFor(server, docId, secret)).json()) as { ticket: string }
    const wrongDoc = await rawSocket(server.wsUrl, other, `?ticket=${encodeURIComponent(t2)}`, { cookie: null })
    expect((await wrongDoc.closed).code).toBe(CloseCode.Unauthenticated)
    // No ticket for a document the token cannot reach.
    const outsider = server.fixture.user('Olga', null)
    const ows = server.fixture.directory.createWorkspace('Elsewhere', outsider.id)
    const foreign = server.fixture.accounts.createToken({ userId: outsider.id, workspaceId: ows.id, name: 'f', scope: 'write' })
    expect((await ticketFor(server, docId, foreign.secret)).status).toBe(404)
    first.ws.close()
  })

  it('an expired ticket is refused', () => {
    const tickets = new Tickets()
    const now = 1_000_000
    const { ticket } = tickets.issue({ userId: 'u', docId: 'd', tokenId: null, sessionHash: null }, now)
    expect(tickets.redeem(ticket, 'd', now + TICKET_TTL_MS + 1)).toBeNull()
    const fresh = tickets.issue({ userId: 'u', docId: 'd', tokenId: null, sessionHash: null }, now)
    expect(tickets.redeem(fresh.ticket, 'd', now + 1000)).toMatchObject({ userId: 'u' })
  })

  it('revoking a token closes its live sockets at once (4401)', async () => {
    const server = await serve()
    const docId = server.fixture.ensureDoc('revoke')
    const { token, secret } = server.fixture.accounts.createToken({
      userId: server.fixture.owner.id,
      workspaceId: server.fixture.workspaceId,
      name: 'x',
      scope: 'write',
    })
    const { ticket } = (await (await ticketFor(server, docId, secret)).json()) as { ticket: string }
    const sock = await rawSocket(server.wsUrl, docId, `?ticket=${encodeURIComponent(ticket)}`, { cookie: null })
    await waitFor(() => sock.received.length > 0, 'socket live')
    const started = Date.now()
    const res = await fetch(`${server.url}/api/tokens/${token.id}`, { method: 'DELETE', headers: { cookie: server.fixture.owner.cookie, origin: server.url } })
    expect(res.status).toBe(200)
    expect((await sock.closed).code).toBe(CloseCode.Unauthenticated)
    expect(Date.now() - started).toBeLessThan(1000)
    expect((await ticketFor(server, docId, secret)).status).toBe(401)
  })

  it('removing a member ends their sockets; a role change makes them reconnect with the new role', async () => {
    const server = await serve()
    const docId = server.fixture.ensureDoc('members')
    const eve = server.fixture.user('Eve', 'editor')
    const client = connectClient(server.wsUrl, docId, { cookie: eve.cookie, acks: true })
    cleanups.push(client.destroy)
    await client.synced()
    const codes: number[] = []
    client.provider.on('connection-close', (e) => codes.push(e?.code ?? 0))
    const owner = { cookie: server.fixture.owner.cookie, origin: server.url, 'content-type': 'application/json' }

    // Editor → viewer: the socket reconnects (4511) and is read-only from then on.
    await fetch(`${server.url}/api/workspaces/${server.fixture.workspaceId}/members/${eve.id}`, {
      method: 'PUT',
      headers: owner,
      body: JSON.stringify({ role: 'viewer' }),
    })
    await waitFor(() => codes.includes(CloseCode.AccessChanged) && client.provider.synced, 'reconnected')
    client.doc.getText('text').insert(0, 'not allowed now')
    await waitFor(() => codes.includes(CloseCode.Forbidden), 'write refused')
    expect(server.app.store.meta(docId)!.lastSeq).toBe(0)

    // Removed: a fresh, synced viewer socket is closed (4511), and its reconnect refused for good (4404).
    const fresh = connectClient(server.wsUrl, docId, { cookie: eve.cookie })
    cleanups.push(fresh.destroy)
    await fresh.synced()
    const freshCodes: number[] = []
    fresh.provider.on('connection-close', (e) => freshCodes.push(e?.code ?? 0))
    const removed = await fetch(`${server.url}/api/workspaces/${server.fixture.workspaceId}/members/${eve.id}`, { method: 'DELETE', headers: owner })
    expect(removed.status, await removed.text()).toBe(200)
    await waitFor(() => freshCodes.includes(CloseCode.DocumentNotFound), `refused after removal (${freshCodes})`)
    expect(freshCodes[0]).toBe(CloseCode.AccessChanged)
    expect(fresh.provider.shouldConnect).toBe(false)
  })

  it("signing out closes the session's sockets", async () => {
    const server = await serve()
    const docId = server.fixture.ensureDoc('signout')
    const sam = server.fixture.user('Sam', 'editor')
    const sock = await rawSocket(server.wsUrl, docId, '', { cookie: sam.cookie })
    await waitFor(() => sock.received.length > 0, 'live')
    await fetch(`${server.url}/api/auth/sign-out`, {
      method: 'POST',
      headers: { cookie: sam.cookie, origin: server.url, 'content-type': 'application/json' },
      body: '{}',
    })
    expect((await sock.closed).code).toBe(CloseCode.Unauthenticated)
    const again = await rawSocket(server.wsUrl, docId, '', { cookie: sam.cookie })
    expect((await again.closed).code).toBe(CloseCode.Unauthenticated)
  })

  it('never writes tokens, tickets or session secrets to the log', async () => {
    let log = ''
    const stream = new Writable({
      write(chunk, _enc, cb) {
        log += chunk
        cb()
      },
    })
    const server = await serve({ logLevel: 'trace' }, undefined, { logStream: stream })
    const docId = server.fixture.ensureDoc('logs')
    const { secret } = server.fixture.accounts.createToken({
      userId: server.fixture.owner.id,
      workspaceId: server.fixture.workspaceId,
      name: 'x',
      scope: 'write',
    })
    const { ticket } = (await (await ticketFor(server, docId, secret)).json()) as { ticket: string }
    const sock = await rawSocket(server.wsUrl, docId, `?ticket=${encodeURIComponent(ticket)}`, { cookie: null })
    await waitFor(() => sock.received.length > 0, 'live')
    sock.ws.send('a text frame, to make the server log a warning')
    await sock.closed
    await fetch(`${server.url}/api/auth/me`, { headers: { cookie: server.fixture.owner.cookie } })
    expect(log.length).toBeGreaterThan(500)
    const sessionSecret = server.fixture.owner.cookie.split('=')[1]!
    for (const s of [secret, ticket, sessionSecret]) expect(log).not.toContain(s)
  })

  it('rate-limits sign-in attempts (429 after the limit)', async () => {
    const server = await serve({ signInRatePerMinute: 5 })
    const attempt = () =>
      fetch(`${server.url}/api/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'who@keel.test', password: 'guess guess' }),
      })
    const statuses: number[] = []
    for (let i = 0; i < 7; i++) statuses.push((await attempt()).status)
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401])
    expect(statuses.slice(5)).toEqual([429, 429])
    const body = (await (await attempt()).json()) as { error: { code: string } }
    expect(body.error.code).toBe('rate_limited')
  })
})
