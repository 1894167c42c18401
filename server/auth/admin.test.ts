import { describe, expect, it } from 'vitest'
import type { ApiToken, User } from './accounts.ts'
import { isInstanceAdmin, reservedEmail } from './admin.ts'
import { ANONYMOUS, type Principal } from './principal.ts'

const user = (email: string): User => ({ id: `u-${email}`, email, name: email, color: '#000', hasPassword: true, createdAt: 0 })
const session = (email: string): Principal => ({ kind: 'session', user: user(email), sessionHash: 'h' })
const token = (email: string): Principal => ({
  kind: 'token',
  user: user(email),
  token: { id: 't', userId: `u-${email}`, workspaceId: 'w', name: 't', scope: 'write', createdAt: 0, lastUsedAt: null, revokedAt: null } satisfies ApiToken,
})

describe('isInstanceAdmin', () => {
  const admins = { emails: ['ops@keel.test', 'owner@keel.local'], ownerId: () => 'u-first@keel.test' }

  it('is true for a session whose email is listed, whatever its case', () => {
    expect(isInstanceAdmin(session('ops@keel.test'), admins)).toBe(true)
    expect(isInstanceAdmin(session('Owner@Keel.Local'), admins)).toBe(true)
  })

  it('is false for anyone else, however many workspaces they own', () => {
    expect(isInstanceAdmin(session('owner@fixture.keel.test'), admins)).toBe(false)
    expect(isInstanceAdmin(session('ops@keel.test.evil'), admins)).toBe(false)
    expect(isInstanceAdmin(ANONYMOUS, admins)).toBe(false)
  })

  it('never for an API token, even an admin’s own', () => {
    expect(isInstanceAdmin(token('ops@keel.test'), admins)).toBe(false)
  })

  it('with no list, the recorded first-start owner by id, whatever email someone else has', () => {
    const byId = { emails: [], ownerId: () => 'u-first@keel.test' }
    expect(isInstanceAdmin(session('first@keel.test'), byId)).toBe(true)
    expect(isInstanceAdmin(session('owner@keel.local'), byId)).toBe(false)
    expect(isInstanceAdmin(session('first@keel.test'), { emails: [], ownerId: () => null })).toBe(false)
  })
})

describe('reservedEmail', () => {
  it('admin-listed emails and the owner email, any case; nothing else', () => {
    const r = { emails: ['ops@keel.test'], ownerEmail: 'owner@keel.local' }
    expect(reservedEmail('OPS@keel.test', r)).toBe(true)
    expect(reservedEmail('Owner@Keel.Local', r)).toBe(true)
    expect(reservedEmail('nora@keel.test', r)).toBe(false)
  })
})
