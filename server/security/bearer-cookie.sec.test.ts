import { afterEach, describe, expect, it } from 'vitest'
import { startServer } from '../test/harness.ts'

describe('a Bearer header never lends its Origin exemption to the cookie', () => {
  const cleanups: (() => unknown)[] = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })

  it('a cross-site-looking write with the cookie and a malformed or unknown Bearer header is not done as the cookie user', async () => {
    const server = await startServer()
    cleanups.push(server.close)
    const { fixture } = server
    const url = `${server.url}/api/workspaces/${fixture.workspaceId}/invites`
    for (const authorization of ['Bearer two words', 'Bearer', 'bearer kt_not_a_real_token']) {
      // No Origin: the boundary lets Bearer requests through, so the principal must be the token's.
      const res = await fetch(url, {
        method: 'POST',
        headers: { cookie: fixture.owner.cookie, authorization, 'content-type': 'application/json' },
        body: JSON.stringify({ role: 'editor' }),
      })
      expect(res.status, authorization).toBe(401)
    }
    expect(fixture.directory.invites(fixture.workspaceId)).toHaveLength(0)
    // Another scheme (a proxy's Basic auth) is not ours: the cookie decides, and the Origin rule applies.
    const basic = await fetch(url, {
      method: 'POST',
      headers: { cookie: fixture.owner.cookie, authorization: 'Basic dTpw', 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'editor' }),
    })
    expect(basic.status).toBe(403)
    const same = await fetch(url, {
      method: 'POST',
      headers: { cookie: fixture.owner.cookie, authorization: 'Basic dTpw', origin: server.url, 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'editor' }),
    })
    expect(same.status).toBe(201)
  })
})
