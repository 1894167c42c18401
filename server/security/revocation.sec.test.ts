import { afterEach, describe, expect, it } from 'vitest'
import { CloseCode } from '#shared/protocol/index'
import { hashPassword } from '../auth/secrets.ts'
import { startServer, type TestServer, waitFor } from '../test/harness.ts'
import { buyTicket, call, closeCodeWithin, openSocket, openStream, settlesWithin, textUpdateFrame } from './channels.ts'

/**
 * Every long-lived channel ends (or is re-authorised) when the access behind it changes, through
 * the one registry of live channels: {sync socket, event stream} × {member removed, workspace
 * role lowered, project override lowered, token revoked, sign-out, password change elsewhere}.
 * A bystander's channels stay up throughout.
 */

const OLD_PASSWORD = 'an old but long passphrase'
const NEW_PASSWORD = 'a brand new long passphrase'
/** "Within a short time": the change is pushed, not discovered at the next heartbeat. */
const PROMPT_MS = 2000

interface World {
  server: TestServer
  docId: string
  owner: Record<string, string>
  victim: { id: string; cookie: string }
  /** A second session of the victim: where the password is changed from. */
  victimOther: string
  token: { id: string; secret: string }
  bystander: { id: string; cookie: string }
}

type Outcome =
  /** Access is gone: the channel ends, and opening it again is refused. */
  | { kind: 'ended'; socketCode: CloseCode; reopen: 'refused' }
  /** Access remains with another role: sockets reconnect (4511) and get it; streams stay up. */
  | { kind: 'reauthorised' }

interface Case {
  event: string
  viaToken?: boolean
  act: (w: World) => Promise<Response>
  outcome: Outcome
}

const member = (w: World) => `/api/workspaces/${w.server.fixture.workspaceId}/members/${w.victim.id}`

const CASES: Case[] = [
  {
    event: 'member removed',
    act: (w) => call(w.server, 'DELETE', member(w), w.owner),
    outcome: { kind: 'ended', socketCode: CloseCode.AccessChanged, reopen: 'refused' },
  },
  { event: 'workspace role lowered to viewer', act: (w) => call(w.server, 'PUT', member(w), w.owner, { role: 'viewer' }), outcome: { kind: 'reauthorised' } },
  {
    event: 'project override lowered to viewer',
    act: (w) => call(w.server, 'PUT', `/api/projects/${w.server.fixture.projectId}/members/${w.victim.id}`, w.owner, { role: 'viewer' }),
    outcome: { kind: 'reauthorised' },
  },
  {
    event: 'token revoked',
    viaToken: true,
    act: (w) => call(w.server, 'DELETE', `/api/tokens/${w.token.id}`, { cookie: w.victim.cookie }),
    outcome: { kind: 'ended', socketCode: CloseCode.Unauthenticated, reopen: 'refused' },
  },
  {
    event: 'sign-out',
    act: (w) => call(w.server, 'POST', '/api/auth/sign-out', { cookie: w.victim.cookie }, {}),
    outcome: { kind: 'ended', socketCode: CloseCode.Unauthenticated, reopen: 'refused' },
  },
  {
    event: 'password changed from another session',
    act: (w) => call(w.server, 'PUT', '/api/auth/password', { cookie: w.victimOther }, { current: OLD_PASSWORD, password: NEW_PASSWORD }),
    outcome: { kind: 'ended', socketCode: CloseCode.Unauthenticated, reopen: 'refused' },
  },
]

