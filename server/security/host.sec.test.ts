import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { hashPassword } from '../auth/secrets.ts'
import type { Config } from '../config.ts'
import { startServer, tempDir, type TestServer } from '../test/harness.ts'
import { rawRequest, upgrade } from './http.ts'

/**
 * DNS rebinding and everything that trusted the Host header. A page on evil.example whose name
 * resolves to the victim's Keel sends `Host: evil.example:<port>` and a matching Origin: the
 * old same-origin check compared the two and let it sync. Every request here connects to
 * 127.0.0.1; only the Host header names another place.
 */
describe('the Host header is checked before anything runs', () => {
  const cleanups: (() => Promise<void> | void)[] = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })
  const serve = async (overrides: Partial<Config> = {}): Promise<TestServer> => {
    const s = await startServer(overrides)
    cleanups.push(s.close)
    return s
  }
  const evil = (port: number) => `evil.example:${port}`

  it('a rebinding page cannot open a sync socket, even with a matching Origin and the cookie (421)', async () => {
    const server = await serve()
    const docId = server.fixture.ensureDoc('rebinding')
    const cookie = server.fixture.owner.cookie
    expect(await upgrade(server.port, docId, { cookie, host: evil(server.port), origin: `http://${evil(server.port)}` })).toBe('http 421')
    // The loopback Host with a foreign Origin is the classic cross-site socket: 403.
    expect(await upgrade(server.port, docId, { cookie, host: `127.0.0.1:${server.port}`, origin: `http://${evil(server.port)}` })).toBe('http 403')
    // Another local port is another origin (and localhost cookies are shared across ports).
    expect(await upgrade(server.port, docId, { cookie, host: `localhost:${server.port}`, origin: 'http://localhost:1' })).toBe('http 403')
    // Our own page, by either loopback name, still syncs.
    expect(await upgrade(server.port, docId, { cookie, host: `127.0.0.1:${server.port}`, origin: server.url })).toBe('open')
    expect(await upgrade(server.port, docId, { cookie, host: `localhost:${server.port}`, origin: `http://localhost:${server.port}` })).toBe('open')
    expect(await upgrade(server.port, docId, { cookie, host: `[::1]:${server.port}`, origin: `http://[::1]:${server.port}` })).toBe('open')
  })

  it('REST answers 421 JSON for a foreign Host, a wrong port or a malformed one; loopback names pass', async () => {
    const server = await serve()
    const cookie = server.fixture.owner.cookie
    for (const host of [evil(server.port), 'evil.example', `localhost:${server.port + 1}`, `127.0.0.1:${server.port}@evil.example`]) {
      const res = await rawRequest(server.port, { path: '/api/auth/me', headers: { host, cookie } })
      expect(res.status, `Host "${host}" → ${res.body}`).toBeOneOf([421, 400])
      if (res.status === 421) {
        expect(res.json()).toMatchObject({ error: { code: 'misdirected' } })
        // Security headers still apply, and nothing the caller chose is echoed back.
        expect(res.headers['x-content-type-options']).toBe('nosniff')
        expect(res.body).not.toContain('evil')
      }
      expect(res.body).not.toContain(server.fixture.owner.email)
    }
    for (const host of [`127.0.0.1:${server.port}`, `localhost:${server.port}`, `LOCALHOST:${server.port}`, `[::1]:${server.port}`]) {
      const res = await rawRequest(server.port, { path: '/api/auth/me', headers: { host, cookie } })
      expect(res.status, `Host "${host}" → ${res.body}`).toBe(200)
    }
  })

  it('the static app (/, client routes) is refused for a foreign Host too', async () => {
    const dist = tempDir('keel-static-')
    cleanups.push(dist.cleanup)
    fs.writeFileSync(path.join(dist.dir, 'index.html'), '<!doctype html><title>Keel</title>')
    const server = await serve({ staticDir: dist.dir })
    for (const p of ['/', '/d/some-doc', '/index.html']) {
      expect((await rawRequest(server.port, { path: p, headers: { host: evil(server.port) } })).status, p).toBe(421)
      const ok = await rawRequest(server.port, { path: p, headers: { host: `127.0.0.1:${server.port}` } })
      expect(ok.status, p).toBe(200)
      expect(ok.body).toContain('<title>Keel</title>')
    }
  })

  it('with KEEL_PUBLIC_URL: its host (with or without the default port) and loopback pass, other names do not', async () => {
    const server = await serve({ publicOrigins: ['https://keel.example.com'] })
    const status = async (host: string) => (await rawRequest(server.port, { path: '/api/health', headers: { host } })).status
    expect(await status('keel.example.com')).toBe(200)
    expect(await status('keel.example.com:443')).toBe(200)
    expect(await status(`127.0.0.1:${server.port}`)).toBe(200)
    expect(await status('other.example.com')).toBe(421)
    expect(await status('keel.example.com.evil.example')).toBe(421)
    // Its pages' Origin is ours; the same name over plain http is another origin.
    const docId = server.fixture.ensureDoc('public')
    const cookie = server.fixture.owner.cookie
    expect(await upgrade(server.port, docId, { cookie, host: 'keel.example.com', origin: 'https://keel.example.com' })).toBe('open')
    expect(await upgrade(server.port, docId, { cookie, host: 'keel.example.com', origin: 'http://keel.example.com' })).toBe('http 403')
  })

  it("KEEL_ALLOWED_ORIGINS hosts pass as Host (Vite's proxy forwards Host: localhost:5173)", async () => {
    const server = await serve({ allowedOrigins: ['http://localhost:5173'] })
    const docId = server.fixture.ensureDoc('vite')
    expect(await upgrade(server.port, docId, { cookie: server.fixture.owner.cookie, host: 'localhost:5173', origin: 'http://localhost:5173' })).toBe('open')
    expect((await rawRequest(server.port, { path: '/api/health', headers: { host: 'localhost:5174' } })).status).toBe(421)
  })

  it("IP literals of this machine's interfaces pass only when serving a network without a public URL", async () => {
    const ip = Object.values(os.networkInterfaces())
      .flat()
      .find((a) => a && a.family === 'IPv4' && !a.internal)?.address
    expect(ip, 'this test needs a non-loopback IPv4 interface to name in a Host header').toBeDefined()
    const network = await serve({ host: '0.0.0.0' })
    expect((await rawRequest(network.port, { path: '/api/health', headers: { host: `${ip}:${network.port}` } })).status).toBe(200)
    expect((await rawRequest(network.port, { path: '/api/health', headers: { host: `192.0.2.254:${network.port}` } })).status).toBe(421)
    const local = await serve()
    expect((await rawRequest(local.port, { path: '/api/health', headers: { host: `${ip}:${local.port}` } })).status).toBe(421)
    const named = await serve({ host: '0.0.0.0', publicOrigins: ['https://keel.example.com'] })
    expect((await rawRequest(named.port, { path: '/api/health', headers: { host: `${ip}:${named.port}` } })).status).toBe(421)
  })

  it("a trusted proxy's X-Forwarded-Host is checked too; an untrusted one is ignored", async () => {
    const trusted = await serve({ trustedProxies: ['127.0.0.1'] })
    const status = async (s: TestServer, forwarded: string) =>
      (await rawRequest(s.port, { path: '/api/health', headers: { host: `127.0.0.1:${s.port}`, 'x-forwarded-host': forwarded } })).status
    expect(await status(trusted, 'evil.example')).toBe(421)
    const untrusted = await serve()
    expect(await status(untrusted, 'evil.example')).toBe(200)
  })
})

