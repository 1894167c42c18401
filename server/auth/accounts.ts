import type { TokenScope } from '#shared/auth/roles'
import type { AccountStore, ApiToken, SessionInfo, StoredUser } from './account-store.ts'
import { hashSecret, newId, newSecret } from './secrets.ts'

export type { ApiToken, SessionInfo } from './account-store.ts'

export interface User {
  id: string
  email: string
  name: string
  color: string
  hasPassword: boolean
  createdAt: number
}

/** Where a session was opened from, recorded at sign-in. */
export interface SessionOrigin {
  userAgent?: string | undefined
  address?: string | undefined
}

export interface SessionPolicy {
  /** From sign-in, however active. */
  maxMs: number
  /** Since the last request. */
  idleMs: number
}

const toUser = (r: StoredUser): User => ({
  id: r.id,
  email: r.email,
  name: r.name,
  color: r.color,
  hasPassword: r.passwordHash !== null,
  createdAt: r.createdAt,
})

/** Calm, distinct caret colours; a user keeps the one picked at sign-up. */
const COLORS = ['#e5484d', '#f76b15', '#d6a10b', '#30a46c', '#12a594', '#0090ff', '#3e63dd', '#8e4ec6', '#d6409f', '#6e56cf']

export const SESSION_TTL_MS = 30 * 24 * 3600 * 1000
export const SESSION_IDLE_MS = 7 * 24 * 3600 * 1000
/** last_seen_at is written at most this often per session: a request per keystroke must not mean a write. */
export const LAST_SEEN_GRANULARITY_MS = 60_000
export const SIGN_IN_LINK_TTL_MS = 24 * 3600 * 1000

/**
 * Users, sessions, one-time sign-in links and API tokens: the rules (secrets made here and stored
 * hashed, session lifetimes, how often "last seen" is written, caret colours), over an
 * AccountStore that only stores and finds.
 */
export class Accounts {
  constructor(
    private readonly store: AccountStore,
    private readonly policy: SessionPolicy = { maxMs: SESSION_TTL_MS, idleMs: SESSION_IDLE_MS },
  ) {}

  private alive(now: number) {
    return { now, seenAfter: now - this.policy.idleMs }
  }

  isEmpty(): boolean {
    return this.store.countUsers() === 0
  }

  createUser(input: { email: string; name: string; passwordHash: string | null }, now = Date.now()): User {
    const id = newId()
    const color = COLORS[Math.floor(Math.random() * COLORS.length)]!
    this.store.insertUser({ id, email: input.email.trim(), name: input.name.trim(), color, passwordHash: input.passwordHash, createdAt: now })
    return this.user(id)!
  }

  user(id: string): User | null {
    const row = this.store.userById(id)
    return row ? toUser(row) : null
  }

  /** The user and their password hash, for sign-in only. */
  credentials(email: string): { user: User; passwordHash: string | null } | null {
    const row = this.store.userByEmail(email.trim())
    return row ? { user: toUser(row), passwordHash: row.passwordHash } : null
  }

  setPassword(userId: string, passwordHash: string): void {
    this.store.setPasswordHash(userId, passwordHash)
  }

  setName(userId: string, name: string): void {
    this.store.setName(userId, name.trim())
  }

  /** Starts a session; returns the secret for the cookie (only its hash is stored). */
  createSession(userId: string, origin: SessionOrigin = {}, now = Date.now()): { secret: string; expiresAt: number; hash: string } {
    const secret = newSecret('ks')
    const hash = hashSecret(secret)
    const expiresAt = now + this.policy.maxMs
    const userAgent = (origin.userAgent ?? '').slice(0, 300)
    // Sign-ins are rare enough to carry the clean-up of sessions that ended by time.
    this.pruneSessions(now)
    this.store.insertSession({ hash, id: newId(), userId, createdAt: now, expiresAt, userAgent, address: (origin.address ?? '').slice(0, 64) })
    return { secret, expiresAt, hash }
  }

  /**
   * The user behind a session cookie, or null when unknown, past its absolute end, or idle too
   * long. Marks it seen, at most once a minute.
   */
  sessionUser(secret: string, now = Date.now()): { user: User; sessionHash: string } | null {
    const sessionHash = hashSecret(secret)
    const found = this.store.liveSession(sessionHash, this.alive(now))
    if (!found) return null
    if (now - found.lastSeenAt >= LAST_SEEN_GRANULARITY_MS) this.store.touchSession(sessionHash, now)
    return { user: toUser(found.user), sessionHash }
  }

  /** True while the session (by hash) is alive: a ticket bought by it may still be redeemed. */
  sessionAlive(sessionHash: string, now = Date.now()): boolean {
    return this.store.liveSession(sessionHash, this.alive(now)) !== null
  }

  /** Marks a session seen now (an open socket or stream is use, though it makes no request). */
  sessionSeen(sessionHash: string, now = Date.now()): void {
    this.store.touchSession(sessionHash, now)
  }

  /** The user's live sessions, most recently seen first. */
  sessionsOf(userId: string, now = Date.now()): SessionInfo[] {
    return this.store.liveSessionsOf(userId, this.alive(now))
  }

  endSession(sessionHash: string): void {
    this.store.deleteSession(sessionHash)
  }

  /** Ends every session of the user but `keep` (if given); returns the hashes it ended. */
  endSessionsOf(userId: string, keep: string | null = null, now = Date.now()): string[] {
    const ended = this.store.deleteSessionsOf(userId, keep)
    this.pruneSessions(now)
    return ended
  }

  pruneSessions(now = Date.now()): void {
    this.store.deleteDeadSessions(this.alive(now))
  }

  /** A one-time sign-in link secret (used for the first owner, who has no password yet). */
  createSignInLink(userId: string, now = Date.now()): string {
    const secret = newSecret('kl')
    this.store.insertSignInLink(hashSecret(secret), userId, now + SIGN_IN_LINK_TTL_MS)
    return secret
  }

  /** Consumes a sign-in link: the user id the first time, null ever after or once expired. */
  useSignInLink(secret: string, now = Date.now()): string | null {
    return this.store.useSignInLink(hashSecret(secret), now)
  }

  createToken(input: { userId: string; workspaceId: string; name: string; scope: TokenScope }, now = Date.now()): { token: ApiToken; secret: string } {
    const id = newId()
    const secret = newSecret('kt')
    this.store.insertToken({
      id,
      hash: hashSecret(secret),
      userId: input.userId,
      workspaceId: input.workspaceId,
      name: input.name.trim(),
      scope: input.scope,
      createdAt: now,
    })
    return { token: this.store.tokenById(id)!, secret }
  }

  /** The live (not revoked) token for a bearer secret, or null. */
  tokenFor(secret: string, now = Date.now()): ApiToken | null {
    const token = this.store.liveTokenByHash(hashSecret(secret))
    if (!token) return null
    this.store.touchToken(token.id, now)
    return token
  }

  token(id: string): ApiToken | null {
    return this.store.tokenById(id)
  }

  tokensOf(userId: string): ApiToken[] {
    return this.store.tokensOf(userId)
  }

  revokeToken(id: string, now = Date.now()): boolean {
    return this.store.revokeToken(id, now)
  }
}
