import type { SignInFailureStore } from './account-store.ts'

/** Failed password sign-ins one account may collect in the window before password sign-in pauses. */
export const ACCOUNT_FAILURE_LIMIT = 10
export const ACCOUNT_FAILURE_WINDOW_MS = 15 * 60_000

/**
 * Failed sign-ins per account (by email), on top of the per-address rate limit: an attacker who
 * rotates addresses still gets only ACCOUNT_FAILURE_LIMIT guesses per window at one account.
 *
 * Kept in the AccountStore (SQLite) rather than memory: a restart (or a crash the attacker provokes) must not hand
 * out a fresh allowance, and the rows are few (one per refused password, itself bounded by the
 * per-address limit) and pruned as they age out. Unknown emails are counted like known ones, so
 * the lock does not tell which emails have accounts. While an account is paused, its owner can
 * still sign in with a one-time sign-in link, which this guard does not gate.
 */
export class SignInGuard {
  constructor(private readonly store: SignInFailureStore) {}

  /** Null when password sign-in may be tried, else the ms until the oldest counted failure ages out. */
  retryAfter(email: string, now = Date.now()): number | null {
    const { count, oldest } = this.store.failuresSince(email, now - ACCOUNT_FAILURE_WINDOW_MS)
    if (count < ACCOUNT_FAILURE_LIMIT || oldest === null) return null
    return Math.max(1000, oldest + ACCOUNT_FAILURE_WINDOW_MS - now)
  }

  /**
   * Starts a password attempt: null when it may go ahead (it is then counted as a failure at
   * once), else the ms to wait. Check and count are one synchronous step, and the count comes
   * before the slow password check: parallel attempts cannot all pass the check while the first
   * ones are still hashing. A successful attempt clears the count (`succeeded`).
   */
  attempt(email: string, address: string, now = Date.now()): number | null {
    const wait = this.retryAfter(email, now)
    if (wait !== null) return wait
    this.failed(email, address, now)
    return null
  }

  failed(email: string, address: string, now = Date.now()): void {
    this.store.pruneFailures(now - ACCOUNT_FAILURE_WINDOW_MS)
    this.store.recordFailure(email, now, address.slice(0, 64))
  }

  /** A successful sign-in (password or link) clears the account's count. */
  succeeded(email: string): void {
    this.store.clearFailures(email)
  }
}
