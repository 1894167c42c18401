import fastifyRateLimit from '@fastify/rate-limit'
import fastifyWebsocket from '@fastify/websocket'
import type Database from 'better-sqlite3'
import Fastify, { type FastifyInstance } from 'fastify'
import { CloseCode, closeReason } from '#shared/protocol/index'
import { attachmentsFeature } from './attachments/index.ts'
import type { Attachments } from './attachments/service.ts'
import { AuditLog } from './audit/audit-log.ts'
import { auditFeature } from './audit/index.ts'
import { SqliteAuditStore } from './audit/sqlite-audit-store.ts'
import { access } from './auth/access.ts'
import type { Accounts } from './auth/accounts.ts'
import { boundary } from './auth/boundary.ts'
import { authFeature } from './auth/index.ts'
import { Site } from './auth/origin.ts'
import type { SessionSweep } from './auth/session-sweep.ts'
import { SqliteAccountStore } from './auth/sqlite-account-store.ts'
import { blockIdAt } from '#shared/comments/anchor'
import { commentsFeature } from './comments/index.ts'
import { backupFeature } from './backup/index.ts'
import type { Backups } from './backup/backups.ts'
import { bootstrap } from './bootstrap.ts'
import { type InstanceAdmins, reservedEmail } from './auth/admin.ts'
import { InstanceOwner } from './auth/instance-owner.ts'
import { LiveChannels } from './collab/live-sockets.ts'
import { RoomRegistry } from './collab/registry.ts'
import { collabRoutes } from './collab/route.ts'
import { socketErrorHandler } from './collab/socket-errors.ts'
import { Tickets } from './collab/tickets.ts'
import type { Config } from './config.ts'
import { openDatabase } from './db/open.ts'
import { markRunning } from './db/running.ts'
import { docsFeature } from './docs/index.ts'
import { exportFeature } from './export/index.ts'
import type { ExportService } from './export/service.ts'
import { QuietWrites } from './events/quiet-writes.ts'
import { SqliteExportStore } from './export/sqlite-export-store.ts'
import { EventBus } from './events/bus.ts'
import { streamFeature } from './events/stream.ts'
import type { Feature } from './feature.ts'
import { appShell } from './http/app-shell.ts'
import { installErrorHandler } from './http/errors.ts'
import { healthRoutes } from './http/health.ts'
import { jsonBody } from './http/json-body.ts'
import { securityHeaders } from './http/security-headers.ts'
import type { HubStore } from './hub/hub-store.ts'
import { hubFeature } from './hub/index.ts'
import { historyFeature } from './history/index.ts'
import { importFeature } from './import/index.ts'
import { inboxFeature } from './inbox/index.ts'
import type { InboxStore } from './inbox/inbox-store.ts'
import { SqliteInboxStore } from './inbox/sqlite-inbox-store.ts'
import { SqliteImportStore } from './import/sqlite-import-store.ts'
import type { HistoryStore } from './history/history-store.ts'
import { SqliteHistoryStore } from './history/sqlite-history-store.ts'
import type { Purger } from './hub/purge.ts'
import { loggedPath } from './log/redact.ts'
import { Mailer, OutboxOnlySender } from './mail/mailer.ts'
import { SqliteOutboxStore } from './mail/sqlite-outbox-store.ts'
import { SecretBox } from './crypto/secret-box.ts'
import { loadSecretKey } from './crypto/secret-key.ts'
import { SqliteApprovalStore } from './ml/approvals/sqlite-approval-store.ts'
import { SqliteDeletedPages } from './hub/sqlite-deleted-pages.ts'
import { SqliteHubStore } from './hub/sqlite-hub-store.ts'
import { SqliteTaskStore } from './tasks/sqlite-task-store.ts'
import { openWebhookStore } from './webhooks/open-store.ts'
import { mlFeature } from './ml/index.ts'
import { mlBlockKinds } from './ml/block-kinds.ts'
import { initialiseMlBlocks } from './ml/page-blocks.ts'
import { SqliteStore } from './store/sqlite-store.ts'
import type { Store } from './store/store.ts'
import { searchFeature } from './search/index.ts'
import { tasksFeature } from './tasks/index.ts'
import type { TaskIndexer } from './tasks/indexer.ts'
import type { TaskStore } from './tasks/task-store.ts'
import type { DispatcherOptions } from './webhooks/dispatcher.ts'
import { webhooksFeature } from './webhooks/index.ts'
import type { WebhookStore } from './webhooks/webhook-store.ts'
import { systemUserName } from './collab/system-users.ts'
import { Directory } from './workspaces/directory.ts'
import { workspacesFeature } from './workspaces/index.ts'
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
    /** The full-text index, its indexer and the search service (tests rebuild and compare through it). */
    fullText: ReturnType<typeof searchFeature>
    webhooks: WebhookStore
    /** Erases deleted pages past their retention (hourly and at start; `run(now)` for tests). */
    purger: Purger
    /** Version history's rows (server/history/): tests read versions here. */
    history: HistoryStore
    /** Mail, outbox first (server/mail/): tests read the outbox here. */
    mailer: Mailer
    /** Backups of the instance (server/backup/); null with an in-memory database. */
    backups: Backups | null
    /** Attachments (server/attachments/): the AttachmentWriter/Reader; tests store files here. */
    attachments: Attachments
    /** Export and Keel-JSON import (server/export/): tests see what runs here. */
    exporting: ExportService
    /** The event bus (server/events/bus.ts): tests emit events of features built elsewhere (comments). */
    bus: EventBus
    /** The inbox (server/inbox/): tests read entries here. */
    inbox: InboxStore
    /** Queues the email digests due at `now` (every minute on its own); returns how many. */
    inboxDigests: (now?: number) => number
    /** Set on first start: the one-time sign-in link's secret for the new owner. */
    signInSecret: string | null
  }
}