describe('revocation reaches every live channel', () => {
  const cleanups: (() => unknown)[] = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })

  async function world(): Promise<World> {
    const server = await startServer()
    cleanups.push(server.close)
    const { fixture } = server
    const docId = fixture.ensureDoc('revocation-doc')
    const victim = fixture.user('Victim', 'editor')
    fixture.accounts.setPassword(victim.id, await hashPassword(OLD_PASSWORD))
    const bystander = fixture.user('Bystander', 'editor')
    const { token, secret } = fixture.accounts.createToken({ userId: victim.id, workspaceId: fixture.workspaceId, name: 'script', scope: 'write' })
    return {
      server,
      docId,
      owner: { cookie: fixture.owner.cookie },
      victim,
      victimOther: fixture.sessionCookie(victim.id),
      token: { id: token.id, secret },
      bystander,
    }
  }

  const victimAuth = (w: World, c: Case): Record<string, string> => (c.viaToken ? { authorization: `Bearer ${w.token.secret}` } : { cookie: w.victim.cookie })
  const victimSocket = async (w: World, c: Case) =>
    openSocket(w.server, w.docId, { ticket: await buyTicket(w.server, w.docId, victimAuth(w, c)) }).catch(() => null)
  const newTask = (w: World, title: string) => call(w.server, 'POST', `/api/docs/${w.docId}/tasks`, w.owner, { title })

  for (const c of CASES) {
    it(`socket × ${c.event}`, async () => {
      const w = await world()
      // Cookie sockets for sessions, ticket sockets (bought with the token) for tokens.
      const sock = c.viaToken ? (await victimSocket(w, c))! : await openSocket(w.server, w.docId, { cookie: w.victim.cookie })
      const bystander = await openSocket(w.server, w.docId, { cookie: w.bystander.cookie })
      const keeper = await openSocket(w.server, w.docId, { cookie: w.victimOther })
      const res = await c.act(w)
      expect(res.status, await res.text()).toBe(200)
      const closed = await closeCodeWithin(sock, PROMPT_MS)
      expect(closed, 'the socket was not closed').not.toBeNull()
      if (c.outcome.kind === 'ended') {
        expect(closed).toBe(c.outcome.socketCode)
        // The way back in is shut too.
        if (c.viaToken) {
          expect((await call(w.server, 'POST', '/api/collab/tickets', victimAuth(w, c), { docId: w.docId })).status).toBe(401)
        } else {
          const again = await openSocket(w.server, w.docId, { cookie: w.victim.cookie })
          expect((await again.closed).code).toBe(c.event === 'member removed' ? CloseCode.DocumentNotFound : CloseCode.Unauthenticated)
        }
      } else {
        expect(closed).toBe(CloseCode.AccessChanged)
        // Reconnecting works, with the new role: a write is refused and nothing is stored.
        const again = await openSocket(w.server, w.docId, { cookie: w.victim.cookie })
        again.ws.send(textUpdateFrame('viewer write'))
        expect((await again.closed).code).toBe(CloseCode.Forbidden)
        expect(w.server.app.store.meta(w.docId)?.lastSeq ?? 0).toBe(0)
      }
      // Nobody else was touched; the password change kept the session it was made from.
      expect(bystander.ws.readyState).toBe(bystander.ws.OPEN)
      // (Access changes concern every session of the user; credential changes only their own.)
      const keeperShouldLive = c.outcome.kind === 'ended' && c.event !== 'member removed'
      if (keeperShouldLive) expect(keeper.ws.readyState).toBe(keeper.ws.OPEN)
      for (const s of [bystander, keeper]) s.ws.close()
    })

    it(`event stream × ${c.event}`, async () => {
      const w = await world()
      const project = w.server.fixture.projectId
      const stream = await openStream(w.server, project, victimAuth(w, c))
      expect(stream.status).toBe(200)
      cleanups.push(stream.close)
      const bystander = await openStream(w.server, project, { cookie: w.bystander.cookie })
      cleanups.push(bystander.close)
      expect(w.server.app.live.countOf(w.victim.id, 'stream')).toBe(1)
      const res = await c.act(w)
      expect(res.status, await res.text()).toBe(200)
      if (c.outcome.kind === 'ended') {
        expect(await settlesWithin(stream.ended, PROMPT_MS), `the stream outlived "${c.event}"`).toBe(true)
        expect(stream.text()).toContain('event: end')
        expect(w.server.app.live.countOf(w.victim.id, 'stream')).toBe(0)
        // A task changed after the event reaches the bystander only.
        await newTask(w, 'After the change')
        await waitFor(() => bystander.text().includes('event: tasks'), 'bystander sees the change')
        expect(stream.text()).not.toContain('event: tasks')
        const again = await openStream(w.server, project, victimAuth(w, c))
        expect([401, 404]).toContain(again.status)
      } else {
        // Still a viewer of the project: the stream stays and keeps delivering.
        await new Promise((r) => setTimeout(r, 100))
        expect(stream.isEnded()).toBe(false)
        await newTask(w, 'Seen as a viewer')
        await waitFor(() => stream.text().includes('event: tasks'), 'the re-authorised stream still delivers')
      }
      expect(bystander.isEnded()).toBe(false)
    })
  }

  it('a ticket bought just before sign-out opens nothing afterwards, and its write is not stored', async () => {
    const w = await world()
    const ticket = await buyTicket(w.server, w.docId, { cookie: w.victim.cookie })
    expect((await call(w.server, 'POST', '/api/auth/sign-out', { cookie: w.victim.cookie }, {})).status).toBe(200)
    const sock = await openSocket(w.server, w.docId, { ticket })
    // Written the moment the socket opens, before any close could arrive.
    if (sock.ws.readyState === sock.ws.OPEN) sock.ws.send(textUpdateFrame('written after sign-out'))
    expect(await closeCodeWithin(sock, PROMPT_MS)).toBe(CloseCode.Unauthenticated)
    await new Promise((r) => setTimeout(r, 100))
    expect(w.server.app.store.meta(w.docId)?.lastSeq ?? 0).toBe(0)
  })

  it('a ticket of a session ended some other way (revoked from the sessions list) is refused as well', async () => {
    const w = await world()
    const ticket = await buyTicket(w.server, w.docId, { cookie: w.victim.cookie })
    const list = (await (await call(w.server, 'GET', '/api/auth/sessions', { cookie: w.victimOther })).json()) as { id: string; current: boolean }[]
    const other = list.find((s) => !s.current)!
    expect((await call(w.server, 'DELETE', `/api/auth/sessions/${other.id}`, { cookie: w.victimOther })).status).toBe(200)
    const sock = await openSocket(w.server, w.docId, { ticket })
    expect(await closeCodeWithin(sock, PROMPT_MS)).toBe(CloseCode.Unauthenticated)
  })

  it('a password change ends every other session and its channels, keeps the current one, and says how many', async () => {
    const w = await world()
    const third = w.server.fixture.sessionCookie(w.victim.id)
    const socks = [await openSocket(w.server, w.docId, { cookie: w.victim.cookie }), await openSocket(w.server, w.docId, { cookie: third })]
    const streams = [await openStream(w.server, w.server.fixture.projectId, { cookie: third })]
    const res = await call(w.server, 'PUT', '/api/auth/password', { cookie: w.victimOther }, { current: OLD_PASSWORD, password: NEW_PASSWORD })
    expect(await res.json()).toEqual({ ok: true, sessionsEnded: 2 })
    for (const s of socks) expect(await closeCodeWithin(s, PROMPT_MS)).toBe(CloseCode.Unauthenticated)
    expect(await settlesWithin(streams[0]!.ended, PROMPT_MS)).toBe(true)
    for (const cookie of [w.victim.cookie, third]) expect((await call(w.server, 'GET', '/api/auth/me', { cookie })).status).toBe(401)
    expect((await call(w.server, 'GET', '/api/auth/me', { cookie: w.victimOther })).status).toBe(200)
  })
})
