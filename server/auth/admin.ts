import { HttpError } from '../http/errors.ts'
import type { Principal } from './principal.ts'

/**
 * Who administers the instance. `emails` is KEEL_ADMIN_EMAILS (lower-cased); when it is empty
 * the admin is the first-start owner by user id (`ownerId`, recorded in the database at
 * bootstrap), never by email: KEEL_OWNER_EMAIL only names the account the first start creates.
 */
export interface InstanceAdmins {
  emails: readonly string[]
  ownerId: () => string | null
}

/**
 * An instance administrator runs the server itself, not a workspace: they alone see and start
 * backups, which cover every workspace (docs/ROLES.md). Any signed-in user can create a workspace
 * and own it, so owning one proves nothing about the instance. A listed email counts because no
 * one can make an account for it but the operator: the invite path refuses to create one
 * (`reservedEmail`), so such an account exists only through `keel sign-in-link`, whose link goes
 * to that address. Only in a browser session: an API token never acts for the instance.
 */
export function isInstanceAdmin(principal: Principal, admins: InstanceAdmins): boolean {
  if (principal.kind !== 'session') return false
  if (admins.emails.length > 0) return admins.emails.includes(principal.user.email.toLowerCase())
  const ownerId = admins.ownerId()
  return ownerId !== null && principal.user.id === ownerId
}

/**
 * An email no one may claim by creating an account through an invite: an admin-listed one, or
 * the configured owner email (the next first start, or a later KEEL_ADMIN_EMAILS, may mean it).
 */
export function reservedEmail(email: string, admins: { emails: readonly string[]; ownerEmail: string }): boolean {
  const e = email.toLowerCase()
  return admins.emails.includes(e) || e === admins.ownerEmail.toLowerCase()
}

export const notInstanceAdmin = (): HttpError => new HttpError(403, 'forbidden', 'this is for instance administrators only')
