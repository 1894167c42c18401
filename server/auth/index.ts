import type { AuditLog } from '../audit/audit-log.ts'
import type { LiveChannels } from '../collab/live-sockets.ts'
import type { Tickets } from '../collab/tickets.ts'
import type { Feature } from '../feature.ts'
import type { AccountStore } from './account-store.ts'
import { Accounts, type SessionPolicy } from './accounts.ts'
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
  signInRatePerMinute: number
  ticketRatePerMinute: number
}

/**
 * Identity: accounts, sessions (and the sweep that ends them by the clock), API tokens, sync
 * tickets, and revocation of all their channels. The access plugin (server/auth/access.ts) and
 * the sync route read `accounts`; the session sweep runs from `start` to `close`.
 */
export function authFeature(deps: AuthDeps): Feature & { accounts: Accounts; revocation: Revocation; sessionSweep: SessionSweep } {
  const accounts = new Accounts(deps.store, deps.policy)
  const revocation = new Revocation(accounts, deps.tickets, deps.live)
  const sessionSweep = new SessionSweep(accounts, deps.live, revocation)
  const guard = new SignInGuard(deps.store)
  return {
    name: 'auth',
    accounts,
    revocation,
    sessionSweep,
    routes: authRoutes({ ...deps, accounts, revocation, guard }),
    start: () => sessionSweep.start(),
    close: () => sessionSweep.stop(),
  }
}
