import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RouteEntry } from '../auth/access.ts'
import { hashPassword } from '../auth/secrets.ts'
import { startServer, type TestServer } from '../test/harness.ts'

/**
 * Cross-site requests, walked from the server's own route table: every state-changing route
 * (POST/PUT/PATCH/DELETE), public ones included, refuses a foreign Origin, and refuses a
 * cookie-carrying request without Origin unless the browser says Sec-Fetch-Site: same-origin.
 * A new route is covered the day it is registered.
 */
const WRITE = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
const CROSS_SITE = /cross-site|Origin/

/** Route params: real ids where the fixture has them, placeholders elsewhere (a 404 is "not refused for origin"). */
function urlOf(route: RouteEntry, server: TestServer): string {
  const { fixture } = server
  const known: Record<string, string> = {
    workspaceId: fixture.workspaceId,
    projectId: fixture.projectId,
    userId: fixture.owner.id,
    id: fixture.ensureDoc('csrf-doc'),
    docId: fixture.ensureDoc('csrf-doc'),
  }
  return route.url.replace(/:(\w+)/g, (_, p: string) => known[p] ?? `csrf-${p}`)
}

async function send(server: TestServer, route: RouteEntry, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  const body = route.method === 'DELETE' ? undefined : '{}'
  const res = await fetch(`${server.url}${urlOf(route, server)}`, {
    method: route.method,
    headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body } : {}),
    redirect: 'manual',
  })
  return { status: res.status, body: await res.text() }
}

describe('every state-changing route is same-origin only', () => {
  let server: TestServer
  let writes: RouteEntry[]
  beforeAll(async () => {
    server = await startServer()
    writes = server.app.routeTable.filter((r) => WRITE.has(r.method))
  })
  afterAll(async () => server.close())

  it('the route table has the writes this test walks', () => {
    expect(writes.length).toBeGreaterThan(25)
    expect(writes.map((r) => `${r.method} ${r.url}`)).toEqual(
      expect.arrayContaining(['POST /api/auth/sign-in', 'POST /api/invites/:secret/accept', 'POST /api/auth/sign-out']),
    )
  })

  it('a foreign Origin gets 403 JSON on every write, with or without the cookie, and with a token', async () => {
    const cookie = server.fixture.owner.cookie
    const { secret } = server.fixture.accounts.createToken({
      userId: server.fixture.owner.id,
      workspaceId: server.fixture.workspaceId,
      name: 'csrf',
      scope: 'write',
    })
    for (const route of writes) {
      for (const [who, auth] of [
        ['cookie', { cookie }],
        ['nobody', {}],
        ['token', { authorization: `Bearer ${secret}` }],
      ] as const) {
        for (const origin of ['http://evil.example', 'null', `${server.url}.evil.example`, server.url.replace('http:', 'https:')]) {
          const res = await send(server, route, { ...auth, origin })
          const where = `${route.method} ${route.url} (${who}, Origin ${origin}) → ${res.status} ${res.body.slice(0, 100)}`
          expect(res.status, where).toBe(403)
          expect(JSON.parse(res.body), where).toMatchObject({ error: { code: 'forbidden', message: expect.stringMatching(CROSS_SITE) } })
        }
      }
    }
  })

  it('the cookie without Origin gets 403 unless Sec-Fetch-Site says same-origin', async () => {
    const cookie = server.fixture.owner.cookie
    for (const route of writes) {
      for (const site of [undefined, 'cross-site', 'same-site', 'none']) {
        const res = await send(server, route, { cookie, ...(site ? { 'sec-fetch-site': site } : {}) })
        const where = `${route.method} ${route.url} (cookie, no Origin, Sec-Fetch-Site ${site}) → ${res.status} ${res.body.slice(0, 100)}`
        expect(res.status, where).toBe(403)
        expect(res.body, where).toMatch(CROSS_SITE)
      }
    }
  })

  it('a script with a token and no Origin is not refused as cross-site', async () => {
    const { secret } = server.fixture.accounts.createToken({
      userId: server.fixture.owner.id,
      workspaceId: server.fixture.workspaceId,
      name: 'script',
      scope: 'write',
    })
    for (const route of writes) {
      const res = await send(server, route, { authorization: `Bearer ${secret}` })
      expect(res.body, `${route.method} ${route.url} → ${res.status}`).not.toMatch(CROSS_SITE)
    }
  })
})

describe('our own origin passes the check on every write', () => {
  // One fresh server per route: the writes really happen (a member removed, a session ended).
  it('same Origin, or no Origin with Sec-Fetch-Site: same-origin, is never refused as cross-site', async () => {
    const probe = await startServer()
    const writes = probe.app.routeTable.filter((r) => WRITE.has(r.method))
    await probe.close()
    for (const route of writes) {
      for (const headers of [(s: TestServer) => ({ origin: s.url }), () => ({ 'sec-fetch-site': 'same-origin' })]) {
        const server = await startServer()
        try {
          const h = headers(server)
          const res = await send(server, route, { cookie: server.fixture.owner.cookie, ...h })
          expect(res.body, `${route.method} ${route.url} ${JSON.stringify(h)} → ${res.status}`).not.toMatch(CROSS_SITE)
        } finally {
          await server.close()
        }
      }
    }
  })
})

describe('the reported cross-site requests', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await startServer()
  })
  afterAll(async () => server.close())

  it("accepting an invite from evil.example with the victim's cookie: refused, and the victim joins nothing", async () => {
    const other = server.fixture.user('Mallory', null)
    const attackerWs = server.fixture.directory.createWorkspace('Attacker', other.id)
    const { secret } = server.fixture.directory.createInvite(attackerWs.id, 'owner', other.id)
    const victim = server.fixture.user('Victim', 'editor')
    const res = await fetch(`${server.url}/api/invites/${secret}/accept`, {
      method: 'POST',
      headers: { cookie: victim.cookie, origin: 'http://evil.example', 'content-type': 'application/json' },
      body: '{}',
    })
    expect(res.status).toBe(403)
    expect(server.fixture.directory.workspaceRole(attackerWs.id, victim.id)).toBeNull()
    expect(server.fixture.directory.pendingInvite(secret)).not.toBeNull()
  })

  it('password sign-in from a foreign Origin (login CSRF): refused, no session cookie set', async () => {
    const email = 'attacker@keel.test'
    server.fixture.accounts.createUser({ email, name: 'Attacker', passwordHash: await hashPassword('the attacker password') })
    const signIn = (origin: string) =>
      fetch(`${server.url}/api/auth/sign-in`, {
        method: 'POST',
        headers: { origin, 'content-type': 'application/json' },
        body: JSON.stringify({ email, password: 'the attacker password' }),
      })
    const refused = await signIn('http://evil.example')
    expect(refused.status).toBe(403)
    expect(refused.headers.get('set-cookie')).toBeNull()
    const ok = await signIn(server.url)
    expect(ok.status).toBe(200)
    expect(ok.headers.get('set-cookie')).toMatch(/^keel_session=/)
  })

  it('the one-time sign-in link stays a plain top-level link (GET), whichever site it was opened from', async () => {
    // Decision (docs/SECURITY.md): only the first owner ever gets one, from the server's console;
    // a cross-site page cannot know the secret, and the owner may open it from anywhere.
    const secret = server.fixture.accounts.createSignInLink(server.fixture.owner.id)
    const res = await fetch(`${server.url}/auth/link/${secret}`, {
      headers: { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate' },
      redirect: 'manual',
    })
    expect(res.status).toBe(302)
    expect(res.headers.get('set-cookie')).toMatch(/^keel_session=/)
  })
})
