import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { limits } from '#shared/limits'
import { MIN_PASSWORD_LENGTH } from '#shared/auth/password'
import { CloseCode } from '#shared/protocol/index'
import type { Config } from '../config.ts'
import { ACCOUNT_FAILURE_LIMIT } from '../auth/sign-in-guard.ts'
import { hashPassword } from '../auth/secrets.ts'
import { startServer, type TestServer } from '../test/harness.ts'
import { injectHeaders } from '../test/same-origin.ts'
import { call, closeCodeWithin, openSocket, openStream } from './channels.ts'

const PASSWORD = 'a perfectly fine passphrase'
const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0'
const SAFARI_IOS = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1'

describe('sessions, password policy, account lockout and per-user caps', () => {
  const cleanups: (() => unknown)[] = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })
  const serve = async (overrides: Partial<Config> = {}, dir?: string) => {
    const s = await startServer(overrides, dir)
    cleanups.push(s.close)
    return s
  }
  /** A user with a known password, in the fixture's workspace. */
  async function member(server: TestServer, name = 'Pat') {
    const u = server.fixture.user(name, 'editor')
    server.fixture.accounts.setPassword(u.id, await hashPassword(PASSWORD))
    return u
  }
  /** Signs in over HTTP (so the server's own session policy applies) from `address`. */
  async function signIn(server: TestServer, email: string, password: string, options: { address?: string; userAgent?: string } = {}) {
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      remoteAddress: options.address ?? '127.0.0.1',
      headers: { ...injectHeaders(server, 'POST'), 'content-type': 'application/json', 'user-agent': options.userAgent ?? 'test' },
      payload: JSON.stringify({ email, password }),
    })
    const cookie = /keel_session=[^;]+/.exec(String(res.headers['set-cookie'] ?? ''))?.[0] ?? null
    return { status: res.statusCode, body: res.json() as { error?: { code: string; message: string } }, cookie, headers: res.headers }
  }

  it('lists my sessions (device, address, created, last seen, which is this one) and revokes one', async () => {
    const server = await serve()
    const pat = await member(server)
    const laptop = (await signIn(server, pat.email, PASSWORD, { userAgent: FIREFOX, address: '127.0.0.2' })).cookie!
    const phone = (await signIn(server, pat.email, PASSWORD, { userAgent: SAFARI_IOS, address: '127.0.0.3' })).cookie!
    const list = (await (await call(server, 'GET', '/api/auth/sessions', { cookie: laptop })).json()) as {
      id: string
      device: string
      address: string
      current: boolean
      createdAt: string
      lastSeenAt: string
    }[]
    // The fixture's own session plus the two sign-ins.
    expect(list).toHaveLength(3)
    const mine = list.find((s) => s.current)!
    expect(mine).toMatchObject({ device: 'Firefox on Linux', address: '127.0.0.2' })
    expect(Date.parse(mine.createdAt)).toBeGreaterThan(Date.now() - 60_000)
    expect(Date.parse(mine.lastSeenAt)).toBeGreaterThanOrEqual(Date.parse(mine.createdAt))
    const phoneRow = list.find((s) => s.device === 'Safari on iOS')!
    expect(phoneRow).toMatchObject({ address: '127.0.0.3', current: false })
    // No secret or hash leaves the server.
    expect(JSON.stringify(list)).not.toContain(phone.split('=')[1]!)
    expect(Object.keys(mine).sort()).toEqual(['address', 'createdAt', 'current', 'device', 'id', 'lastSeenAt'])

    expect((await call(server, 'DELETE', `/api/auth/sessions/${phoneRow.id}`, { cookie: laptop })).status).toBe(200)
    expect((await call(server, 'GET', '/api/auth/me', { cookie: phone })).status).toBe(401)
    expect((await call(server, 'GET', '/api/auth/me', { cookie: laptop })).status).toBe(200)
    // Someone else's session is "not found", and stays alive.
    const ownerSessions = server.fixture.accounts.sessionsOf(server.fixture.owner.id)
    expect((await call(server, 'DELETE', `/api/auth/sessions/${ownerSessions[0]!.id}`, { cookie: laptop })).status).toBe(404)
    expect((await call(server, 'GET', '/api/auth/me', { cookie: server.fixture.owner.cookie })).status).toBe(200)
  })

  it('signs out everywhere: every session (this one too) and their sockets; keepCurrent spares this one', async () => {
    const server = await serve()
    const pat = await member(server)
    const a = (await signIn(server, pat.email, PASSWORD)).cookie!
    const b = (await signIn(server, pat.email, PASSWORD)).cookie!
    const docId = server.fixture.ensureDoc('everywhere')
    const sock = await openSocket(server, docId, { cookie: b })
    const kept = await call(server, 'POST', '/api/auth/sign-out-everywhere', { cookie: a }, { keepCurrent: true })
    expect(await kept.json()).toEqual({ ok: true, sessionsEnded: 2 })
    expect(await closeCodeWithin(sock, 2000)).toBe(CloseCode.Unauthenticated)
    expect((await call(server, 'GET', '/api/auth/me', { cookie: a })).status).toBe(200)
    const all = await call(server, 'POST', '/api/auth/sign-out-everywhere', { cookie: a }, {})
    expect(await all.json()).toEqual({ ok: true, sessionsEnded: 1 })
    expect(all.headers.get('set-cookie')).toMatch(/keel_session=;/)
    expect((await call(server, 'GET', '/api/auth/me', { cookie: a })).status).toBe(401)
  })

  it('ends a session at its absolute lifetime, however active', async () => {
    // Seconds, not milliseconds: a loaded 2-core CI machine must not make the "still valid" steps late.
    const server = await serve({ sessionMaxMs: 3000 })
    const pat = await member(server)
    const signedInAt = Date.now()
    const cookie = (await signIn(server, pat.email, PASSWORD)).cookie!
    const at = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, signedInAt + ms - Date.now())))
    expect((await call(server, 'GET', '/api/auth/me', { cookie })).status).toBe(200)
    await at(1500)
    expect((await call(server, 'GET', '/api/auth/me', { cookie })).status).toBe(200)
    await at(3600)
    expect((await call(server, 'GET', '/api/auth/me', { cookie })).status).toBe(401)
  })

  it('ends a session left idle past the idle lifetime; use within it keeps it', async () => {
    const server = await serve({ sessionIdleMs: 7 * 24 * 3600_000 })
    const pat = await member(server)
    const idle = (await signIn(server, pat.email, PASSWORD)).cookie!
    const active = (await signIn(server, pat.email, PASSWORD)).cookie!
    const db = new Database(`${server.dir}/keel.db`)
    cleanups.push(() => db.close())
    const rows = () =>
      db
        .prepare<[string], { id_hash: string; last_seen_at: number }>('SELECT id_hash, last_seen_at FROM sessions WHERE user_id = ? ORDER BY created_at')
        .all(pat.id)
    const [, idleRow, activeRow] = rows()
    const day = 24 * 3600_000
    db.prepare('UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?').run(Date.now() - 8 * day, idleRow!.id_hash)
    db.prepare('UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?').run(Date.now() - 6 * day, activeRow!.id_hash)
    expect((await call(server, 'GET', '/api/auth/me', { cookie: idle })).status).toBe(401)
    expect((await call(server, 'GET', '/api/auth/me', { cookie: active })).status).toBe(200)
    // Seen now: the request moved last_seen forward...
    const seen = rows().find((r) => r.id_hash === activeRow!.id_hash)!.last_seen_at
    expect(seen).toBeGreaterThan(Date.now() - 60_000)
    // ...and the next ones within the minute write nothing.
    for (let i = 0; i < 5; i++) await call(server, 'GET', '/api/auth/me', { cookie: active })
    expect(rows().find((r) => r.id_hash === activeRow!.id_hash)!.last_seen_at).toBe(seen)
  })

  it(`refuses new passwords under ${MIN_PASSWORD_LENGTH} characters, common ones and the email, saying why; old short passwords still sign in`, async () => {
    const server = await serve()
    const pat = server.fixture.user('Short', 'editor')
    // Set under the old 10-character rule.
    server.fixture.accounts.setPassword(pat.id, await hashPassword('tenchars10'))
    const signedIn = await signIn(server, pat.email, 'tenchars10')
    expect(signedIn.status).toBe(200)
    const cookie = signedIn.cookie!
    const change = (password: string) => call(server, 'PUT', '/api/auth/password', { cookie }, { current: 'tenchars10', password })
    for (const [password, says] of [
      ['elevenchars', /at least 12 characters/i],
      ['qwertyuiopasdf', /common/i],
      ['Password1234', /common/i],
      ['aaaaaaaaaaaaaaaa', /common|repeated/i],
      [pat.email, /email/i],
    ] as const) {
      const res = await change(password)
      const body = (await res.json()) as { error: { message: string } }
      expect(res.status, password).toBe(400)
      expect(body.error.message, password).toMatch(says)
    }
    expect((await change('a long and unusual phrase')).status).toBe(200)
    // Invites that create an account follow the same rule.
    const { secret } = server.fixture.directory.createInvite(server.fixture.workspaceId, 'viewer', server.fixture.owner.id)
    const short = await call(server, 'POST', `/api/invites/${secret}/accept`, {}, { name: 'New', email: 'new@keel.test', password: 'short pass' })
    expect(short.status).toBe(400)
    const asEmail = await call(
      server,
      'POST',
      `/api/invites/${secret}/accept`,
      {},
      { name: 'New', email: 'new.person@keel.test', password: 'new.person@keel.test' },
    )
    expect(((await asEmail.json()) as { error: { message: string } }).error.message).toMatch(/email/i)
  })

  it('locks password sign-in per account after repeated failures from rotating addresses; the link still works; a restart keeps the count', async () => {
    // Each address may try only 3 times a minute, so the attacker rotates addresses.
    const server = await serve({ signInRatePerMinute: 3 })
    const pat = await member(server)
    const bystander = await member(server, 'Bystander')
    const statuses: number[] = []
    for (let i = 0; i < ACCOUNT_FAILURE_LIMIT; i++) {
      statuses.push((await signIn(server, pat.email, `wrong guess number ${i}`, { address: `127.0.0.${10 + Math.floor(i / 2)}` })).status)
    }
    expect(statuses).toEqual(Array(ACCOUNT_FAILURE_LIMIT).fill(401))
    // Now even the right password, from a fresh address, is paused: 429 with a clear message.
    const locked = await signIn(server, pat.email, PASSWORD, { address: '127.0.0.99' })
    expect(locked.status).toBe(429)
    expect(locked.body.error).toMatchObject({ code: 'too_many_attempts' })
    expect(locked.body.error!.message).toMatch(/too many failed sign-ins for this account.*sign-in link/)
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(60)
    expect(locked.cookie).toBeNull()
    // Other accounts are unaffected.
    expect((await signIn(server, bystander.email, PASSWORD, { address: '127.0.0.98' })).status).toBe(200)
    // The locked-out user gets in with a one-time link, which the lock does not gate.
    const link = server.fixture.accounts.createSignInLink(pat.id)
    const viaLink = await server.app.inject({ method: 'GET', url: `/auth/link/${link}`, remoteAddress: '127.0.0.97', headers: injectHeaders(server) })
    expect(viaLink.statusCode).toBe(302)
    expect(String(viaLink.headers['set-cookie'])).toMatch(/keel_session=ks_/)
    // Failures are counted in the database: a restart does not hand out a fresh allowance.
    const other = await member(server, 'Other')
    for (let i = 0; i < ACCOUNT_FAILURE_LIMIT; i++) await signIn(server, other.email, `nope ${i}`, { address: `127.0.1.${i}` })
    await server.close()
    cleanups.pop()
    const again = await serve({ signInRatePerMinute: 3 }, server.dir)
    expect((await signIn(again, other.email, PASSWORD, { address: '127.0.2.1' })).status).toBe(429)
  })

  it('caps sync sockets per user (4510) and event streams per user (429), leaving other users alone', async () => {
    const server = await serve({ limits: { ...limits, maxSocketsPerUser: 3, maxStreamsPerUser: 2 } })
    const pat = await member(server)
    const kim = await member(server, 'Kim')
    const docs = ['cap-a', 'cap-b', 'cap-c', 'cap-d'].map((d) => server.fixture.ensureDoc(d))
    const open = await Promise.all(docs.slice(0, 3).map((d) => openSocket(server, d, { cookie: pat.cookie })))
    for (const s of open) expect(s.ws.readyState).toBe(s.ws.OPEN)
    const fourth = await openSocket(server, docs[3]!, { cookie: pat.cookie })
    expect(await closeCodeWithin(fourth, 2000)).toBe(CloseCode.TooManySocketsForUser)
    const kims = await openSocket(server, docs[3]!, { cookie: kim.cookie })
    expect(kims.ws.readyState).toBe(kims.ws.OPEN)
    // Closing one frees a place.
    open[0]!.ws.close()
    await open[0]!.closed
    await new Promise((r) => setTimeout(r, 50))
    const replacement = await openSocket(server, docs[3]!, { cookie: pat.cookie })
    expect(replacement.ws.readyState).toBe(replacement.ws.OPEN)

    const project = server.fixture.projectId
    const streams = [await openStream(server, project, { cookie: pat.cookie }), await openStream(server, project, { cookie: pat.cookie })]
    for (const s of streams) cleanups.push(s.close)
    const third = await fetch(`${server.url}/api/projects/${project}/events`, { headers: { cookie: pat.cookie } })
    expect(third.status).toBe(429)
    expect(((await third.json()) as { error: { code: string } }).error.code).toBe('too_many_streams')
    const kimStream = await openStream(server, project, { cookie: kim.cookie })
    cleanups.push(kimStream.close)
    expect(kimStream.status).toBe(200)
    for (const s of [...open, replacement, kims]) s.ws.close()
  })
})
