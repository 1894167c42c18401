import { HttpError } from '../http/errors.ts'
import type { Principal } from './principal.ts'

/**
 * An instance administrator runs the server itself, not a workspace: they alone see and start
 * backups, which cover every workspace (docs/ROLES.md). Any signed-in user can create a workspace
 * and own it, so owning one proves nothing about the instance. Who is one is configuration
 * (`adminEmails`: KEEL_ADMIN_EMAILS, else the first-start owner's KEEL_OWNER_EMAIL), read per
 * request, and only in a browser session: an API token never acts for the instance.
 */
export function isInstanceAdmin(principal: Principal, adminEmails: readonly string[]): boolean {
  return principal.kind === 'session' && adminEmails.includes(principal.user.email.toLowerCase())
}

export const notInstanceAdmin = (): HttpError => new HttpError(403, 'forbidden', 'this is for instance administrators only')
