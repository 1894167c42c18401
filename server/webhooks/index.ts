import type { FastifyBaseLogger, FastifyPluginAsync } from 'fastify'
import type { AuditLog } from '../audit/audit-log.ts'
import type { Config } from '../config.ts'
import type { EventBus } from '../events/bus.ts'
import type {} from '../tasks/events.ts'
import type { Feature } from '../feature.ts'
import type { TaskStore } from '../tasks/task-store.ts'
import type { Directory } from '../workspaces/directory.ts'
import { DEFAULT_DISPATCHER, type DispatcherOptions, WebhookDispatcher } from './dispatcher.ts'
import { webhookRoutes } from './routes.ts'
import type { WebhookStore } from './webhook-store.ts'

export interface WebhooksDeps {
  /** The webhook rows, secrets sealed (openWebhookStore in app.ts). */
  store: WebhookStore
  config: Pick<Config, 'webhookAllowPrivate'>
  log: FastifyBaseLogger
  bus: EventBus
  /** Read for each change's task body (the payload is the task as it is now). */
  tasks: TaskStore
  directory: Directory
  audit: AuditLog
  /** Timeouts, retries and (in tests) name resolution; KEEL_WEBHOOK_ALLOW_PRIVATE always comes from config. */
  options?: Partial<DispatcherOptions> | undefined
}

export interface WebhooksFeature extends Feature {
  readonly routes: FastifyPluginAsync
  close(): Promise<void>
  readonly store: WebhookStore
  readonly dispatcher: WebhookDispatcher
}

/**
 * Webhooks on task events: the store (secrets sealed under the server's key), the dispatcher,
 * which hears every 'tasks.changed' on the bus and turns it into signed deliveries, and the
 * owners' routes. `close` stops sending and waits for attempts in flight, before the database closes.
 */
export function webhooksFeature(deps: WebhooksDeps): WebhooksFeature {
  const { store, config, log, bus } = deps
  const allowPrivate = config.webhookAllowPrivate
  const dispatcher = new WebhookDispatcher(store, deps.tasks, log, { ...DEFAULT_DISPATCHER, ...deps.options, allowPrivate })
  const off = bus.on('tasks.changed', ({ projectId, changes }) => dispatcher.notify(projectId, changes))
  return {
    name: 'webhooks',
    routes: async (app) => webhookRoutes(app, { webhooks: store, allowPrivate, directory: deps.directory, audit: deps.audit }),
    close: async () => {
      off()
      await dispatcher.close()
    },
    store,
    dispatcher,
  }
}
