import type { Feature } from '../feature.ts'
import type { AuditLog } from './audit-log.ts'
import { type AuditRoutesDeps, auditRoutes } from './routes.ts'

/**
 * The audit log's routes (owners read their workspace's events). The AuditLog itself
 * (`new AuditLog(new SqliteAuditStore(db), log)`) is built by app.ts first, since every feature
 * records into it; this feature comes after auth, whose Accounts name the people in it.
 */
export function auditFeature(deps: AuditRoutesDeps): Feature & { audit: AuditLog } {
  return {
    name: 'audit',
    audit: deps.audit,
    routes: async (app) => {
      await app.register(auditRoutes, deps)
    },
  }
}
