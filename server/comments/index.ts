import type Database from 'better-sqlite3'
import type { EventBus } from '../events/bus.ts'
import type { Feature } from '../feature.ts'
import { commentRoutes } from './routes.ts'
import { Comments } from './service.ts'
import { SqliteCommentStore } from './sqlite-comment-store.ts'

export interface CommentsFeatureDeps {
  db: Database.Database
  bus: EventBus
  projectOf: (docId: string) => string | null
  isMember: (projectId: string, userId: string) => boolean
  nameOf: (userId: string) => string
  blockOf?: (docId: string, anchor: { start: unknown; end: unknown }) => string | null | undefined
}

/** Inline comments (docs/decisions/0009-comments.md): rows in SQLite, anchored by Yjs relative positions. */
export function commentsFeature(deps: CommentsFeatureDeps): Feature & { service: Comments } {
  const service = new Comments({
    store: new SqliteCommentStore(deps.db),
    bus: deps.bus,
    projectOf: deps.projectOf,
    isMember: deps.isMember,
    nameOf: deps.nameOf,
    ...(deps.blockOf ? { blockOf: deps.blockOf } : {}),
  })
  return { name: 'comments', service, routes: async (app) => commentRoutes(app, { comments: service }) }
}
