import type Database from 'better-sqlite3'
import type { TokenScope } from '#shared/auth/roles'
import { hashSecret, newId, newSecret } from './secrets.ts'

export interface User {
  id: string
  email: string
  name: string
  color: string
  hasPassword: boolean
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

interface UserRow {
  id: string
  email: string
  name: string
  color: string
  password_hash: string | null
  created_at: number
}

interface TokenRow {
  id: string
  user_id: string
  workspace_id: string
  name: string
  scope: TokenScope
  created_at: number
  last_used_at: number | null
  revoked_at: number | null
}

interface SessionRow {
  id: string
  id_hash: string
  user_agent: string
  address: string
  created_at: number
  last_seen_at: number
  expires_at: number
}

const toSession = (r: SessionRow): SessionInfo => ({
  id: r.id,
  hash: r.id_hash,
  userAgent: r.user_agent,
  address: r.address,
  createdAt: r.created_at,
  lastSeenAt: r.last_seen_at,
  expiresAt: r.expires_at,
})

const toUser = (r: UserRow): User => ({
  id: r.id,
  email: r.email,
  name: r.name,
  color: r.color,
  hasPassword: r.password_hash !== null,
  createdAt: r.created_at,
})

const toToken = (r: TokenRow): ApiToken => ({
  id: r.id,
  userId: r.user_id,
  workspaceId: r.workspace_id,
  name: r.name,
  scope: r.scope,
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at,
  revokedAt: r.revoked_at,
})

/** Calm, distinct caret colours; a user keeps the one picked at sign-up. */
const COLORS = ['#e5484d', '#f76b15', '#d6a10b', '#30a46c', '#12a594', '#0090ff', '#3e63dd', '#8e4ec6', '#d6409f', '#6e56cf']

export const SESSION_TTL_MS = 30 * 24 * 3600 * 1000
export const SESSION_IDLE_MS = 7 * 24 * 3600 * 1000
/** last_seen_at is written at most this often per session: a request per keystroke must not mean a write. */
export const LAST_SEEN_GRANULARITY_MS = 60_000
export const SIGN_IN_LINK_TTL_MS = 24 * 3600 * 1000

/** Users, sessions, one-time sign-in links and API tokens. Every secret is stored hashed. */
export class Accounts {
  private readonly q

