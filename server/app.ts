import fastifyRateLimit from '@fastify/rate-limit'
import fastifyWebsocket from '@fastify/websocket'
import type Database from 'better-sqlite3'
import Fastify, { type FastifyInstance } from 'fastify'
import { CloseCode, closeReason } from '#shared/protocol/index'
import { access } from './auth/access.ts'
import { boundary } from './auth/boundary.ts'
import { Site } from './auth/origin.ts'
import { SqliteAccountStore } from './auth/sqlite-account-store.ts'
import { bootstrap } from './bootstrap.ts'
import { LiveChannels } from './collab/live-sockets.ts'
import { AuditLog } from './audit/audit-log.ts'
import { SqliteAuditStore } from './audit/sqlite-audit-store.ts'
import type { Accounts } from './auth/accounts.ts'
import { authFeature } from './auth/index.ts'
import type { SessionSweep } from './auth/session-sweep.ts'
import { auditFeature } from './audit/index.ts'
import { workspacesFeature } from './workspaces/index.ts'
import { eventRoutes } from './routes/events.ts'
import { RoomRegistry } from './collab/registry.ts'
import { socketErrorHandler } from './collab/socket-errors.ts'
import { Renderings } from './collab/renderings.ts'
import { collabRoutes } from './collab/route.ts'
import { Tickets } from './collab/tickets.ts'
import type { Config } from './config.ts'
import { openDatabase } from './db/open.ts'
import { docRoutes } from './routes/docs.ts'
import { installErrorHandler } from './http/errors.ts'
import { appShell } from './http/app-shell.ts'
import { jsonBody } from './http/json-body.ts'
import { securityHeaders } from './http/security-headers.ts'
import { healthRoutes } from './http/health.ts'
import { hubRoutes } from './routes/hub.ts'
import { deletedRoutes } from './routes/deleted.ts'
import { DeletedPages } from './hub/deleted-pages.ts'
import { Purger } from './hub/purge.ts'
import { hubExtension } from './hub/derive.ts'
import { HubStore } from './hub/hub-store.ts'
import { Pages } from './hub/pages.ts'
import { taskRoutes } from './routes/tasks.ts'
import { TaskIndexer } from './tasks/indexer.ts'
import { TaskStore } from './tasks/task-store.ts'
import { EventBus } from './events/bus.ts'
import type {} from './tasks/events.ts'
import { webhookRoutes } from './routes/webhooks.ts'
import { experimentRoutes } from './routes/experiments.ts'
import { checklistRoutes } from './routes/checklists.ts'
import { ApprovalStore } from './approvals/approval-store.ts'
import { DEFAULT_DISPATCHER, type DispatcherOptions, WebhookDispatcher } from './webhooks/dispatcher.ts'
import { openWebhookStore } from './webhooks/open-store.ts'
import type { WebhookStore } from './webhooks/webhook-store.ts'
import { loggedPath } from './log/redact.ts'
import { SqliteStore } from './store/sqlite-store.ts'
import type { Store } from './store/store.ts'
import { Directory } from './workspaces/directory.ts'
import { SqliteDirectoryStore } from './workspaces/sqlite-directory-store.ts'

export const VERSION = '0.1.0'

declare module 'fastify' {
  interface FastifyInstance {
    store: Store
    registry: RoomRegistry
    accounts: Accounts
    directory: Directory
    /** Every live channel (sync sockets, event streams), for revocation and per-user caps. */
    live: LiveChannels
    /** The audit log: `app.audit.record({ kind, actorId, subjectId, workspaceId, address, detail })`. */
    audit: AuditLog
    /** Ends channels whose session has run out by the clock (a minute at most). */
    sessionSweep: SessionSweep
    hub: HubStore
    tasks: TaskStore
    indexer: TaskIndexer
    webhooks: WebhookStore
    /** Erases deleted pages past their retention (hourly and at start; `run(now)` for tests). */
    purger: Purger
    /** Set on first start: the one-time sign-in link's secret for the new owner. */
    signInSecret: string | null
  }
}

