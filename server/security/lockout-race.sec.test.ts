import { afterEach, describe, expect, it } from 'vitest'
import { ACCOUNT_FAILURE_LIMIT } from '../auth/sign-in-guard.ts'
import { hashPassword } from '../auth/secrets.ts'
import { startServer } from '../test/harness.ts'
import { injectHeaders } from '../test/same-origin.ts'

describe('per-account lockout under parallel guessing', () => {
  const cleanups: (() => unknown)[] = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })

  it('counts each attempt before the slow password check: 30 guesses at once from 3 addresses get at most the limit through', async () => {
    const server = await startServer({ signInRatePerMinute: 1000 })
    cleanups.push(server.close)
    const pat = server.fixture.user('Pat', 'editor')
    server.fixture.accounts.setPassword(pat.id, await hashPassword('the real passphrase'))
    const guess = (i: number) =>
      server.app.inject({
        method: 'POST',
        url: '/api/auth/sign-in',
        remoteAddress: `127.0.0.${10 + (i % 3)}`,
        headers: { ...injectHeaders(server, 'POST'), 'content-type': 'application/json' },
        payload: JSON.stringify({ email: pat.email, password: `guess number ${i}` }),
      })
    // All in flight together: each waits on scrypt, which is where a check-then-count guard leaks.
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => guess(i)))
    const tried = answers.filter((a) => a.statusCode === 401).length
    const paused = answers.filter((a) => a.statusCode === 429).length
    expect(tried + paused).toBe(30)
    expect(tried).toBe(ACCOUNT_FAILURE_LIMIT)
    // And the right password is paused too now, until the window passes or a one-time link is used.
    const right = await server.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      remoteAddress: '127.0.0.20',
      headers: { ...injectHeaders(server, 'POST'), 'content-type': 'application/json' },
      payload: JSON.stringify({ email: pat.email, password: 'the real passphrase' }),
    })
    expect(right.statusCode).toBe(429)
  })
})
