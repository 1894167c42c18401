import { IMPORT_LIMITS } from '#shared/limits'
import type { AuditLog } from '../audit/audit-log.ts'
import type { Feature } from '../feature.ts'
import { importRoutes } from './routes.ts'
import { Imports, type ImportsDeps } from './service.ts'

export interface ImportDeps extends Omit<ImportsDeps, 'pagesPerTick' | 'pagesPerBatch' | 'tickBudgetMs'> {
  /** Requests per minute per address to the read routes, and to upload, run and undo. */
  ratePerMinute: number
  heavyRatePerMinute: number
  /** Runs and undos are recorded in the project's workspace's audit log. */
  audit: AuditLog
  workspaceOf: (projectId: string) => string | null
  /** Pages, and milliseconds of work, per turn of the event loop; IMPORT_LIMITS by default. */
  pagesPerTick?: number
  /** Pages made per batch of a run's first pass at most; IMPORT_LIMITS by default. */
  pagesPerBatch?: number
  tickBudgetMs?: number
}

/**
 * Imports (Markdown now; the adapters of shared/import/ for the rest): jobs with a dry run, a
 * batched run through the hub's Pages and `registry.change`, a report, and undo through the Trash.
 * Writes go through other features' services, so it has no document extension of its own.
 */
export function importFeature(deps: ImportDeps): Feature & { imports: Imports } {
  const imports = new Imports({
    ...deps,
    pagesPerTick: deps.pagesPerTick ?? IMPORT_LIMITS.pagesPerTick,
    pagesPerBatch: deps.pagesPerBatch ?? IMPORT_LIMITS.pagesPerBatch,
    tickBudgetMs: deps.tickBudgetMs ?? IMPORT_LIMITS.tickBudgetMs,
  })
  return {
    name: 'import',
    imports,
    routes: async (app) =>
      importRoutes(app, {
        imports,
        ratePerMinute: deps.ratePerMinute,
        heavyRatePerMinute: deps.heavyRatePerMinute,
        audit: deps.audit,
        workspaceOf: deps.workspaceOf,
      }),
    start: () => imports.recover(),
    close: () => imports.close(),
  }
}