/**
 * Builds the whole server without listening, so tests can `inject()` or listen on port 0.
 *
 * Composition only: the platform (logger, boundary, principals, rate limits, the sync socket),
 * then the features in dependency order. Each feature's folder holds its store, services,
 * document extension and routes (server/feature.ts); this file wires what one needs from another.
 */
export async function buildApp(
  config: Config,
  deps: {
    db?: Database.Database
    store?: Store
    logStream?: NodeJS.WritableStream
    webhookOptions?: Partial<DispatcherOptions>
    /** The inbox's clock (watch batching, digests), for tests. */
    now?: () => number
  } = {},
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

  // The platform every feature stands on: the database, the documents, the sync core, the bus.
  // keel.pid in the data folder while this server runs, taken before the database is opened (and
  // migrated): a second server on the folder, or a restore under way, makes this start fail instead.
  const released = markRunning(config.databaseFile)
  const db = deps.db ?? openDatabase(config.databaseFile, { synchronous: config.sync, cacheKiB: config.sqliteCacheKiB })
  const store = deps.store ?? new SqliteStore(db)
  const registry = new RoomRegistry(store, app.log, {
    unloadDelayMs: config.unloadDelayMs,
    compactEveryUpdates: config.compactEveryUpdates,
    compactEveryBytes: config.compactEveryBytes,
    commitWindowMs: config.commitWindowMs,
    limits: config.limits,
  })
  const bus = new EventBus((err, event) => app.log.error({ err, event }, 'event listener failed'))
  const live = new LiveChannels()
  const tickets = new Tickets()

  // Identity, lowest floor first: the audit log (every feature records), workspaces' Directory
  // (roles, read by auth through its RoleSource shape), auth.
  // The instance admins: KEEL_ADMIN_EMAILS, else the first-start owner by the id bootstrap records.
  const instanceOwner = new InstanceOwner(db)
  const admins: InstanceAdmins = { emails: config.adminEmails, ownerId: () => instanceOwner.userId() }
  const audit = new AuditLog(new SqliteAuditStore(db), app.log)
  const directory = new Directory(new SqliteDirectoryStore(db))
  // Mail, outbox first; no SMTP sender exists yet, so messages wait there (`npm run keel -- outbox`).
  const mailer = new Mailer(new SqliteOutboxStore(db, new SecretBox(loadSecretKey(config, app.log))), new OutboxOnlySender(app.log), app.log)
  const auth = authFeature({
    store: new SqliteAccountStore(db),
    mailer,
    link: (p) => site.link(p),
    policy: { maxMs: config.sessionMaxMs, idleMs: config.sessionIdleMs },
    memberships: directory,
    live,
    tickets,
    audit,
    signInRatePerMinute: config.signInRatePerMinute,
    ticketRatePerMinute: config.ticketRatePerMinute,
    admins,
  })
  const { accounts, sessionSweep } = auth
  const workspaces = workspacesFeature({
    directory,
    accounts,
    resets: auth.resets,
    live,
    audit,
    link: (p) => site.link(p),
    inviteRatePerMinute: config.signInRatePerMinute,
    reserved: (email) => reservedEmail(email, { emails: config.adminEmails, ownerEmail: config.ownerEmail }),
  })
  const auditing = auditFeature({ audit, emailOf: (id) => accounts.user(id)?.email ?? null })

  // Documents and what is derived from them.
  const docs = docsFeature({ store, registry, directory })
  const hub = hubFeature({
    store: new SqliteHubStore(db),
    deleted: new SqliteDeletedPages(db),
    documents: store,
    registry,
    directory,
    renderings: docs.renderings,
    log: app.log,
    retentionDays: config.deletedRetentionDays,
    initialisers: [initialiseMlBlocks],
    blockKinds: mlBlockKinds,
  })
  // Approvals are ML's records (sign-offs, ship decisions) and the done-gate's (overrides): built
  // once here and given to both, so neither feature imports the other.
  const approvals = new SqliteApprovalStore(db)
  const tasks = tasksFeature({ tasks: new SqliteTaskStore(db), store, registry, hub: hub.store, directory, approvals, bus, log: app.log })
  const ml = mlFeature({ registry, hub: hub.store, tasks: tasks.views, approvals })
  const search = searchFeature({ db, store, registry, hub: hub.store, directory, bus, log: app.log, nameOf: (id) => accounts.user(id)?.name ?? null })
  const webhooks = webhooksFeature({
    store: openWebhookStore(db, config, app.log),
    config,
    log: app.log,
    bus,
    tasks: tasks.store,
    directory,
    audit,
    options: deps.webhookOptions,
  })
  // Imports write pages on someone's behalf; what their commits would notify is dropped.
  const quiet = new QuietWrites()
  const inbox = inboxFeature({
    quiet,
    store: new SqliteInboxStore(db),
    directory,
    hub: hub.store,
    tasks: tasks.store,
    views: tasks.views,
    bus,
    queueMail: (mail, now) => void mailer.queue(mail, now),
    emailOf: (id) => accounts.user(id)?.email ?? null,
    nameOf: (id) => (id ? (accounts.user(id)?.name ?? systemUserName(id) ?? 'Former member') : 'Someone'),
    link: (p) => site.link(p),
    log: app.log,
    now: deps.now,
  })
  const stream = streamFeature({ bus, directory, live, limits: config.limits })
  const historyStore = new SqliteHistoryStore(db)
  const history = historyFeature({
    history: historyStore,
    store,
    registry,
    nameOf: (id) => accounts.user(id)?.name ?? systemUserName(id),
    titleOf: (id) => directory.docTitle(id),
    workspaceExists: (id) => directory.workspace(id) !== null,
    bursts: { idleMs: config.historyIdleMs, maxSpanMs: config.historyMaxSpanMs, maxUpdates: config.historyMaxUpdates },
    ratePerMinute: config.historyRatePerMinute,
    heavyRatePerMinute: config.historyHeavyRatePerMinute,
    log: app.log,
  })
  // Before the features that store files (imports) or read them (export, backup).
  const attachments = attachmentsFeature({ db, databaseFile: config.databaseFile, log: app.log })
  const imports = importFeature({
    quiet,
    store: new SqliteImportStore(db),
    attachments: attachments.service,
    pages: hub.pages,
    trash: hub.trash,
    hub: hub.store,
    registry,
    projectName: (id) => directory.project(id)?.name ?? null,
    membersOf: (id) => directory.projectMembers(id).map((m) => ({ id: m.userId, email: m.email, name: m.name })),
    audit,
    workspaceOf: (id) => directory.project(id)?.workspaceId ?? null,
    log: app.log,
    ratePerMinute: config.importRatePerMinute,
    heavyRatePerMinute: config.importHeavyRatePerMinute,
  })
  const comments = commentsFeature({
    db,
    bus,
    projectOf: (id) => directory.docOwner(id)?.projectId ?? null,
    isMember: (projectId, userId) => directory.roleInProject(projectId, userId) !== null,
    nameOf: (id) => accounts.user(id)?.name ?? 'Former member',
    // The document is open in the commenter's editor, so its room is usually loaded already.
    blockOf: (docId, anchor) => blockIdAt(registry.readCommitted(docId), anchor),
  })
  const backup = backupFeature({
    db,
    databaseFile: config.databaseFile,
    config: config.backup,
    workspaceExists: (id) => directory.workspace(id) !== null,
    audit,
    log: app.log,
    version: VERSION,
  })
  const exporting = exportFeature({
    exports: new SqliteExportStore(db),
    registry,
    store,
    hub: hub.store,
    tasks: tasks.store,
    directory,
    attachments: attachments.service,
    ratePerMinute: config.exportRatePerMinute,
  })

  // Run order of document extensions and of route registration: the hub's rows come before the
  // task index (which reads them); history only reads, after both; the inbox after the task index
  // (a 'tasks.changed' of a commit asks the inbox who made it); the rest have no order between them.
  const features: Feature[] = [
    auth,
    auditing,
    workspaces,
    docs,
    hub,
    tasks,
    history,
    inbox,
    ml,
    search,
    webhooks,
    stream,
    attachments,
    comments,
    exporting,
    imports,
    backup,
  ]
  for (const feature of features) if (feature.extension) registry.use(feature.extension)

  const first = bootstrap(config, { store, accounts, directory, registry, pages: hub.pages, hub: hub.store, owner: instanceOwner })
  app.decorate('store', store)
  app.decorate('registry', registry)
  app.decorate('accounts', accounts)
  app.decorate('directory', directory)
  app.decorate('live', live)
  app.decorate('audit', audit)
  app.decorate('sessionSweep', sessionSweep)
  app.decorate('hub', hub.store)
  app.decorate('tasks', tasks.store)
  app.decorate('webhooks', webhooks.store)
  app.decorate('purger', hub.purger)
  app.decorate('indexer', tasks.indexer)
  app.decorate('fullText', search)
  app.decorate('bus', bus)
  app.decorate('history', historyStore)
  app.decorate('mailer', mailer)
  app.decorate('backups', backup.backups)
  app.decorate('attachments', attachments.service)
  app.decorate('exporting', exporting.service)
  app.decorate('inbox', inbox.store)
  app.decorate('inboxDigests', inbox.digests)
  app.decorate('signInSecret', first?.signInSecret ?? null)

  installErrorHandler(app)
  await app.register(jsonBody)
  await app.register(securityHeaders)
  // Right after the security headers (which only set headers), before cookies, principals, rate
  // limits and routes: a request for a Host that is not ours, or a cross-site write, stops here.
  await app.register(boundary, { site })
  await app.register(fastifyRateLimit, { global: false })
  await app.register(access, {
    accounts,
    directory,
    taskDoc: (id) => tasks.store.owner(id)?.docId ?? null,
    attachmentProject: (id) => attachments.service.projectOf(id),
    admins,
  })
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
  await app.register(healthRoutes, { registry, admins, version: VERSION })
  for (const feature of features) if (feature.routes) await app.register(feature.routes)
  await app.register(appShell, { staticDir: config.staticDir })

  app.addHook('preClose', async () => {
    live.endStreams('server shutting down')
  })
  // Timers last, once nothing above can throw: the purge (at once, then hourly), the session sweep.
  for (const feature of features) feature.start?.()
  app.addHook('onClose', async () => {
    // Features stop in reverse order (webhooks' in-flight deliveries settle) while the database is open.
    for (const feature of [...features].reverse()) await feature.close?.()
    registry.flushExtensions()
    store.close()
    if (db.open) db.close()
    released()
  })
  return app
}
