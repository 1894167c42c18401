import type { FastifyPluginAsync } from 'fastify'
import type { AuditLog } from '../audit/audit-log.ts'
import type { Tickets } from '../collab/tickets.ts'
import type { Accounts } from './accounts.ts'
import type { Memberships } from './principal.ts'
import type { Revocation } from './revocation.ts'
import { sessionRoutes } from './routes/sessions.ts'
import { signInRoutes } from './routes/sign-in.ts'
import { ticketRoutes } from './routes/tickets.ts'
import { tokenRoutes } from './routes/tokens.ts'
import type { SignInGuard } from './sign-in-guard.ts'

export interface AuthRoutesDeps {
  accounts: Accounts
  memberships: Memberships
  revocation: Revocation
  guard: SignInGuard
  audit: AuditLog
  tickets: Tickets
  /** Per address, for sign-in, sign-in links and password changes. */
  signInRatePerMinute: number
  ticketRatePerMinute: number
}

/** Every auth route as one plugin: sign-in and who am I, your sessions, API tokens, sync tickets. */
export function authRoutes(deps: AuthRoutesDeps): FastifyPluginAsync {
  const { accounts, memberships: directory, revocation, guard, audit, tickets } = deps
  return async (app) => {
    await app.register(signInRoutes, { accounts, directory, revocation, guard, audit, signInRateLimit: deps.signInRatePerMinute })
    await app.register(sessionRoutes, { accounts, revocation, audit })
    await app.register(tokenRoutes, { accounts, directory, revocation, audit })
    await app.register(ticketRoutes, { tickets, directory, rateLimit: deps.ticketRatePerMinute })
  }
}
