import type { TokenView, UserView } from '#shared/api/accounts'
import { iso } from '../http/iso.ts'
import type { ApiToken, User } from './accounts.ts'

/** Account records → API answers (shared/api/accounts.ts). Secrets and hashes never appear here. */

export const userView = (u: User): UserView => ({ id: u.id, email: u.email, name: u.name, color: u.color, hasPassword: u.hasPassword })

export const tokenView = (t: ApiToken): TokenView => ({
  id: t.id,
  name: t.name,
  workspaceId: t.workspaceId,
  scope: t.scope,
  createdAt: iso(t.createdAt),
  lastUsedAt: t.lastUsedAt === null ? null : iso(t.lastUsedAt),
  revokedAt: t.revokedAt === null ? null : iso(t.revokedAt),
})
