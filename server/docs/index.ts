import type { FastifyPluginAsync } from 'fastify'
import type { RoomRegistry } from '../collab/registry.ts'
import type { Feature } from '../feature.ts'
import type { Store } from '../store/store.ts'
import type { Directory } from '../workspaces/directory.ts'
import { Renderings } from './renderings.ts'
import { docRoutes } from './routes.ts'

export interface DocsFeature extends Feature {
  readonly routes: FastifyPluginAsync
  /** Committed content as JSON, cached per seq: the hub reads templates and duplicates through it. */
  readonly renderings: Renderings
}

/** Reading documents over REST: `GET /api/docs/:id` (metadata) and `/content` (JSON). */
export function docsFeature(deps: { store: Store; registry: RoomRegistry; directory: Directory }): DocsFeature {
  const renderings = new Renderings(deps.registry, deps.store)
  return {
    name: 'docs',
    routes: async (app) => docRoutes(app, { ...deps, renderings }),
    renderings,
  }
}
