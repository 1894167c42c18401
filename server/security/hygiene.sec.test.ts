import fs from 'node:fs'
import path from 'node:path'
import { Writable } from 'node:stream'
import { afterEach, describe, expect, it } from 'vitest'
import { limits } from '#shared/limits'
import { openDatabase } from '../db/open.ts'
import { rawSocket, startServer, tempDir, type TestServer, waitFor } from '../test/harness.ts'

/** What the server leaks or lets pile up besides its API: file modes, source maps, load figures, log floods. */
describe('hygiene', () => {
  const cleanups: (() => Promise<void> | void)[] = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })
  const temp = () => {
    const t = tempDir('keel-hygiene-')
    cleanups.push(t.cleanup)
    return t.dir
  }
  const serve = async (...args: Parameters<typeof startServer>): Promise<TestServer> => {
    const s = await startServer(...args)
    cleanups.push(s.close)
    return s
  }
  const mode = (p: string) => fs.statSync(p).mode & 0o777

  it('the data folder is 0700 and the database, its WAL and shared memory 0600, new or existing', async () => {
    const fresh = path.join(temp(), 'data', 'keel.db')
    const db = openDatabase(fresh, { synchronous: 'normal' })
    db.prepare('CREATE TABLE IF NOT EXISTS probe (x)').run()
    db.prepare('INSERT INTO probe VALUES (1)').run()
    try {
      expect(mode(path.dirname(fresh)).toString(8)).toBe('700')
      for (const f of [fresh, `${fresh}-wal`, `${fresh}-shm`]) expect(mode(f).toString(8), f).toBe('600')
    } finally {
      db.close()
    }
    // Left by an older version: world-readable folder and files are tightened at open.
    const oldDir = path.join(temp(), 'old')
    const old = path.join(oldDir, 'keel.db')
    fs.mkdirSync(oldDir, { mode: 0o755 })
    fs.chmodSync(oldDir, 0o755)
    // Kept open while the second one opens, so the WAL and shared-memory files exist (a last
    // close deletes them) and their tightening is exercised, not skipped.
    const first = openDatabase(old, { synchronous: 'normal' })
    first.prepare('CREATE TABLE probe (x)').run()
    const files = [old, `${old}-wal`, `${old}-shm`]
    for (const f of files) fs.chmodSync(f, 0o644)
    fs.chmodSync(oldDir, 0o755)
    const reopened = openDatabase(old, { synchronous: 'normal' })
    try {
      expect(mode(oldDir).toString(8)).toBe('700')
      for (const f of files) expect(mode(f).toString(8), f).toBe('600')
    } finally {
      reopened.close()
      first.close()
    }
  })

  it('source maps are not served (404), however the path is spelled; the bundles are', async () => {
    const dist = temp()
    fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>Keel</title>')
    fs.writeFileSync(path.join(dist, 'sw.js'), 'self.x = 1')
    fs.writeFileSync(path.join(dist, 'sw.js.map'), '{"version":3,"sources":["secret-source.ts"]}')
    fs.mkdirSync(path.join(dist, 'assets'))
    fs.writeFileSync(path.join(dist, 'assets', 'app.js'), 'console.log(1)')
    fs.writeFileSync(path.join(dist, 'assets', 'app.js.map'), '{"version":3,"sources":["secret-source.ts"]}')
    const server = await serve({ staticDir: dist })
    for (const p of ['/sw.js.map', '/assets/app.js.map', '/sw.js%2Emap', '/assets/app.js.MAP', '/sw.js.map?x=1']) {
      const res = await fetch(`${server.url}${p}`)
      const body = await res.text()
      expect(res.status, `${p} → ${body.slice(0, 80)}`).toBe(404)
      expect(body).not.toContain('secret-source')
    }
    expect((await fetch(`${server.url}/sw.js`)).status).toBe(200)
    expect((await fetch(`${server.url}/assets/app.js`)).status).toBe(200)
    expect((await fetch(`${server.url}/d/some-doc`)).status).toBe(200)
  })

  it('/api/health says up and which version to anyone; load figures only to an instance administrator', async () => {
    const server = await serve({ adminEmails: ['admin@keel.test'] })
    const health = await fetch(`${server.url}/api/health`)
    expect(health.status).toBe(200)
    expect(Object.keys((await health.json()) as object).sort()).toEqual(['ok', 'uptimeSeconds', 'version'])
    const details = (cookie?: string) => fetch(`${server.url}/api/health/details`, { headers: cookie ? { cookie } : {} })
    expect((await details()).status).toBe(401)
    expect((await details(server.fixture.user('Viv', 'viewer').cookie)).status).toBe(403)
    expect((await details(server.fixture.user('Ed', 'editor').cookie)).status).toBe(403)
    // A workspace owner is anyone who made a workspace: not enough for the instance's figures.
    expect((await details(server.fixture.owner.cookie)).status).toBe(403)
    const admin = server.fixture.accounts.createUser({ email: 'admin@keel.test', name: 'Admin', passwordHash: null })
    const owner = await details(server.fixture.sessionCookie(admin.id))
    expect(owner.status).toBe(200)
    expect(await owner.json()).toMatchObject({ ok: true, rooms: expect.any(Number), connections: expect.any(Number) })
  })

  it('frames over the size limit: one warn line per socket, no error level, no stack', async () => {
    let log = ''
    const stream = new Writable({
      write(chunk, _enc, cb) {
        log += chunk
        cb()
      },
    })
    const small = { ...limits, maxMessageBytes: 16 * 1024 }
    const server = await serve({ logLevel: 'info', limits: small }, undefined, { logStream: stream })
    const docId = server.fixture.ensureDoc('oversize')
    for (let i = 0; i < 3; i++) {
      const sock = await rawSocket(server.wsUrl, docId)
      await waitFor(() => sock.received.length > 0, 'live')
      sock.ws.send(new Uint8Array(small.maxMessageBytes + 1))
      expect((await sock.closed).code).toBe(1009)
    }
    await waitFor(() => (log.match(/Max payload size exceeded/g) ?? []).length >= 3, 'three log lines')
    const lines = log
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { level: number; msg: string; err?: unknown; reason?: string })
    const about = lines.filter((l) => JSON.stringify(l).includes('Max payload size exceeded'))
    expect(about.map((l) => l.level)).toEqual([40, 40, 40])
    expect(lines.filter((l) => l.level >= 50)).toEqual([])
    expect(log).not.toMatch(/"stack"|\n\s+at /)
  })
})
