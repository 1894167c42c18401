import fs from 'node:fs'
import path from 'node:path'
import { PassThrough } from 'node:stream'
import { afterEach, describe, expect, it } from 'vitest'
import { hashPassword } from '../auth/secrets.ts'
import { startServer, type TestServer } from '../test/harness.ts'
import { sameOrigin } from '../test/same-origin.ts'

const NEW = 'a lantern on the harbour wall'

/**
 * Attacks on password reset: reading a link from the log or a copied database, telling which
 * emails have accounts, racing one link twice, completing a reset from another site (login
 * CSRF), and an owner of one workspace taking over a member's access to another.
 */
describe('password reset under attack', () => {
  const cleanups: (() => unknown)[] = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })
  const post = (server: TestServer, url: string, body: unknown, headers: Record<string, string> = sameOrigin(server)) =>
    fetch(`${server.url}${url}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) })
  const secretFor = (server: TestServer, email: string) =>
    /reset-password#(\S+)/.exec(
      server.app.mailer.outbox
        .pending(Date.now())
        .filter((m) => m.recipient === email)
        .at(-1)?.body ?? '',
    )?.[1]

  it('the reset secret is in no log line and not readable from the database file; the log says where the message waits', async () => {
    const log = new PassThrough()
    let text = ''
    log.on('data', (chunk: Buffer) => (text += chunk.toString()))
    const server = await startServer({ logLevel: 'info' }, undefined, { logStream: log })
    cleanups.push(server.close)
    const pat = server.fixture.user('Pat', 'editor')
    await post(server, '/api/auth/password-reset', { email: pat.email })
    const secret = secretFor(server, pat.email)!
    const issued = await post(
      server,
      `/api/workspaces/${server.fixture.workspaceId}/members/${pat.id}/password-reset`,
      {},
      { ...sameOrigin(server), cookie: server.fixture.owner.cookie },
    )
    const ownerSecret = ((await issued.json()) as { url: string }).url.split('#')[1]!
    await post(server, '/api/auth/password-reset/inspect', { secret })
    await post(server, '/api/auth/password-reset/complete', { secret: ownerSecret, password: 'short' })
    await post(server, '/api/auth/password-reset/complete', { secret, password: NEW })
    await new Promise((r) => setTimeout(r, 20))
    expect(text).toContain('waits in the outbox')
    expect(text).toContain('npm run keel -- outbox')
    for (const s of [secret, ownerSecret]) expect(text).not.toContain(s.slice(3))

    // A copy of the data file (and its WAL) holds the hashes and the sealed message only.
    const files = fs.readdirSync(server.dir).filter((f) => f.startsWith('keel.db'))
    const raw = Buffer.concat(files.map((f) => fs.readFileSync(path.join(server.dir, f))))
    for (const s of [secret, ownerSecret]) expect(raw.includes(s.slice(3))).toBe(false)
  })

  it('an unknown email, a known one and a known one without a password get the same answer, in comparable time', async () => {
    const server = await startServer()
    cleanups.push(server.close)
    const pat = server.fixture.user('Pat', 'editor')
    server.fixture.accounts.setPassword(pat.id, await hashPassword('the real passphrase'))
    const noPassword = server.fixture.user('Nell', 'viewer')
    const answers: { status: number; body: string; headers: string[]; ms: number }[] = []
    for (const email of [pat.email, 'nobody@keel.test', noPassword.email, 'NOBODY2@keel.test']) {
      const start = performance.now()
      const res = await post(server, '/api/auth/password-reset', { email })
      const ms = performance.now() - start
      const headers = [...res.headers.keys()]
        .filter((h) => !['date', 'x-ratelimit-remaining', 'x-ratelimit-reset', 'content-length', 'keep-alive', 'connection'].includes(h))
        .sort()
      answers.push({ status: res.status, body: await res.text(), headers, ms })
    }
    for (const a of answers.slice(1)) expect({ ...a, ms: 0 }).toEqual({ ...answers[0]!, ms: 0 })
    expect(answers[0]!.status).toBe(202)
    // Delivery happens after the answer: the known email does no slow work before it.
    expect(Math.max(...answers.map((a) => a.ms))).toBeLessThan(500)
  })

  it('one link, two completions at once: exactly one wins', async () => {
    const server = await startServer()
    cleanups.push(server.close)
    const pat = server.fixture.user('Pat', 'editor')
    await post(server, '/api/auth/password-reset', { email: pat.email })
    const secret = secretFor(server, pat.email)!
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) => post(server, '/api/auth/password-reset/complete', { secret, password: `${NEW} ${i}` })),
    )
    expect(answers.map((a) => a.status).sort()).toEqual([200, 410, 410, 410, 410, 410])
  })

  it('another site cannot complete a reset in the victim’s browser (login CSRF), nor ask for one', async () => {
    const server = await startServer()
    cleanups.push(server.close)
    const pat = server.fixture.user('Pat', 'editor')
    await post(server, '/api/auth/password-reset', { email: pat.email })
    const secret = secretFor(server, pat.email)!
    const evil = { origin: 'http://evil.example' }
    expect((await post(server, '/api/auth/password-reset/complete', { secret, password: NEW }, evil)).status).toBe(403)
    expect((await post(server, '/api/auth/password-reset', { email: pat.email }, evil)).status).toBe(403)
    // The link still works for its owner.
    expect((await post(server, '/api/auth/password-reset/inspect', { secret })).status).toBe(200)
  })

  it('the owner of one workspace cannot take over a member who also belongs to another', async () => {
    const server = await startServer()
    cleanups.push(server.close)
    const { fixture } = server
    const pat = fixture.user('Pat', 'editor')
    const olga = fixture.user('Olga', null)
    const theirs = fixture.directory.createWorkspace('Olga’s', olga.id)
    fixture.directory.setMember(theirs.id, pat.id, 'owner')
    const res = await post(
      server,
      `/api/workspaces/${fixture.workspaceId}/members/${pat.id}/password-reset`,
      {},
      { ...sameOrigin(server), cookie: fixture.owner.cookie },
    )
    expect(res.status).toBe(409)
    expect(JSON.stringify(await res.json())).not.toContain('reset-password#')
    // An API token (even the owner's, with write scope) cannot issue one at all.
    const { secret } = fixture.accounts.createToken({ userId: fixture.owner.id, workspaceId: fixture.workspaceId, name: 'ci', scope: 'write' })
    const viaToken = await post(server, `/api/workspaces/${fixture.workspaceId}/members/${olga.id}/password-reset`, {}, { authorization: `Bearer ${secret}` })
    expect(viaToken.status).toBe(403)
  })
})
