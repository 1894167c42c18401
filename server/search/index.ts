import type Database from 'better-sqlite3'
import type { FastifyBaseLogger } from 'fastify'
import type { RoomRegistry } from '../collab/registry.ts'
import type { EventBus } from '../events/bus.ts'
import type { Feature } from '../feature.ts'
import type { HubStore } from '../hub/hub-store.ts'
import type { Store } from '../store/store.ts'
import type { Directory } from '../workspaces/directory.ts'
import { indexComments } from './comments.ts'
import { SearchIndexer } from './indexer.ts'
import { searchRoutes } from './routes.ts'
import { SearchService } from './search-service.ts'
import { SqliteSearchStore } from './search-store.ts'

export interface SearchDeps {
  db: Database.Database
  store: Store
  registry: RoomRegistry
  hub: HubStore
  directory: Directory
  bus: EventBus
  log: FastifyBaseLogger
  /** A member's name (tasks are found by their assignee's name). */
  nameOf?: (userId: string) => string | null
}

/**
 * Full-text search: the index of every page, block, task, run, checklist, model card and comment
 * (a document extension after the hub's and the tasks', plus the comments event), and
 * GET /api/search over the projects the caller can read. An empty index with pages to index
 * (the first start after migration 020) is rebuilt from storage on start.
 */
export function searchFeature(deps: SearchDeps): Feature & { index: SqliteSearchStore; indexer: SearchIndexer; service: SearchService } {
  const { db, store, registry, hub, directory, bus, log } = deps
  const index = new SqliteSearchStore(db)
  const indexer = new SearchIndexer({ registry, hub, index, store, log, nameOf: deps.nameOf })
  const service = new SearchService({ index, directory })
  let unsubscribe = () => {}
  return {
    name: 'search',
    index,
    indexer,
    service,
    extension: indexer,
    routes: searchRoutes({ service }),
    start() {
      unsubscribe = indexComments(bus, index)
      if (index.size === 0) {
        const projects = db.prepare<[], { id: string }>('SELECT id FROM projects').all()
        for (const p of projects) indexer.rebuildProject(p.id)
      }
    },
    close() {
      unsubscribe()
    },
  }
}
