import type { FastifyPluginAsync } from 'fastify'
import type { InstanceAdmins } from './admin.ts'
import type { AuditLog } from '../audit/audit-log.ts'
import type { Tickets } from '../collab/tickets.ts'
import type { Accounts } from './accounts.ts'
import type { PasswordResets } from './password-resets.ts'
import type { Memberships } from './principal.ts'
import type { Revocation } from './revocation.ts'
import { passwordResetRoutes } from './routes/password-reset.ts'
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
  resets: PasswordResets
  audit: AuditLog
  tickets: Tickets
  /** Per address, for sign-in, sign-in links and password changes. */
  signInRatePerMinute: number
  ticketRatePerMinute: number
  admins: InstanceAdmins
}

/** Every auth route as one plugin: sign-in and who am I, password resets, your sessions, API tokens, sync tickets. */
export function authRoutes(deps: AuthRoutesDeps): FastifyPluginAsync {
  const { accounts, memberships: directory, revocation, guard, audit, tickets, resets } = deps
  return async (app) => {
    await app.register(signInRoutes, {
      accounts,
      directory,
      revocation,
      guard,
      audit,
      signInRateLimit: deps.signInRatePerMinute,
      admins: deps.admins,
    })
    await app.register(passwordResetRoutes, { accounts, resets, revocation, guard, audit, signInRateLimit: deps.signInRatePerMinute })
    await app.register(sessionRoutes, { accounts, revocation, audit })
    await app.register(tokenRoutes, { accounts, directory, revocation, audit })
    await app.register(ticketRoutes, { tickets, directory, rateLimit: deps.ticketRatePerMinute })
  }
}