describe('links are built from KEEL_PUBLIC_URL, never from the request', () => {
  const cleanups: (() => Promise<void>)[] = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })
  const inviteUrl = async (server: TestServer, host: string): Promise<string> => {
    const res = await rawRequest(server.port, {
      method: 'POST',
      path: `/api/workspaces/${server.fixture.workspaceId}/invites`,
      headers: { host, origin: `http://${host}`, cookie: server.fixture.owner.cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'viewer' }),
    })
    expect(res.status, res.body).toBe(201)
    return (res.json() as { url: string }).url
  }

  it('an invite link names http://localhost:<port> whatever Host the owner used, or the public URL', async () => {
    const local = await startServer()
    cleanups.push(local.close)
    for (const host of [`127.0.0.1:${local.port}`, `[::1]:${local.port}`]) {
      expect(await inviteUrl(local, host)).toMatch(new RegExp(`^http://localhost:${local.port}/invite/ki_`))
    }
    const pub = await startServer({ publicOrigins: ['https://keel.example.com', 'http://keel.internal:8080'] })
    cleanups.push(pub.close)
    expect(await inviteUrl(pub, 'keel.internal:8080')).toMatch(/^https:\/\/keel\.example\.com\/invite\/ki_/)
    expect(await inviteUrl(pub, `127.0.0.1:${pub.port}`)).toMatch(/^https:\/\/keel\.example\.com\/invite\/ki_/)
    expect(pub.app.site.link('/auth/link/x')).toBe('https://keel.example.com/auth/link/x')
    expect(local.app.site.link('/auth/link/x')).toBe(`http://localhost:${local.port}/auth/link/x`)
  })
})

describe('the session cookie is Secure when the browser is on https', () => {
  const cleanups: (() => Promise<void>)[] = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })
  const PASSWORD = 'a long enough password'
  const signIn = async (overrides: Partial<Config>, headers: Record<string, string>): Promise<string> => {
    const server = await startServer(overrides)
    cleanups.push(server.close)
    const email = 'secure@keel.test'
    server.fixture.accounts.createUser({ email, name: 'Sec', passwordHash: await hashPassword(PASSWORD) })
    const res = await rawRequest(server.port, {
      method: 'POST',
      path: '/api/auth/sign-in',
      headers: { host: `127.0.0.1:${server.port}`, origin: server.url, 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ email, password: PASSWORD }),
    })
    expect(res.status, res.body).toBe(200)
    const cookie = [res.headers['set-cookie'] ?? []].flat().find((c) => c.startsWith('keel_session='))
    expect(cookie).toBeDefined()
    return cookie!
  }

  it('behind a trusted TLS proxy (X-Forwarded-Proto: https from KEEL_TRUSTED_PROXIES)', async () => {
    expect(await signIn({ trustedProxies: ['127.0.0.1'] }, { 'x-forwarded-proto': 'https' })).toMatch(/;\s*Secure/i)
    expect(await signIn({ trustedProxies: ['10.0.0.0/8'] }, { 'x-forwarded-proto': 'https' })).not.toMatch(/;\s*Secure/i)
  })

  it('not when anyone may claim https (no trusted proxy), nor on plain http', async () => {
    expect(await signIn({}, { 'x-forwarded-proto': 'https' })).not.toMatch(/;\s*Secure/i)
    expect(await signIn({}, {})).not.toMatch(/;\s*Secure/i)
  })

  it('with an https KEEL_PUBLIC_URL, whatever the last hop was', async () => {
    const cookie = await signIn({ publicOrigins: ['https://keel.example.com'] }, { host: 'keel.example.com', origin: 'https://keel.example.com' })
    expect(cookie).toMatch(/;\s*Secure/i)
    expect(cookie).toMatch(/HttpOnly/i)
    expect(cookie).toMatch(/SameSite=Lax/i)
  })
})
