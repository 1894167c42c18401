import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { AccountStore, StoredUser } from './account-store.ts'

export interface OpenedAccountStore {
  store: AccountStore
  /** Creates a workspace row with this id (API tokens belong to one). */
  addWorkspace(id: string): void
  close(): void
}

/** What every AccountStore must do; run by each implementation's test (sqlite-account-store.test.ts). */
export function describeAccountStore(label: string, open: () => OpenedAccountStore): void {
  describe(`AccountStore contract: ${label}`, () => {
    let opened: OpenedAccountStore
    let store: AccountStore
    beforeEach(() => {
      opened = open()
      store = opened.store
    })
    afterEach(() => opened.close())

    const user = (id: string, email = `${id}@keel.test`): StoredUser => ({ id, email, name: id, color: '#e5484d', passwordHash: null, createdAt: 1000 })
    const alive = (now: number, seenAfter = 0) => ({ now, seenAfter })

    it('stores users, finds them by id and by email case-insensitively, counts them', () => {
      expect(store.countUsers()).toBe(0)
      store.insertUser(user('u1', 'Ana@Keel.test'))
      expect(store.countUsers()).toBe(1)
      expect(store.userById('u1')).toEqual(user('u1', 'Ana@Keel.test'))
      expect(store.userByEmail('ana@keel.test')?.id).toBe('u1')
      expect(store.userById('nobody')).toBeNull()
      expect(store.userByEmail('nobody@keel.test')).toBeNull()
      expect(() => store.insertUser(user('u2', 'ANA@keel.test'))).toThrow()
      store.setName('u1', 'Ana')
      store.setPasswordHash('u1', 'scrypt$x')
      expect(store.userById('u1')).toMatchObject({ name: 'Ana', passwordHash: 'scrypt$x' })
    })

    it('a session is alive before its end and while seen after the idle bound', () => {
      store.insertUser(user('u1'))
      store.insertSession({ hash: 'h1', id: 's1', userId: 'u1', createdAt: 100, expiresAt: 1000, userAgent: 'ua', address: '127.0.0.1' })
      expect(store.liveSession('h1', alive(500))).toEqual({ user: user('u1'), lastSeenAt: 100 })
      expect(store.liveSession('h1', alive(1000))).toBeNull()
      expect(store.liveSession('h1', alive(500, 100))).toBeNull()
      store.touchSession('h1', 400)
      expect(store.liveSession('h1', alive(500, 100))?.lastSeenAt).toBe(400)
      expect(store.liveSessionsOf('u1', alive(500))).toEqual([
        { id: 's1', hash: 'h1', userAgent: 'ua', address: '127.0.0.1', createdAt: 100, lastSeenAt: 400, expiresAt: 1000 },
      ])
      store.deleteSession('h1')
      expect(store.liveSession('h1', alive(500))).toBeNull()
    })

    it('lists live sessions most recently seen first; deletes all but one, and the dead ones', () => {
      store.insertUser(user('u1'))
      store.insertUser(user('u2'))
      for (const [hash, seen] of [
        ['a', 100],
        ['b', 300],
        ['c', 200],
      ] as const) {
        store.insertSession({ hash, id: `id-${hash}`, userId: 'u1', createdAt: seen, expiresAt: 10_000, userAgent: '', address: '' })
      }
      store.insertSession({ hash: 'other', id: 'id-other', userId: 'u2', createdAt: 100, expiresAt: 10_000, userAgent: '', address: '' })
      expect(store.liveSessionsOf('u1', alive(500)).map((s) => s.hash)).toEqual(['b', 'c', 'a'])
      expect(store.deleteSessionsOf('u1', 'c').sort()).toEqual(['a', 'b'])
      expect(store.liveSessionsOf('u1', alive(500)).map((s) => s.hash)).toEqual(['c'])
      store.deleteDeadSessions(alive(500, 150))
      expect(store.liveSession('other', alive(500))).toBeNull()
      expect(store.liveSession('c', alive(500))).not.toBeNull()
    })

    it('a sign-in link works once, and only before it expires', () => {
      store.insertUser(user('u1'))
      store.insertSignInLink('l1', 'u1', 1000)
      store.insertSignInLink('l2', 'u1', 1000)
      expect(store.useSignInLink('l1', 500)).toBe('u1')
      expect(store.useSignInLink('l1', 500)).toBeNull()
      expect(store.useSignInLink('l2', 1000)).toBeNull()
      expect(store.useSignInLink('unknown', 500)).toBeNull()
    })

    it("a password reset link works once, only before it expires, and using one ends the user's others", () => {
      store.insertUser(user('u1'))
      store.insertUser(user('u2'))
      store.insertPasswordReset('r1', { userId: 'u1', createdAt: 100, expiresAt: 1000, usedAt: null, issuedBy: null })
      store.insertPasswordReset('r2', { userId: 'u1', createdAt: 100, expiresAt: 1000, usedAt: null, issuedBy: 'u2' })
      store.insertPasswordReset('r3', { userId: 'u2', createdAt: 100, expiresAt: 1000, usedAt: null, issuedBy: null })
      expect(store.passwordReset('r2')).toEqual({ userId: 'u1', createdAt: 100, expiresAt: 1000, usedAt: null, issuedBy: 'u2' })
      expect(store.usePasswordReset('r1', 1000)).toBeNull()
      expect(store.usePasswordReset('r1', 500)).toBe('u1')
      expect(store.usePasswordReset('r1', 500)).toBeNull()
      expect(store.passwordReset('r2')?.usedAt).toBe(500)
      expect(store.usePasswordReset('r2', 500)).toBeNull()
      expect(store.passwordReset('r3')?.usedAt).toBeNull()
      expect(store.usePasswordReset('unknown', 500)).toBeNull()
      expect(store.passwordReset('unknown')).toBeNull()
    })

    it('reset requests: counted per email case-insensitively, pruned', () => {
      store.recordResetRequest('ana@keel.test', 100, '10.0.0.1')
      store.recordResetRequest('ANA@keel.test', 200, '10.0.0.2')
      expect(store.resetRequestsSince('Ana@Keel.test', 0)).toEqual({ count: 2, oldest: 100 })
      store.pruneResetRequests(100)
      expect(store.resetRequestsSince('ana@keel.test', 0)).toEqual({ count: 1, oldest: 200 })
      expect(store.resetRequestsSince('bob@keel.test', 0)).toEqual({ count: 0, oldest: null })
    })

    it('tokens: found by hash until revoked, listed newest first, touched on use', () => {
      store.insertUser(user('u1'))
      opened.addWorkspace('w1')
      store.insertToken({ id: 't1', hash: 'th1', userId: 'u1', workspaceId: 'w1', name: 'ci', scope: 'read', createdAt: 100 })
      store.insertToken({ id: 't2', hash: 'th2', userId: 'u1', workspaceId: 'w1', name: 'cli', scope: 'write', createdAt: 200 })
      const t1 = { id: 't1', userId: 'u1', workspaceId: 'w1', name: 'ci', scope: 'read', createdAt: 100, lastUsedAt: null, revokedAt: null }
      expect(store.liveTokenByHash('th1')).toEqual(t1)
      store.touchToken('t1', 150)
      expect(store.tokenById('t1')?.lastUsedAt).toBe(150)
      expect(store.tokensOf('u1').map((t) => t.id)).toEqual(['t2', 't1'])
      expect(store.revokeToken('t1', 300)).toBe(true)
      expect(store.revokeToken('t1', 400)).toBe(false)
      expect(store.revokeToken('nope', 400)).toBe(false)
      expect(store.liveTokenByHash('th1')).toBeNull()
      expect(store.tokenById('t1')?.revokedAt).toBe(300)
      expect(store.tokensOf('u1')).toHaveLength(2)
    })

    it('sign-in failures: counted per email (case-insensitively) after a time, cleared, pruned', () => {
      store.recordFailure('ana@keel.test', 100, '10.0.0.1')
      store.recordFailure('ANA@keel.test', 200, '10.0.0.2')
      store.recordFailure('bob@keel.test', 300, '10.0.0.3')
      expect(store.failuresSince('ana@keel.test', 0)).toEqual({ count: 2, oldest: 100 })
      expect(store.failuresSince('ana@keel.test', 100)).toEqual({ count: 1, oldest: 200 })
      expect(store.failuresSince('carol@keel.test', 0)).toEqual({ count: 0, oldest: null })
      store.pruneFailures(100)
      expect(store.failuresSince('ana@keel.test', 0)).toEqual({ count: 1, oldest: 200 })
      store.clearFailures('Ana@keel.test')
      expect(store.failuresSince('ana@keel.test', 0).count).toBe(0)
      expect(store.failuresSince('bob@keel.test', 0).count).toBe(1)
    })
  })
}