/** Builds the whole server without listening, so tests can `inject()` or listen on port 0. */
export async function buildApp(
  config: Config,
  deps: { db?: Database.Database; store?: Store; logStream?: NodeJS.WritableStream; webhookOptions?: Partial<DispatcherOptions> } = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: config.logLevel,
      ...(deps.logStream ? { stream: deps.logStream } : {}),
      // Never log query strings, headers or secret path segments (server/log/redact.ts).
      serializers: {
        req: (req: { method: string; url: string; id: string }) => ({ id: req.id, method: req.method, path: loggedPath(req.url) }),
      },
    },
    bodyLimit: config.limits.maxMessageBytes,
    // X-Forwarded-Proto/-Host/-For count only from these addresses (request.protocol, host, ip).
    trustProxy: config.trustedProxies.length > 0 ? config.trustedProxies : false,
  })
  const site = new Site({
    publicOrigins: config.publicOrigins,
    allowedOrigins: config.allowedOrigins,
    listenHost: config.host,
    configuredPort: config.port,
    port: () => {
      const address = app.server.listening ? app.server.address() : null
      return address && typeof address === 'object' ? address.port : null
    },
  })
  const db = deps.db ?? openDatabase(config.databaseFile, { synchronous: config.sync, cacheKiB: config.sqliteCacheKiB })
  const store = deps.store ?? new SqliteStore(db)
  // Identity, lowest floor first: the audit log (every feature records), workspaces' Directory
  // (roles, read by auth through its RoleSource shape), auth, then the features' routes.
  const audit = new AuditLog(new SqliteAuditStore(db), app.log)
  const directory = new Directory(new SqliteDirectoryStore(db))
  const live = new LiveChannels()
  const tickets = new Tickets()
  const auth = authFeature({
    store: new SqliteAccountStore(db),
    policy: { maxMs: config.sessionMaxMs, idleMs: config.sessionIdleMs },
    memberships: directory,
    live,
    tickets,
    audit,
    signInRatePerMinute: config.signInRatePerMinute,
    ticketRatePerMinute: config.ticketRatePerMinute,
  })
  const { accounts, sessionSweep } = auth
  const workspaces = workspacesFeature({ directory, accounts, live, audit, link: (p) => site.link(p), inviteRatePerMinute: config.signInRatePerMinute })
  const auditing = auditFeature({ audit, emailOf: (id) => accounts.user(id)?.email ?? null })
  const hub = new HubStore(db)
  const registry = new RoomRegistry(store, app.log, {
    unloadDelayMs: config.unloadDelayMs,
    compactEveryUpdates: config.compactEveryUpdates,
    compactEveryBytes: config.compactEveryBytes,
    commitWindowMs: config.commitWindowMs,
    limits: config.limits,
  })
  const tasks = new TaskStore(db)
  const approvals = new ApprovalStore(db)
  const webhooks = openWebhookStore(db, config, app.log)
  const webhookOptions = { ...DEFAULT_DISPATCHER, ...deps.webhookOptions, allowPrivate: config.webhookAllowPrivate }
  const dispatcher = new WebhookDispatcher(webhooks, tasks, app.log, webhookOptions)
  const bus = new EventBus((err, event) => app.log.error({ err, event }, 'event listener failed'))
  bus.on('tasks.changed', ({ projectId, changes }) => dispatcher.notify(projectId, changes))
  const indexer = new TaskIndexer(registry, hub, tasks, approvals, store, app.log, (projectId, changes) => bus.emit('tasks.changed', { projectId, changes }))
  // Document extensions, in run order: the hub's rows first (the task index reads them).
  registry.use(hubExtension(registry, hub, app.log))
  registry.use(indexer)
  const renderings = new Renderings(registry, store)
  const deleted = new DeletedPages(db)
  const purger = new Purger(deleted, registry, app.log, config.deletedRetentionDays)
  const pages = new Pages(directory, store, registry, hub, renderings)
  const first = bootstrap(config, { store, accounts, directory, registry, pages, hub })
  app.decorate('store', store)
  app.decorate('registry', registry)
  app.decorate('accounts', accounts)
  app.decorate('directory', directory)
  app.decorate('live', live)
  app.decorate('audit', audit)
  app.decorate('sessionSweep', sessionSweep)
  app.decorate('hub', hub)
  app.decorate('tasks', tasks)
  app.decorate('webhooks', webhooks)
  app.decorate('purger', purger)
  app.decorate('indexer', indexer)
  app.decorate('signInSecret', first?.signInSecret ?? null)
  installErrorHandler(app)
  await app.register(jsonBody)
  await app.register(securityHeaders)
  // Right after the security headers (which only set headers), before cookies, principals, rate
  // limits and routes: a request for a Host that is not ours, or a cross-site write, stops here.
  await app.register(boundary, { site })
  await app.register(fastifyRateLimit, { global: false })
  await app.register(access, { accounts, directory, taskDoc: (id) => tasks.owner(id)?.docId ?? null })
  await app.register(fastifyWebsocket, {
    options: { maxPayload: config.limits.maxMessageBytes },
    // Any client can send a bad frame: one warn line per socket, not an error with a stack each.
    errorHandler: socketErrorHandler,
    // Shutdown order matters: commit and acknowledge everything queued, then close the sockets
    // with ShuttingDown (clients reconnect to the next process), then close the store.
    preClose(done) {
      registry.shutdown((peer) => peer.close(CloseCode.ShuttingDown))
      for (const client of app.websocketServer.clients) client.close(CloseCode.ShuttingDown, closeReason[CloseCode.ShuttingDown])
      const stragglers = setTimeout(() => app.websocketServer.clients.forEach((c) => c.terminate()), 1000)
      stragglers.unref()
      done()
    },
  })
  await app.register(collabRoutes, { registry, limits: config.limits, accounts, directory, tickets, live, site })
  await app.register(healthRoutes, { registry, directory, version: VERSION })
  for (const feature of [auth, auditing, workspaces]) if (feature.routes) await app.register(feature.routes)
  const retentionDays = config.deletedRetentionDays
  await app.register(hubRoutes, { directory, store, registry, hub, renderings, deleted, retentionDays })
  await app.register(deletedRoutes, { directory, registry, hub, deleted, retentionDays })
  await app.register(taskRoutes, { tasks, indexer, registry, hub, directory, approvals })
  await app.register(webhookRoutes, { webhooks, allowPrivate: config.webhookAllowPrivate, directory, audit })
  await app.register(eventRoutes, { bus, directory, live, limits: config.limits })
  await app.register(experimentRoutes, { registry, hub })
  await app.register(checklistRoutes, { registry, hub, tasks, approvals })
  await app.register(docRoutes, { store, registry, directory, renderings })

  await app.register(appShell, { staticDir: config.staticDir })

  app.addHook('preClose', async () => {
    live.endStreams('server shutting down')
  })
  purger.start()
  sessionSweep.start()
  app.addHook('onClose', async () => {
    purger.stop()
    await auth.close?.()
    await dispatcher.close()
    registry.flushExtensions()
    store.close()
    if (db.open) db.close()
  })
  return app
}
