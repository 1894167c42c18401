import type { FastifyBaseLogger } from 'fastify'
import { IMPORT_LIMITS } from '#shared/limits'
import type { RoomRegistry } from '../collab/registry.ts'
import type { Feature } from '../feature.ts'
import type { HubStore } from '../hub/hub-store.ts'
import type { Pages } from '../hub/pages.ts'
import type { Trash } from '../hub/trash.ts'
import type { ImportStore } from './import-store.ts'
import { importRoutes } from './routes.ts'
import { Imports } from './service.ts'

export interface ImportDeps {
  /** Jobs and source-id → page rows (SqliteImportStore in app.ts). */
  store: ImportStore
  pages: Pages
  trash: Trash
  hub: HubStore
  registry: RoomRegistry
  projectName: (projectId: string) => string | null
  log: FastifyBaseLogger
  ratePerMinute: number
  heavyRatePerMinute: number
  pagesPerTick?: number
}

/**
 * Imports (Markdown now; the adapters of shared/import/ for the rest): jobs with a dry run, a
 * batched run through the hub's Pages and `registry.change`, a report, and undo through the Trash.
 * Writes go through other features' services, so it has no document extension of its own.
 */
export function importFeature(deps: ImportDeps): Feature & { imports: Imports } {
  const imports = new Imports({ ...deps, pagesPerTick: deps.pagesPerTick ?? IMPORT_LIMITS.pagesPerTick })
  return {
    name: 'import',
    imports,
    routes: async (app) => importRoutes(app, { imports, ratePerMinute: deps.ratePerMinute, heavyRatePerMinute: deps.heavyRatePerMinute }),
    start: () => imports.recover(),
    close: () => imports.close(),
  }
}
