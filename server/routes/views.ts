import type { ApiToken, User } from '../auth/accounts.ts'
import type { Invite } from '../workspaces/directory.ts'

/** Server records → API answers. Timestamps travel as ISO strings; secrets never appear here. */

export const iso = (ms: number): string => new Date(ms).toISOString()

export const userView = (u: User) => ({ id: u.id, email: u.email, name: u.name, color: u.color, hasPassword: u.hasPassword })

export const tokenView = (t: ApiToken) => ({
  id: t.id,
  name: t.name,
  workspaceId: t.workspaceId,
  scope: t.scope,
  createdAt: iso(t.createdAt),
  lastUsedAt: t.lastUsedAt === null ? null : iso(t.lastUsedAt),
  revokedAt: t.revokedAt === null ? null : iso(t.revokedAt),
})

export const inviteView = (i: Invite) => ({
  id: i.id,
  role: i.role,
  createdAt: iso(i.createdAt),
  expiresAt: iso(i.expiresAt),
  used: i.usedAt !== null,
})
