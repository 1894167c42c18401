import type { TokenScope } from '#shared/auth/roles'

/** A user as stored: the password hash is the store's, the service turns it into `hasPassword`. */
export interface StoredUser {
  id: string
  email: string
  name: string
  color: string
  passwordHash: string | null
  createdAt: number
}

/** A signed-in browser, as its owner sees it in the list of sessions (never its secret or hash). */
export interface SessionInfo {
  id: string
  /** The hash the cookie is looked up by: server-side only, to end the session's channels. */
  hash: string
  userAgent: string
  address: string
  createdAt: number
  lastSeenAt: number
  expiresAt: number
}

export interface ApiToken {
  id: string
  userId: string
  workspaceId: string
  name: string
  scope: TokenScope
  createdAt: number
  lastUsedAt: number | null
  revokedAt: number | null
}

/** Alive at `now`: before the session's absolute end and seen after `seenAfter` (now − idle lifetime). */
export interface Liveness {
  now: number
  seenAfter: number
}

/**
 * Failed password sign-ins per account (by email, compared case-insensitively), for the
 * SignInGuard. The guard decides the limit and the window; the store only counts.
 */
export interface SignInFailureStore {
  recordFailure(email: string, at: number, address: string): void
  /** Failures for the email strictly after `since`, and the oldest of them (null when none). */
  failuresSince(email: string, since: number): { count: number; oldest: number | null }
  clearFailures(email: string): void
  /** Forgets failures at or before `at`. */
  pruneFailures(at: number): void
}

/** A password reset link as stored (by the hash of its secret). */
export interface StoredPasswordReset {
  userId: string
  createdAt: number
  expiresAt: number
  usedAt: number | null
  /** The workspace owner who issued it, or null when the member asked for it. */
  issuedBy: string | null
}

/**
 * "Forgot password?" requests per email (known or not) for the per-account limit, and the reset
 * links themselves. The PasswordResets service decides lifetimes and limits; the store counts,
 * stores and finds.
 */
export interface PasswordResetStore {
  recordResetRequest(email: string, at: number, address: string): void
  /** Requests for the email strictly after `since`, and the oldest of them. */
  resetRequestsSince(email: string, since: number): { count: number; oldest: number | null }
  pruneResetRequests(at: number): void
  insertPasswordReset(hash: string, reset: StoredPasswordReset): void
  passwordReset(hash: string): StoredPasswordReset | null
  /**
   * Uses the link once, if unused and unexpired at `now`, and with it every other unused link of
   * its user (one reset ends them all): the user id, else null. One step: two requests racing
   * with one link cannot both pass.
   */
  usePasswordReset(hash: string, now: number): string | null
}

/**
 * Persistence of users, sessions, one-time sign-in links and API tokens (and sign-in failures).
 * Only hashes of secrets reach a store: the Accounts service makes the secrets, hashes them and
 * applies the session policy (lifetimes, last-seen granularity); the store stores and finds.
 * Emails compare case-insensitively.
 *
 * Synchronous on purpose, like the documents `Store` (server/store/store.ts): better-sqlite3 is,
 * and the callers (the access hook, sign-in's check-and-count) rely on a lookup and its write
 * being one step with no await between them. A networked backend keeps this shape by serving
 * from a local replica or cache. Every implementation runs `describeAccountStore`
 * (account-store.contract.ts).
 */
export interface AccountStore extends SignInFailureStore, PasswordResetStore {
  countUsers(): number
  insertUser(user: StoredUser): void
  userById(id: string): StoredUser | null
  userByEmail(email: string): StoredUser | null
  setPasswordHash(userId: string, passwordHash: string): void
  setName(userId: string, name: string): void

  insertSession(session: { hash: string; id: string; userId: string; createdAt: number; expiresAt: number; userAgent: string; address: string }): void
  /** The session's user when the session is alive (see Liveness), with when it was last seen. */
  liveSession(hash: string, alive: Liveness): { user: StoredUser; lastSeenAt: number } | null
  touchSession(hash: string, at: number): void
  /** The user's live sessions, most recently seen first. */
  liveSessionsOf(userId: string, alive: Liveness): SessionInfo[]
  deleteSession(hash: string): void
  /** Deletes every session of the user (alive or not) but `keep`, in one step; returns the hashes deleted. */
  deleteSessionsOf(userId: string, keep: string | null): string[]
  /** Deletes the sessions that are no longer alive. */
  deleteDeadSessions(alive: Liveness): void

  insertSignInLink(hash: string, userId: string, expiresAt: number): void
  /** Marks the link used, once, if unexpired at `now`: its user id, else null. */
  useSignInLink(hash: string, now: number): string | null

  insertToken(token: { id: string; hash: string; userId: string; workspaceId: string; name: string; scope: TokenScope; createdAt: number }): void
  /** The token for a secret's hash unless revoked. */
  liveTokenByHash(hash: string): ApiToken | null
  touchToken(id: string, at: number): void
  tokenById(id: string): ApiToken | null
  /** Every token of the user (revoked ones too), newest first. */
  tokensOf(userId: string): ApiToken[]
  /** Revokes a live token; false when unknown or already revoked. */
  revokeToken(id: string, at: number): boolean
}
