import type { FastifyBaseLogger, FastifyPluginAsync } from 'fastify'
import type { RoomRegistry } from '../collab/registry.ts'
import type { Renderings } from '../docs/renderings.ts'
import type { DocExtension } from '../collab/extension.ts'
import type { Feature } from '../feature.ts'
import type { Store } from '../store/store.ts'
import type { Directory } from '../workspaces/directory.ts'
import type { DeletedPages } from './deleted-pages.ts'
import type { IndexedBlockKind } from './block-index.ts'
import { hubExtension } from './derive.ts'
import type { HubStore } from './hub-store.ts'
import { type PageInitialiser, Pages } from './pages.ts'
import { Purger } from './purge.ts'
import { hubRoutes } from './routes.ts'
import { Trash } from './trash.ts'

export interface HubDeps {
  /** The hub's rows (SqliteHubStore in app.ts). */
  store: HubStore
  /** Pages deleted for good, restorable until their retention ends. */
  deleted: DeletedPages
  /** The documents Store (a new page's first content is appended to it directly). */
  documents: Store
  registry: RoomRegistry
  directory: Directory
  /** The docs feature's cached renderings (template content, duplicates; forgotten on delete). */
  renderings: Renderings
  log: FastifyBaseLogger
  /** KEEL_DELETED_RETENTION_DAYS: how long a page deleted for good can still be restored. */
  retentionDays: number
  /** What other features give a new page's blocks (server/ml/page-blocks.ts), in this order. */
  initialisers?: readonly PageInitialiser[]
  /** Block kinds other features want indexed by id (server/ml/block-kinds.ts). */
  blockKinds?: readonly IndexedBlockKind[]
}

export interface HubFeature extends Feature {
  readonly extension: DocExtension
  readonly routes: FastifyPluginAsync
  start(): void
  close(): void
  readonly store: HubStore
  readonly pages: Pages
  readonly trash: Trash
  readonly deleted: DeletedPages
  /** Erases deleted pages past their retention (once at start, then hourly). */
  readonly purger: Purger
}

/**
 * The project hub: its rows (HubStore, mirrored from the tree documents by the 'hub' extension),
 * making pages (Pages), the trash and deleted pages (Trash, DeletedPages, the Purger), and their
 * routes. Its extension must run before the task index's, which reads the rows it writes.
 */
export function hubFeature(deps: HubDeps): HubFeature {
  const { store, deleted, documents, registry, directory, renderings, log } = deps
  const pages = new Pages(directory, documents, registry, store, renderings, deps.initialisers ?? [])
  const trash = new Trash(directory, registry, store, deleted, pages, renderings, deps.retentionDays)
  const purger = new Purger(deleted, registry, log, deps.retentionDays)
  return {
    name: 'hub',
    extension: hubExtension(registry, store, log, deps.blockKinds, (projectId) => directory.project(projectId)?.treeDocId ?? null),
    routes: async (app) => hubRoutes(app, { directory, hub: store, pages, trash }),
    start: () => purger.start(),
    close: () => purger.stop(),
    store,
    pages,
    trash,
    deleted,
    purger,
  }
}
