import type { FastifyInstance } from 'fastify'
import { actorOf } from '../audit/actor.ts'
import type { AuditLog } from '../audit/audit-log.ts'
import { z } from 'zod'
import type { BackupList, BackupManifest } from '#shared/api/backup'
import { BACKUP_LIMITS } from '#shared/limits'
import { HttpError, notFound } from '../http/errors.ts'
import type { Backups } from './backups.ts'
import type { KeepPolicy } from './retention.ts'

const WorkspaceParams = z.object({ workspaceId: z.string().min(1).max(64) })

/**
 * The instance's backups, shown in a workspace's settings to an owner who is also an instance
 * administrator (server/auth/admin.ts; sessions only). Backups cover every workspace, so owning
 * one (anyone can create theirs) is not enough: docs/decisions/0007-backups.md. The workspace
 * only places the request: its owners see the audit event.
 */
export async function backupRoutes(
  app: FastifyInstance,
  opts: {
    backups: Backups | null
    intervalMinutes: number
    keep: KeepPolicy
    runsPerMinute: number
    workspaceExists: (id: string) => boolean
    audit: AuditLog
  },
): Promise<void> {
  const access = { on: 'workspace' as const, param: 'workspaceId', min: 'owner' as const, session: true, admin: true }

  app.get(
    '/api/workspaces/:workspaceId/backups',
    { config: { access, rateLimit: { max: BACKUP_LIMITS.listsPerMinute, timeWindow: '1 minute' } } },
    async (request): Promise<BackupList> => {
      const { workspaceId } = WorkspaceParams.parse(request.params)
      if (!opts.workspaceExists(workspaceId)) throw notFound('workspace')
      const { backups } = opts
      return {
        enabled: backups !== null,
        intervalMinutes: backups ? opts.intervalMinutes : 0,
        keep: opts.keep,
        running: backups?.running ?? false,
        backups: backups?.list() ?? [],
      }
    },
  )

  // Answers when the backup is taken and verified (seconds for a large database); a failed one is
  // answered too, with status 'failed' and why: it is listed the same way.
  app.post(
    '/api/workspaces/:workspaceId/backups',
    { config: { access, rateLimit: { max: opts.runsPerMinute, timeWindow: '1 minute' } } },
    async (request, reply): Promise<BackupManifest> => {
      const { workspaceId } = WorkspaceParams.parse(request.params)
      if (!opts.workspaceExists(workspaceId)) throw notFound('workspace')
      if (!opts.backups) throw new HttpError(409, 'backups_disabled', 'this server keeps its data in memory: there is nothing to back up')
      const manifest = await opts.backups.run('manual')
      // An administrator backs up the whole instance from one workspace: who did, and when, is on record there.
      opts.audit.record({
        kind: 'backup.requested',
        actorId: actorOf(request.principal),
        workspaceId,
        address: request.ip,
        detail: { backupId: manifest.id, status: manifest.status },
      })
      return reply.status(201).send(manifest)
    },
  )
}
