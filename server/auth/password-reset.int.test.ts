import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'
import { openDatabase } from '../db/open.ts'
import { startServer, type TestServer } from '../test/harness.ts'
import { sameOrigin } from '../test/same-origin.ts'
import { Accounts } from './accounts.ts'
import { PasswordResets, RESET_REQUEST_LIMIT } from './password-resets.ts'
import { hashPassword } from './secrets.ts'
import { SqliteAccountStore } from './sqlite-account-store.ts'

const run = promisify(execFile)
const CLI = path.resolve(import.meta.dirname, '..', '..', 'scripts', 'keel.mjs')
const OLD = 'the password I forgot'
const NEW = 'a lantern on the harbour wall'

/** "Forgot password?" → outbox → reset link → new password, every session ended, signed in. */
describe('password reset', () => {
  const cleanups: (() => unknown)[] = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })
  const serve = async () => {
    const s = await startServer()
    cleanups.push(s.close)
    return s
  }
  const post = (server: TestServer, url: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${url}`, {
      method: 'POST',
      headers: { ...sameOrigin(server), 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    })
  const member = async (server: TestServer, name = 'Pat') => {
    const u = server.fixture.user(name, 'editor')
    server.fixture.accounts.setPassword(u.id, await hashPassword(OLD))
    return u
  }
  /** The reset link of the newest pending message to `email`, as an operator reads it. */
  const linkFor = (server: TestServer, email: string) => {
    const message = server.app.mailer.outbox
      .pending(Date.now())
      .filter((m) => m.recipient === email)
      .at(-1)
    const url = /(http\S+\/reset-password#\S+)/.exec(message?.body ?? '')?.[1]
    return { message, url, secret: url?.split('#')[1] }
  }
  const auditKinds = (server: TestServer, userId: string) =>
    server.app.audit
      .visibleIn(server.fixture.workspaceId, { limit: 100 })
      .filter((e) => e.subjectId === userId)
      .map((e) => e.kind)

  it('request → outbox row → complete: new password, every old session ended, signed in, audited', async () => {
    const server = await serve()
    const pat = await member(server)
    const other = server.fixture.sessionCookie(pat.id)

    const asked = await post(server, '/api/auth/password-reset', { email: pat.email.toUpperCase() })
    expect(asked.status).toBe(202)
    expect(await asked.json()).toEqual({ ok: true })
    const { message, url, secret } = linkFor(server, pat.email)
    expect(message).toMatchObject({ subject: 'Reset your Keel password', sentAt: null })
    expect(url).toMatch(new RegExp(`^http://localhost:${server.port}/reset-password#kr_[\\w-]{43}$`))
    expect(message!.expiresAt - message!.createdAt).toBe(3600_000)

    const info = await post(server, '/api/auth/password-reset/inspect', { secret })
    expect(info.status).toBe(200)
    expect(await info.json()).toMatchObject({ email: pat.email })

    // The account page's rule, the email included; the link survives a refused password.
    const weak = await post(server, '/api/auth/password-reset/complete', { secret, password: pat.email })
    expect(weak.status).toBe(400)
    expect(((await weak.json()) as { error: { code: string } }).error.code).toBe('weak_password')

    const done = await post(server, '/api/auth/password-reset/complete', { secret, password: NEW })
    expect(done.status).toBe(200)
    const body = (await done.json()) as { user: { email: string; hasPassword: boolean }; sessionsEnded: number }
    expect(body).toMatchObject({ user: { email: pat.email, hasPassword: true }, sessionsEnded: 2 })
    const cookie = /keel_session=[^;]+/.exec(done.headers.get('set-cookie') ?? '')![0]
    expect((await fetch(`${server.url}/api/auth/me`, { headers: { cookie } })).status).toBe(200)
    for (const old of [pat.cookie, other]) expect((await fetch(`${server.url}/api/auth/me`, { headers: { cookie: old } })).status).toBe(401)

    expect((await post(server, '/api/auth/sign-in', { email: pat.email, password: OLD })).status).toBe(401)
    expect((await post(server, '/api/auth/sign-in', { email: pat.email, password: NEW })).status).toBe(200)
    expect(auditKinds(server, pat.id)).toEqual(expect.arrayContaining(['auth.password_reset_requested', 'auth.password_reset_completed']))
  })

  it('refuses used, expired and unknown links with codes that say which', async () => {
    const server = await serve()
    const pat = await member(server)
    const code = async (res: Response) => [res.status, ((await res.json()) as { error: { code: string } }).error.code]

    await post(server, '/api/auth/password-reset', { email: pat.email })
    const first = linkFor(server, pat.email).secret!
    await post(server, '/api/auth/password-reset', { email: pat.email })
    const second = linkFor(server, pat.email).secret!
    expect(second).not.toBe(first)
    expect((await post(server, '/api/auth/password-reset/complete', { secret: second, password: NEW })).status).toBe(200)
    expect(await code(await post(server, '/api/auth/password-reset/complete', { secret: second, password: NEW }))).toEqual([410, 'reset_link_used'])
    // One reset ends the account's other links too.
    expect(await code(await post(server, '/api/auth/password-reset/inspect', { secret: first }))).toEqual([410, 'reset_link_used'])

    const db = openDatabase(path.join(server.dir, 'keel.db'), { synchronous: 'normal' })
    cleanups.push(() => db.close())
    const accounts = new Accounts(new SqliteAccountStore(db))
    const resets = new PasswordResets(new SqliteAccountStore(db), accounts, server.app.mailer, (p) => `${server.url}${p}`)
    const old = resets.issue(pat.id, server.fixture.owner.id, Date.now() - 3601_000).url.split('#')[1]!
    expect(await code(await post(server, '/api/auth/password-reset/inspect', { secret: old }))).toEqual([410, 'reset_link_expired'])
    expect(await code(await post(server, '/api/auth/password-reset/complete', { secret: old, password: NEW }))).toEqual([410, 'reset_link_expired'])
    for (const secret of ['kr_not-a-real-link', `${second}x`]) {
      expect(await code(await post(server, '/api/auth/password-reset/complete', { secret, password: NEW }))).toEqual([404, 'reset_link_invalid'])
    }
  })

  it('answers an unknown email exactly as a known one, queues nothing for it, and limits requests per email', async () => {
    const server = await serve()
    const pat = await member(server)
    const known = await post(server, '/api/auth/password-reset', { email: pat.email })
    const unknown = await post(server, '/api/auth/password-reset', { email: 'nobody-here@keel.test' })
    expect([unknown.status, await unknown.text()]).toEqual([known.status, await known.text()])
    expect(unknown.headers.get('set-cookie')).toBeNull()
    expect(server.app.mailer.outbox.pending(Date.now()).map((m) => m.recipient)).toEqual([pat.email])

    // Per email, whatever the address, and the same for emails with and without an account.
    for (const email of [pat.email, 'nobody-here@keel.test']) {
      for (let i = 1; i < RESET_REQUEST_LIMIT; i++) expect((await post(server, '/api/auth/password-reset', { email })).status).toBe(202)
      const limited = await post(server, '/api/auth/password-reset', { email })
      expect(limited.status).toBe(429)
      expect(limited.headers.get('retry-after')).toMatch(/^\d+$/)
      expect(((await limited.json()) as { error: { code: string } }).error.code).toBe('too_many_attempts')
    }
    expect(server.app.mailer.outbox.pending(Date.now())).toHaveLength(RESET_REQUEST_LIMIT)
  })

  it("an owner issues a member's reset link from the Members list, audited; not for someone in a workspace they do not own", async () => {
    const server = await serve()
    const pat = await member(server)
    const owner = server.fixture.owner
    const res = await post(server, `/api/workspaces/${server.fixture.workspaceId}/members/${pat.id}/password-reset`, {}, { cookie: owner.cookie })
    expect(res.status).toBe(201)
    const { url } = (await res.json()) as { url: string; expiresAt: string }
    expect(url).toMatch(/\/reset-password#kr_[\w-]{43}$/)
    const events = server.app.audit.visibleIn(server.fixture.workspaceId, { limit: 10 })
    expect(events.find((e) => e.kind === 'auth.password_reset_issued')).toMatchObject({
      actorId: owner.id,
      subjectId: pat.id,
      workspaceId: server.fixture.workspaceId,
    })
    const done = await post(server, '/api/auth/password-reset/complete', { secret: url.split('#')[1], password: NEW })
    expect(done.status).toBe(200)

    // Pat also belongs to Olga's workspace: a reset by this owner would hand over Pat's access there.
    const olga = server.fixture.user('Olga', null)
    const elsewhere = server.fixture.directory.createWorkspace('Elsewhere', olga.id)
    server.fixture.directory.setMember(elsewhere.id, pat.id, 'editor')
    const refused = await post(server, `/api/workspaces/${server.fixture.workspaceId}/members/${pat.id}/password-reset`, {}, { cookie: owner.cookie })
    expect(refused.status).toBe(409)
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('member_elsewhere')
    const unknown = await post(server, `/api/workspaces/${server.fixture.workspaceId}/members/${olga.id}/password-reset`, {}, { cookie: owner.cookie })
    expect(unknown.status).toBe(404)
  })

  it('`npm run keel -- outbox` prints pending messages with their link, for the operator to pass on', async () => {
    const server = await serve()
    const pat = await member(server)
    await post(server, '/api/auth/password-reset', { email: pat.email })
    const env = { ...process.env, KEEL_DATA_DIR: server.dir, KEEL_LOG_LEVEL: 'silent' }
    const { stdout } = await run(process.execPath, [CLI, 'outbox'], { env })
    expect(stdout).toContain(`To: ${pat.email}`)
    expect(stdout).toContain(linkFor(server, pat.email).url!)
  })
})
