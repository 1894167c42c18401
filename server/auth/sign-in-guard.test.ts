import { describe, expect, it } from 'vitest'
import { openDatabase } from '../db/open.ts'
import { SqliteAccountStore } from './sqlite-account-store.ts'
import { ACCOUNT_FAILURE_LIMIT, ACCOUNT_FAILURE_WINDOW_MS, SignInGuard } from './sign-in-guard.ts'

describe('SignInGuard: failed sign-ins per account', () => {
  const guard = () => new SignInGuard(new SqliteAccountStore(openDatabase(':memory:', { synchronous: 'normal' })))

  it('pauses an account after the limit, whatever the addresses, until the oldest failure ages out', () => {
    const g = guard()
    const t0 = 1_000_000_000
    for (let i = 0; i < ACCOUNT_FAILURE_LIMIT - 1; i++) g.failed('ana@keel.test', `127.0.0.${i}`, t0 + i * 1000)
    expect(g.retryAfter('ana@keel.test', t0 + 60_000)).toBeNull()
    g.failed('ANA@keel.test', '127.0.0.200', t0 + 60_000)
    // Emails compare case-insensitively, like accounts do.
    const wait = g.retryAfter('ana@keel.test', t0 + 60_000)
    expect(wait).toBe(ACCOUNT_FAILURE_WINDOW_MS - 60_000)
    expect(g.retryAfter('bob@keel.test', t0 + 60_000)).toBeNull()
    // The first failure leaves the window: one more guess is allowed.
    expect(g.retryAfter('ana@keel.test', t0 + ACCOUNT_FAILURE_WINDOW_MS + 1)).toBeNull()
  })

  it('a success clears the count', () => {
    const g = guard()
    for (let i = 0; i < ACCOUNT_FAILURE_LIMIT; i++) g.failed('ana@keel.test', '127.0.0.1', 1000 + i)
    expect(g.retryAfter('ana@keel.test', 2000)).not.toBeNull()
    g.succeeded('ana@keel.test')
    expect(g.retryAfter('ana@keel.test', 2000)).toBeNull()
  })
})
