import type { FastifyBaseLogger } from 'fastify'
import type { RoomRegistry } from '../collab/registry.ts'
import type { Feature } from '../feature.ts'
import type { Store } from '../store/store.ts'
import { Activity } from './activity.ts'
import { Contents } from './contents.ts'
import type { HistoryStore } from './history-store.ts'
import type { NameOf } from './meta.ts'
import { VersionRecorder } from './recorder.ts'
import { Thinner } from './retention.ts'
import { historyRoutes } from './routes.ts'
import { HistoryService } from './service.ts'
import { type BurstOptions, VersionTracker } from './tracker.ts'

export interface HistoryDeps {
  /** Versions, clock ranges, visits, retention (SqliteHistoryStore in app.ts). */
  history: HistoryStore
  /** The documents store: the log's bytes and checkpoints that past states are rebuilt from. */
  store: Store
  registry: RoomRegistry
  nameOf: NameOf
  titleOf: (docId: string) => string
  workspaceExists: (workspaceId: string) => boolean
  bursts: BurstOptions
  ratePerMinute: number
  heavyRatePerMinute: number
  log: FastifyBaseLogger
}

/**
 * Version history: the 'history' document extension (after hub and tasks: it only reads), the
 * service and routes, and the retention job. Past states come from the documents store's kept
 * log and checkpoints (docs/decisions/0006-version-history.md).
 */
export function historyFeature(deps: HistoryDeps): Feature & { service: HistoryService; tracker: VersionTracker; thinner: Thinner } {
  const { history, store, registry, log } = deps
  const contents = new Contents(store)
  const tracker = new VersionTracker(history, new VersionRecorder(store, history, contents), log, deps.bursts)
  const service = new HistoryService({ store, history, registry, tracker, contents, nameOf: deps.nameOf })
  const activity = new Activity(history, deps.nameOf, deps.titleOf)
  const thinner = new Thinner(history, log)
  return {
    name: 'history',
    extension: tracker,
    service,
    tracker,
    thinner,
    routes: async (app) =>
      historyRoutes(app, {
        service,
        activity,
        history,
        ratePerMinute: deps.ratePerMinute,
        heavyRatePerMinute: deps.heavyRatePerMinute,
        workspaceExists: deps.workspaceExists,
      }),
    start: () => thinner.start(),
    close: () => thinner.stop(),
  }
}
