import type Database from 'better-sqlite3'
import type { TokenScope } from '#shared/auth/roles'
import type { AccountStore, ApiToken, Liveness, SessionInfo, StoredPasswordReset, StoredUser } from './account-store.ts'

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

const toUser = (r: UserRow): StoredUser => ({
  id: r.id,
  email: r.email,
  name: r.name,
  color: r.color,
  passwordHash: r.password_hash,
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

/** AccountStore on the SQLite tables of migrations 002 and 006 (users, sessions, sign_in_links, api_tokens, sign_in_failures). */
export class SqliteAccountStore implements AccountStore {
  private readonly q

  constructor(private readonly db: Database.Database) {
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
      insertFailure: db.prepare<[string, number, string]>('INSERT INTO sign_in_failures (email, at, address) VALUES (?, ?, ?)'),
      recentFailures: db.prepare<[string, number], { n: number; oldest: number | null }>(
        'SELECT count(*) AS n, min(at) AS oldest FROM sign_in_failures WHERE email = ? AND at > ?',
      ),
      clearFailures: db.prepare<[string]>('DELETE FROM sign_in_failures WHERE email = ?'),
      pruneFailures: db.prepare<[number]>('DELETE FROM sign_in_failures WHERE at <= ?'),
      insertResetRequest: db.prepare<[string, number, string]>('INSERT INTO password_reset_requests (email, at, address) VALUES (?, ?, ?)'),
      resetRequests: db.prepare<[string, number], { n: number; oldest: number | null }>(
        'SELECT count(*) AS n, min(at) AS oldest FROM password_reset_requests WHERE email = ? AND at > ?',
      ),
      pruneResetRequests: db.prepare<[number]>('DELETE FROM password_reset_requests WHERE at <= ?'),
      insertReset: db.prepare<[string, string, number, number, string | null]>(
        'INSERT INTO password_resets (token_hash, user_id, created_at, expires_at, issued_by) VALUES (?, ?, ?, ?, ?)',
      ),
      reset: db.prepare<[string], { user_id: string; created_at: number; expires_at: number; used_at: number | null; issued_by: string | null }>(
        'SELECT user_id, created_at, expires_at, used_at, issued_by FROM password_resets WHERE token_hash = ?',
      ),
      useReset: db.prepare<[number, string, number], { user_id: string }>(
        'UPDATE password_resets SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ? RETURNING user_id',
      ),
      burnResets: db.prepare<[number, string]>('UPDATE password_resets SET used_at = ? WHERE user_id = ? AND used_at IS NULL'),
    }
  }

  countUsers(): number {
    return this.q.count.get()!.n
  }

  insertUser(u: StoredUser): void {
    this.q.insert.run(u.id, u.email, u.name, u.color, u.passwordHash, u.createdAt)
  }

  userById(id: string): StoredUser | null {
    const row = this.q.byId.get(id)
    return row ? toUser(row) : null
  }

  userByEmail(email: string): StoredUser | null {
    const row = this.q.byEmail.get(email)
    return row ? toUser(row) : null
  }

  setPasswordHash(userId: string, passwordHash: string): void {
    this.q.setPassword.run(passwordHash, userId)
  }

  setName(userId: string, name: string): void {
    this.q.setName.run(name, userId)
  }

  insertSession(s: { hash: string; id: string; userId: string; createdAt: number; expiresAt: number; userAgent: string; address: string }): void {
    this.q.insertSession.run(s.hash, s.id, s.userId, s.createdAt, s.expiresAt, s.createdAt, s.userAgent, s.address)
  }

  liveSession(hash: string, alive: Liveness): { user: StoredUser; lastSeenAt: number } | null {
    const row = this.q.session.get(hash, alive.now, alive.seenAfter)
    return row ? { user: toUser(row), lastSeenAt: row.last_seen_at } : null
  }

  touchSession(hash: string, at: number): void {
    this.q.touchSession.run(at, hash)
  }

  liveSessionsOf(userId: string, alive: Liveness): SessionInfo[] {
    return this.q.sessionsOf.all(userId, alive.now, alive.seenAfter).map(toSession)
  }

  deleteSession(hash: string): void {
    this.q.deleteSession.run(hash)
  }

  deleteSessionsOf(userId: string, keep: string | null): string[] {
    return this.db.transaction(() => {
      // 0, 0: every session of the user, alive or not.
      const ended = this.q.sessionsOf
        .all(userId, 0, 0)
        .map((r) => r.id_hash)
        .filter((h) => h !== keep)
      for (const hash of ended) this.q.deleteSession.run(hash)
      return ended
    })()
  }

  deleteDeadSessions(alive: Liveness): void {
    this.q.deleteExpiredSessions.run(alive.now, alive.seenAfter)
  }

  insertSignInLink(hash: string, userId: string, expiresAt: number): void {
    this.q.insertLink.run(hash, userId, expiresAt)
  }

  useSignInLink(hash: string, now: number): string | null {
    return this.q.useLink.get(now, hash, now)?.user_id ?? null
  }

  insertToken(t: { id: string; hash: string; userId: string; workspaceId: string; name: string; scope: TokenScope; createdAt: number }): void {
    this.q.insertToken.run(t.id, t.hash, t.userId, t.workspaceId, t.name, t.scope, t.createdAt)
  }

  liveTokenByHash(hash: string): ApiToken | null {
    const row = this.q.tokenByHash.get(hash)
    return row ? toToken(row) : null
  }

  touchToken(id: string, at: number): void {
    this.q.touchToken.run(at, id)
  }

  tokenById(id: string): ApiToken | null {
    const row = this.q.tokenById.get(id)
    return row ? toToken(row) : null
  }

  tokensOf(userId: string): ApiToken[] {
    return this.q.tokensOf.all(userId).map(toToken)
  }

  revokeToken(id: string, at: number): boolean {
    return this.q.revokeToken.run(at, id).changes > 0
  }

  recordFailure(email: string, at: number, address: string): void {
    this.q.insertFailure.run(email, at, address)
  }

  failuresSince(email: string, since: number): { count: number; oldest: number | null } {
    const { n, oldest } = this.q.recentFailures.get(email, since)!
    return { count: n, oldest }
  }

  clearFailures(email: string): void {
    this.q.clearFailures.run(email)
  }

  pruneFailures(at: number): void {
    this.q.pruneFailures.run(at)
  }

  recordResetRequest(email: string, at: number, address: string): void {
    this.q.insertResetRequest.run(email, at, address)
  }

  resetRequestsSince(email: string, since: number): { count: number; oldest: number | null } {
    const { n, oldest } = this.q.resetRequests.get(email, since)!
    return { count: n, oldest }
  }

  pruneResetRequests(at: number): void {
    this.q.pruneResetRequests.run(at)
  }

  insertPasswordReset(hash: string, r: StoredPasswordReset): void {
    this.q.insertReset.run(hash, r.userId, r.createdAt, r.expiresAt, r.issuedBy)
  }

  passwordReset(hash: string): StoredPasswordReset | null {
    const r = this.q.reset.get(hash)
    return r ? { userId: r.user_id, createdAt: r.created_at, expiresAt: r.expires_at, usedAt: r.used_at, issuedBy: r.issued_by } : null
  }

  usePasswordReset(hash: string, now: number): string | null {
    return this.db.transaction(() => {
      const userId = this.q.useReset.get(now, hash, now)?.user_id ?? null
      if (userId) this.q.burnResets.run(now, userId)
      return userId
    })()
  }
}
