import type { FastifyPluginAsync } from 'fastify'
import type { AuditLog } from '../audit/audit-log.ts'
import type { Accounts } from '../auth/accounts.ts'
import type { PasswordResets } from '../auth/password-resets.ts'
import type { LiveChannels } from '../collab/live-sockets.ts'
import type { Directory } from './directory.ts'
import { inviteRoutes } from './routes/invites.ts'
import { projectRoutes } from './routes/projects.ts'
import { workspaceRoutes } from './routes/workspaces.ts'

export interface WorkspacesRoutesDeps {
  directory: Directory
  /** Accepting an invite may create an account and its session. */
  accounts: Accounts
  /** Owners issue password reset links for members (the Members list). */
  resets: PasswordResets
  live: LiveChannels
  audit: AuditLog
  /** An absolute URL for a path on this server (invite links). */
  link: (path: string) => string
  /** Per address, for looking at and accepting invites. */
  inviteRatePerMinute: number
  /** An email no new account may take through an invite (server/auth/admin.ts `reservedEmail`). */
  reserved: (email: string) => boolean
}

/** Every workspace route as one plugin: workspaces and members, projects, invite links. */
export function workspacesRoutes(deps: WorkspacesRoutesDeps): FastifyPluginAsync {
  const { directory, accounts, live, audit } = deps
  return async (app) => {
    await app.register(workspaceRoutes, { directory, live, audit, link: deps.link, resets: deps.resets })
    await app.register(projectRoutes, { directory, live, audit })
    await app.register(inviteRoutes, { accounts, directory, audit, rateLimit: deps.inviteRatePerMinute, reserved: deps.reserved })
  }
}
