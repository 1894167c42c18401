import type { AuditLog } from '../audit/audit-log.ts'
import type { InstanceAdmins } from './admin.ts'
import type { LiveChannels } from '../collab/live-sockets.ts'
import type { Tickets } from '../collab/tickets.ts'
import type { Feature } from '../feature.ts'
import type { Mailer } from '../mail/mailer.ts'
import type { AccountStore } from './account-store.ts'
import { Accounts, type SessionPolicy } from './accounts.ts'
import { PasswordResets } from './password-resets.ts'
import type { Memberships } from './principal.ts'
import { Revocation } from './revocation.ts'
import { authRoutes } from './routes.ts'
import { SessionSweep } from './session-sweep.ts'
import { SignInGuard } from './sign-in-guard.ts'

export interface AuthDeps {
  store: AccountStore
  policy: SessionPolicy
  /** What auth reads about workspaces (the workspaces Directory): auth is the lower floor. */
  memberships: Memberships
  live: LiveChannels
  tickets: Tickets
  audit: AuditLog
  /** Where password reset links go (the outbox, then a mail sender). */
  mailer: Mailer
  /** An absolute URL for a path on this server (reset links). */
  link: (path: string) => string
  signInRatePerMinute: number
  ticketRatePerMinute: number
  /** The instance administrators (who am I says whether you are one). */
  admins: InstanceAdmins
}

/**
 * Identity: accounts, sessions, password resets (and the sweep that ends them by the clock), API tokens, sync
 * tickets, and revocation of all their channels. The access plugin (server/auth/access.ts) and
 * the sync route read `accounts`; the session sweep runs from `start` to `close`.
 */
export function authFeature(deps: AuthDeps): Feature & { accounts: Accounts; revocation: Revocation; sessionSweep: SessionSweep; resets: PasswordResets } {
  const accounts = new Accounts(deps.store, deps.policy)
  const revocation = new Revocation(accounts, deps.tickets, deps.live)
  const sessionSweep = new SessionSweep(accounts, deps.live, revocation)
  const guard = new SignInGuard(deps.store)
  const resets = new PasswordResets(deps.store, accounts, deps.mailer, deps.link)
  return {
    name: 'auth',
    accounts,
    revocation,
    sessionSweep,
    resets,
    routes: authRoutes({ ...deps, accounts, revocation, guard, resets }),
    start: () => sessionSweep.start(),
    close: () => sessionSweep.stop(),
  }
}
