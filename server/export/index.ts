import type { AttachmentReader, AttachmentWriter } from '../attachments/attachment-writer.ts'
import type { RoomRegistry } from '../collab/registry.ts'
import type { Feature } from '../feature.ts'
import type { HubStore } from '../hub/hub-store.ts'
import type { Store } from '../store/store.ts'
import type { TaskStore } from '../tasks/task-store.ts'
import type { Directory } from '../workspaces/directory.ts'
import type { ExportStore } from './export-store.ts'
import { exportRoutes } from './routes.ts'
import { ExportService } from './service.ts'

export interface ExportDeps {
  /** The import mapping and the approval records that travel with an export (SqliteExportStore in app.ts). */
  exports: ExportStore
  registry: RoomRegistry
  store: Store
  hub: HubStore
  tasks: TaskStore
  directory: Directory
  /** Attachments the exports carry and the Keel-JSON import re-creates (server/attachments/). */
  attachments: AttachmentReader & AttachmentWriter
  ratePerMinute: number
}

/**
 * Export of pages, subtrees and projects as Markdown, HTML or lossless Keel JSON, and the import
 * of Keel JSON into a workspace (docs/EXPORT.md). No document extension: it reads committed
 * state and writes through `registry.change`, so the hub and task index derive what they always do.
 */
export function exportFeature(deps: ExportDeps): Feature & { service: ExportService } {
  const service = new ExportService({ ...deps, titleOf: (id) => deps.directory.docTitle(id) })
  return { name: 'export', service, routes: async (app) => exportRoutes(app, { service, ratePerMinute: deps.ratePerMinute }) }
}