  constructor(
    private readonly db: Database.Database,
    private readonly policy: SessionPolicy = { maxMs: SESSION_TTL_MS, idleMs: SESSION_IDLE_MS },
  ) {
    this.q = {
      count: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM users'),
      byId: db.prepare<[string], UserRow>('SELECT * FROM users WHERE id = ?'),
      byEmail: db.prepare<[string], UserRow>('SELECT * FROM users WHERE email = ?'),
      insert: db.prepare<[string, string, string, string, string | null, number]>(
        'INSERT INTO users (id, email, name, color, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      setPassword: db.prepare<[string, string]>('UPDATE users SET password_hash = ? WHERE id = ?'),
      setName: db.prepare<[string, string]>('UPDATE users SET name = ? WHERE id = ?'),
      insertSession: db.prepare<[string, string, string, number, number, number, string, string]>(
        `INSERT INTO sessions (id_hash, id, user_id, created_at, expires_at, last_seen_at, user_agent, address)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      // Alive: before its absolute end, and seen within the idle lifetime.
      session: db.prepare<[string, number, number], UserRow & { last_seen_at: number }>(
        `SELECT users.*, sessions.last_seen_at FROM sessions JOIN users ON users.id = sessions.user_id
          WHERE sessions.id_hash = ? AND sessions.expires_at > ? AND sessions.last_seen_at > ?`,
      ),
      touchSession: db.prepare<[number, string]>('UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?'),
      sessionsOf: db.prepare<[string, number, number], SessionRow>(
        `SELECT id, id_hash, user_agent, address, created_at, last_seen_at, expires_at FROM sessions
          WHERE user_id = ? AND expires_at > ? AND last_seen_at > ? ORDER BY last_seen_at DESC`,
      ),
      deleteSession: db.prepare<[string]>('DELETE FROM sessions WHERE id_hash = ?'),
      deleteExpiredSessions: db.prepare<[number, number]>('DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at <= ?'),
      insertLink: db.prepare<[string, string, number]>('INSERT INTO sign_in_links (token_hash, user_id, expires_at) VALUES (?, ?, ?)'),
      useLink: db.prepare<[number, string, number], { user_id: string }>(
        `UPDATE sign_in_links SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?
          RETURNING user_id`,
      ),
      insertToken: db.prepare<[string, string, string, string, string, TokenScope, number]>(
        `INSERT INTO api_tokens (id, token_hash, user_id, workspace_id, name, scope, created_at)
          VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
      tokenByHash: db.prepare<[string], TokenRow>('SELECT * FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL'),
      touchToken: db.prepare<[number, string]>('UPDATE api_tokens SET last_used_at = ? WHERE id = ?'),
      tokensOf: db.prepare<[string], TokenRow>('SELECT * FROM api_tokens WHERE user_id = ? ORDER BY created_at DESC'),
      tokenById: db.prepare<[string], TokenRow>('SELECT * FROM api_tokens WHERE id = ?'),
      revokeToken: db.prepare<[number, string]>('UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL'),
    }
  }

  isEmpty(): boolean {
    return this.q.count.get()!.n === 0
  }

  createUser(input: { email: string; name: string; passwordHash: string | null }, now = Date.now()): User {
    const id = newId()
    const color = COLORS[Math.floor(Math.random() * COLORS.length)]!
    this.q.insert.run(id, input.email.trim(), input.name.trim(), color, input.passwordHash, now)
    return this.user(id)!
  }

  user(id: string): User | null {
    const row = this.q.byId.get(id)
    return row ? toUser(row) : null
  }

  /** The user and their password hash, for sign-in only. */
  credentials(email: string): { user: User; passwordHash: string | null } | null {
    const row = this.q.byEmail.get(email.trim())
    return row ? { user: toUser(row), passwordHash: row.password_hash } : null
  }

  setPassword(userId: string, passwordHash: string): void {
    this.q.setPassword.run(passwordHash, userId)
  }

  setName(userId: string, name: string): void {
    this.q.setName.run(name.trim(), userId)
  }

  /** Starts a session; returns the secret for the cookie (only its hash is stored). */
  createSession(userId: string, origin: SessionOrigin = {}, now = Date.now()): { secret: string; expiresAt: number; hash: string } {
    const secret = newSecret('ks')
    const hash = hashSecret(secret)
    const expiresAt = now + this.policy.maxMs
    const userAgent = (origin.userAgent ?? '').slice(0, 300)
    // Sign-ins are rare enough to carry the clean-up of sessions that ended by time.
    this.pruneSessions(now)
    this.q.insertSession.run(hash, newId(), userId, now, expiresAt, now, userAgent, (origin.address ?? '').slice(0, 64))
    return { secret, expiresAt, hash }
  }

  /**
   * The user behind a session cookie, or null when unknown, past its absolute end, or idle too
   * long. Marks it seen, at most once a minute.
   */
  sessionUser(secret: string, now = Date.now()): { user: User; sessionHash: string } | null {
    const sessionHash = hashSecret(secret)
    const row = this.q.session.get(sessionHash, now, now - this.policy.idleMs)
    if (!row) return null
    if (now - row.last_seen_at >= LAST_SEEN_GRANULARITY_MS) this.q.touchSession.run(now, sessionHash)
    return { user: toUser(row), sessionHash }
  }

  /** True while the session (by hash) is alive: a ticket bought by it may still be redeemed. */
  sessionAlive(sessionHash: string, now = Date.now()): boolean {
    return this.q.session.get(sessionHash, now, now - this.policy.idleMs) !== undefined
  }

  /** Marks a session seen now (an open socket or stream is use, though it makes no request). */
  sessionSeen(sessionHash: string, now = Date.now()): void {
    this.q.touchSession.run(now, sessionHash)
  }

  /** The user's live sessions, most recently seen first. */
  sessionsOf(userId: string, now = Date.now()): SessionInfo[] {
    return this.q.sessionsOf.all(userId, now, now - this.policy.idleMs).map(toSession)
  }

  endSession(sessionHash: string): void {
    this.q.deleteSession.run(sessionHash)
  }

  /** Ends every session of the user but `keep` (if given); returns the hashes it ended. */
  endSessionsOf(userId: string, keep: string | null = null, now = Date.now()): string[] {
    return this.db.transaction(() => {
      const ended = this.q.sessionsOf.all(userId, 0, 0).map((r) => r.id_hash).filter((h) => h !== keep)
      for (const hash of ended) this.q.deleteSession.run(hash)
      this.pruneSessions(now)
      return ended
    })()
  }

  pruneSessions(now = Date.now()): void {
    this.q.deleteExpiredSessions.run(now, now - this.policy.idleMs)
  }

  /** A one-time sign-in link secret (used for the first owner, who has no password yet). */
  createSignInLink(userId: string, now = Date.now()): string {
    const secret = newSecret('kl')
    this.q.insertLink.run(hashSecret(secret), userId, now + SIGN_IN_LINK_TTL_MS)
    return secret
  }

  /** Consumes a sign-in link: the user id the first time, null ever after or once expired. */
  useSignInLink(secret: string, now = Date.now()): string | null {
    return this.q.useLink.get(now, hashSecret(secret), now)?.user_id ?? null
  }

  createToken(input: { userId: string; workspaceId: string; name: string; scope: TokenScope }, now = Date.now()): { token: ApiToken; secret: string } {
    const id = newId()
    const secret = newSecret('kt')
    this.q.insertToken.run(id, hashSecret(secret), input.userId, input.workspaceId, input.name.trim(), input.scope, now)
    return { token: toToken(this.q.tokenById.get(id)!), secret }
  }

  /** The live (not revoked) token for a bearer secret, or null. */
  tokenFor(secret: string, now = Date.now()): ApiToken | null {
    const row = this.q.tokenByHash.get(hashSecret(secret))
    if (!row) return null
    this.q.touchToken.run(now, row.id)
    return toToken(row)
  }

  token(id: string): ApiToken | null {
    const row = this.q.tokenById.get(id)
    return row ? toToken(row) : null
  }

  tokensOf(userId: string): ApiToken[] {
    return this.q.tokensOf.all(userId).map(toToken)
  }

  revokeToken(id: string, now = Date.now()): boolean {
    return this.q.revokeToken.run(now, id).changes > 0
  }
}
