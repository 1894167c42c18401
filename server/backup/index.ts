import type Database from 'better-sqlite3'
import type { AuditLog } from '../audit/audit-log.ts'
import type { BackupConfig } from '../config.ts'
import type { Feature } from '../feature.ts'
import { type BackupLog, Backups } from './backups.ts'
import { backupRoutes } from './routes.ts'
import { Schedule } from './schedule.ts'

export interface BackupDeps {
  db: Database.Database
  databaseFile: string
  config: BackupConfig
  workspaceExists: (id: string) => boolean
  audit: AuditLog
  log: BackupLog
  version: string
}

/**
 * Backups of the whole instance: the service (take, verify, list, prune), the schedule and the
 * routes (for workspace owners who are instance administrators). With an in-memory database
 * (tests) there is no folder: the routes say so.
 */
export function backupFeature(deps: BackupDeps): Feature & { backups: Backups | null } {
  const { config } = deps
  const backups =
    config.dir && deps.databaseFile !== ':memory:'
      ? new Backups({
          db: deps.db,
          databaseFile: deps.databaseFile,
          dir: config.dir,
          keep: config.keep,
          method: config.method,
          log: deps.log,
          version: deps.version,
        })
      : null
  const schedule = backups && config.intervalMinutes > 0 ? new Schedule(backups, config.intervalMinutes * 60_000) : null
  return {
    name: 'backup',
    backups,
    routes: async (app) =>
      backupRoutes(app, {
        backups,
        intervalMinutes: config.intervalMinutes,
        keep: config.keep,
        runsPerMinute: config.runsPerMinute,
        workspaceExists: deps.workspaceExists,
        audit: deps.audit,
      }),
    start: () => schedule?.start(),
    close: async () => {
      schedule?.stop()
      // The database closes after this: a backup in flight finishes (or fails) first.
      await backups?.idle()
    },
  }
}
