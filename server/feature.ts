import type { FastifyPluginAsync } from 'fastify'
import type { DocExtension } from './collab/extension.ts'

/**
 * One product concern (tasks, hub, ml, webhooks, auth, …) as app.ts composes it. A feature's
 * folder holds its store (an interface with the SQLite implementation beside it), its services
 * (domain logic), its document extension and its routes; its factory returns this shape plus
 * whatever other features need from it (its store, its services).
 *
 * app.ts registers every `extension` with the room registry and every `routes` plugin with
 * Fastify, in the order of its feature list, then calls every `start`; when the server stops it
 * calls `close` in reverse order, before the database closes.
 */
export interface Feature {
  readonly name: string
  /** Document hooks: run for every loaded document, after the extensions of earlier features. */
  readonly extension?: DocExtension
  /** Every route of the feature, as one Fastify plugin (authorised through `config.access`). */
  readonly routes?: FastifyPluginAsync
  /**
   * Start timers and background work, once everything is registered (factories stay free of side
   * effects, so a build that fails half-way leaves nothing running).
   */
  start?(): void
  /** Stop timers and let in-flight work settle; the database is still open. */
  close?(): Promise<void> | void
}
