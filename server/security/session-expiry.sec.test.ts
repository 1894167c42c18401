import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { CloseCode } from '#shared/protocol/index'
import { startServer } from '../test/harness.ts'
import { closeCodeWithin, openSocket, openStream, settlesWithin } from './channels.ts'

const DAY = 24 * 3600_000

describe('sessions end by the clock on open channels too', () => {
  const cleanups: (() => unknown)[] = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })

  it('a socket and a stream of a session past its absolute lifetime end within a sweep (4401); a live session is untouched', async () => {
    const server = await startServer({ sessionMaxMs: 10 * DAY })
    cleanups.push(server.close)
    const { fixture } = server
    const docId = fixture.ensureDoc('expiry-doc')
    const pat = fixture.user('Pat', 'editor')
    const sock = await openSocket(server, docId, { cookie: pat.cookie })
    const stream = await openStream(server, fixture.projectId, { cookie: pat.cookie })
    const bystander = await openSocket(server, docId, { cookie: fixture.owner.cookie })
    // Pat's session started 11 days ago (the owner's now): only Pat's is past its end.
    const db = new Database(`${server.dir}/keel.db`)
    cleanups.push(() => db.close())
    db.prepare('UPDATE sessions SET expires_at = ? WHERE user_id = ?').run(Date.now() - DAY, pat.id)

    expect(server.app.sessionSweep.sweep()).toBe(1)
    expect(await closeCodeWithin(sock, 2000)).toBe(CloseCode.Unauthenticated)
    expect(await settlesWithin(stream.ended, 2000)).toBe(true)
    expect(await closeCodeWithin(bystander, 300)).toBeNull()
    expect((await fetch(`${server.url}/api/auth/me`, { headers: { cookie: pat.cookie } })).status).toBe(401)
  })

  it('an open channel is use: its session is marked seen, so typing in one tab all week is not "idle"', async () => {
    const server = await startServer({ sessionIdleMs: 7 * DAY })
    cleanups.push(server.close)
    const { fixture } = server
    const docId = fixture.ensureDoc('idle-doc')
    const pat = fixture.user('Pat', 'editor')
    const sock = await openSocket(server, docId, { cookie: pat.cookie })
    const db = new Database(`${server.dir}/keel.db`)
    cleanups.push(() => db.close())
    const lastSeen = () => db.prepare<[string], { last_seen_at: number }>('SELECT last_seen_at FROM sessions WHERE user_id = ?').get(pat.id)!.last_seen_at
    db.prepare('UPDATE sessions SET last_seen_at = ? WHERE user_id = ?').run(Date.now() - 6 * DAY, pat.id)

    expect(server.app.sessionSweep.sweep()).toBe(0)
    expect(lastSeen()).toBeGreaterThan(Date.now() - 60_000)
    expect(await closeCodeWithin(sock, 300)).toBeNull()
  })
})
