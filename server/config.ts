import path from 'node:path'
import { URL } from 'node:url'
import { z } from 'zod'
import { BACKUP_LIMITS, type Limits, limits } from '#shared/limits'
import { BACKUP_METHODS } from '#shared/api/backup'
import { decodeSecretKey } from './crypto/secret-key.ts'

/** A comma list of http(s) origins (scheme, host, port; no path), normalised the way browsers send Origin. */
function originList(name: string) {
  return (value: string, ctx: z.RefinementCtx): string[] => {
    const out: string[] = []
    for (const item of value
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean)) {
      const url = URL.canParse(item) ? new URL(item) : null
      if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password || url.search || url.hash || url.pathname !== '/') {
        ctx.addIssue({ code: 'custom', message: `${name}: "${item}" is not an http(s) origin like https://keel.example.com` })
        continue
      }
      out.push(url.origin)
    }
    return out
  }
}

/** A comma list of emails, lower-cased (accounts' emails compare case-insensitively: COLLATE NOCASE). */
function emailList(name: string) {
  return (value: string, ctx: z.RefinementCtx): string[] => {
    const items = value
      .split(',')
      .map((e) => e.trim())
      .filter(Boolean)
    for (const item of items) if (!z.string().email().safeParse(item).success) ctx.addIssue({ code: 'custom', message: `${name}: "${item}" is not an email` })
    return [...new Set(items.map((e) => e.toLowerCase()))]
  }
}

/**
 * Every environment variable Keel reads, parsed once at start-up. An invalid value stops the
 * process with a message naming the variable, instead of surfacing as a strange failure later.
 */
const Env = z.object({
  /** TCP port of the one HTTP + WebSocket server. Default 3000; 0 picks a free port. */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Interface to listen on. Default 127.0.0.1 (local only); 0.0.0.0 to serve a network. */
  HOST: z.string().min(1).default('127.0.0.1'),
  /** Folder holding the SQLite file `keel.db` (created if missing). Default ./data. */
  KEEL_DATA_DIR: z.string().min(1).default('./data'),
  /** `full` (default) fsyncs every group commit; `normal` survives crashes but not power loss. */
  KEEL_SYNC: z.enum(['full', 'normal']).default('full'),
  /**
   * SQLite page cache in KiB (per connection). Default 16000, better-sqlite3's own default, now
   * explicit: it fills as the file's working set grows, and shows up as RSS until it is full.
   */
  KEEL_SQLITE_CACHE_KIB: z.coerce.number().int().min(256).max(1_048_576).default(16_000),
  /** Milliseconds a document with nobody connected stays loaded. Default 30000. */
  KEEL_UNLOAD_DELAY_MS: z.coerce.number().int().min(0).default(30_000),
  /** Compact a document's log after this many updates. Default 500. */
  KEEL_COMPACT_EVERY: z.coerce.number().int().min(1).default(500),
  /** Group-commit window in ms; 0 (default) commits on the next event-loop turn. */
  KEEL_COMMIT_WINDOW_MS: z.coerce.number().int().min(0).max(100).default(0),
  /** Seed the demo document on first start. Default true. */
  KEEL_SEED: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  /** Log level (pino): fatal, error, warn, info, debug, trace, silent. Default info. */
  KEEL_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /**
   * Extra origins allowed to open sync sockets and make cookie-authenticated writes, comma
   * separated (same-origin is always allowed). `npm run dev` adds Vite's. Default none.
   */
  KEEL_ALLOWED_ORIGINS: z.string().default('').transform(originList('KEEL_ALLOWED_ORIGINS')),
  /**
   * The address users open, e.g. https://keel.example.com (comma list for several names; the
   * first builds links). Requests for any other Host are refused (DNS rebinding); https here
   * makes the session cookie Secure. Default none: http://localhost:<port> and loopback only.
   */
  KEEL_PUBLIC_URL: z.string().default('').transform(originList('KEEL_PUBLIC_URL')),
  /**
   * Proxies whose X-Forwarded-Proto/-Host/-For are believed, comma separated addresses or CIDRs
   * (Fastify's trustProxy). Default none: forwarded headers are ignored.
   */
  KEEL_TRUSTED_PROXIES: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((a) => a.trim())
        .filter(Boolean),
    ),
  /** Email of the owner account created on first start (signs in with a one-time link). */
  KEEL_OWNER_EMAIL: z.string().email().default('owner@keel.local'),
  /**
   * Instance administrators (they alone see and start backups: docs/ROLES.md), comma separated
   * emails, compared case-insensitively. Default none: the first-start owner, by the user id recorded at
   * bootstrap (not by KEEL_OWNER_EMAIL). An invite cannot create an account with a listed email.
   */
  KEEL_ADMIN_EMAILS: z.string().default('').transform(emailList('KEEL_ADMIN_EMAILS')),
  /** Sign-in, sign-in link and invite attempts per minute per address. Default 10. */
  KEEL_SIGN_IN_RATE: z.coerce.number().int().min(1).default(10),
  /** Sync tickets per minute per address. Default 120. */
  KEEL_TICKET_RATE: z.coerce.number().int().min(1).default(120),
  /** Days a session lasts at most from sign-in, however active. Default 30. */
  KEEL_SESSION_MAX_DAYS: z.coerce.number().positive().max(3650).default(30),
  /** Days a session survives unused (measured by its last request). Default 7. */
  KEEL_SESSION_IDLE_DAYS: z.coerce.number().positive().max(3650).default(7),
  /**
   * Sync sockets one user may hold open at once (`limits.maxSocketsPerUser`, 100). Raised only for
   * load tests that connect thousands of sockets as one account.
   */
  KEEL_MAX_SOCKETS_PER_USER: z.coerce.number().int().min(1).default(limits.maxSocketsPerUser),
  /**
   * Days a page deleted for good stays restorable by a workspace owner before the purge job
   * erases it. Default 30; 0 erases it at the next purge run (hourly, and at start).
   */
  KEEL_DELETED_RETENTION_DAYS: z.coerce.number().min(0).max(3650).default(30),
  /**
   * Minutes without edits after which a page's burst of edits closes into a version. Default 5;
   * it also closes when the last editor leaves, on unload and at shutdown.
   */
  KEEL_HISTORY_IDLE_MINUTES: z.coerce.number().positive().max(1440).default(5),
  /** Minutes one version may span at most, however steady the editing. Default 60. */
  KEEL_HISTORY_MAX_SPAN_MINUTES: z.coerce.number().positive().max(1440).default(60),
  /** Updates one version may hold at most. Default 2000. */
  KEEL_HISTORY_MAX_UPDATES: z.coerce.number().int().min(1).default(2000),
  /** Requests per minute per address to each history route (versions, diffs, restores). Default 300. */
  KEEL_HISTORY_RATE: z.coerce.number().int().min(1).default(300),
  /** Requests per minute per address to each heavy history route (diff, state, authors, attribution, restore, Markdown, version content). Default 60. */
  KEEL_HISTORY_HEAVY_RATE: z.coerce.number().int().min(1).default(60),
  /** Minutes between automatic backups of the database (docs/OPERATIONS.md). Default 60; 0 turns the schedule off. */
  KEEL_BACKUP_INTERVAL_MINUTES: z.coerce.number().int().min(0).max(10_080).default(60),
  /** Folder that backups are written into. Default `<KEEL_DATA_DIR>/backups`. */
  KEEL_BACKUP_DIR: z.string().optional(),
  /** Backups kept: the newest of each of the last N hours, days (UTC) and ISO weeks. Defaults 24, 7, 4. */
  KEEL_BACKUP_KEEP_HOURLY: z.coerce.number().int().min(0).max(1000).default(24),
  KEEL_BACKUP_KEEP_DAILY: z.coerce.number().int().min(0).max(1000).default(7),
  KEEL_BACKUP_KEEP_WEEKLY: z.coerce.number().int().min(0).max(1000).default(4),
  /**
   * How the database is copied: `vacuum-into` (default: a reader connection in a worker thread) or
   * `backup-api` (SQLite's online backup, in steps on the server's connection). docs/decisions/0007-backups.md.
   */
  KEEL_BACKUP_METHOD: z.enum(BACKUP_METHODS).default('vacuum-into'),
  /** Requests per minute per address to each export and import route (each reads or writes whole projects). Default 10. */
  KEEL_EXPORT_RATE: z.coerce.number().int().min(1).default(10),
  /** Requests per minute per address to each import route that reads (progress, report, list). Default 300: the wizard polls. */
  KEEL_IMPORT_RATE: z.coerce.number().int().min(1).default(300),
  /** Requests per minute per address to the import upload, run and undo routes. Default 10. */
  KEEL_IMPORT_HEAVY_RATE: z.coerce.number().int().min(1).default(10),
  /** Folder of the built client served at /. Default dist/client; served only if it exists. */
  KEEL_STATIC_DIR: z.string().min(1).default('dist/client'),
  /**
   * Let webhooks reach loopback, private (RFC 1918), CGNAT and unique-local addresses, for
   * receivers on the local network. Default false. Link-local (cloud metadata) never is.
   */
  KEEL_WEBHOOK_ALLOW_PRIVATE: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  /**
   * Key sealing stored secrets (webhook signing keys): 32 bytes as 64 hex digits or base64.
   * Unset: a key file `keel-secret.key` is made in the data folder on first start.
   */
  KEEL_SECRET_KEY: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return null
      const key = decodeSecretKey(v)
      if (!key) ctx.addIssue({ code: 'custom', message: 'must be 32 bytes as 64 hex digits or base64 (openssl rand -base64 32)' })
      return key
    }),
})

export interface Config {
  port: number
  host: string
  /** Path of the SQLite file, or ':memory:'. */
  databaseFile: string
  sync: 'full' | 'normal'
  /** SQLite page cache, KiB. */
  sqliteCacheKiB: number
  unloadDelayMs: number
  compactEveryUpdates: number
  compactEveryBytes: number
  commitWindowMs: number
  seed: boolean
  logLevel: z.infer<typeof Env>['KEEL_LOG_LEVEL']
  staticDir: string | null
  /** The shared limits; only tests change them (to reach a limit without megabytes of traffic). */
  limits: Limits
  allowedOrigins: string[]
  /** KEEL_PUBLIC_URL as origins (the first builds links); empty: http://localhost:<port>. */
  publicOrigins: string[]
  /** Addresses/CIDRs whose X-Forwarded-* headers are believed (Fastify trustProxy). */
  trustedProxies: string[]
  ownerEmail: string
  /** KEEL_ADMIN_EMAILS, lower-cased (server/auth/admin.ts); empty: the first-start owner, by id. */
  adminEmails: string[]
  signInRatePerMinute: number
  ticketRatePerMinute: number
  /** Webhooks may target loopback and private networks. */
  webhookAllowPrivate: boolean
  /** KEEL_SECRET_KEY, or null for the key file in the data folder. */
  secretKey: Buffer | null
  /** Absolute and idle session lifetimes, ms. */
  sessionMaxMs: number
  sessionIdleMs: number
  /** Days deleted pages are kept before they are erased. */
  deletedRetentionDays: number
  /** Version bursts: idle close, longest span, most updates (ms, ms, count). */
  historyIdleMs: number
  historyMaxSpanMs: number
  historyMaxUpdates: number
  /** Requests per minute per address to each history route. */
  historyRatePerMinute: number
  /** ...and to each heavy one (a rebuild of a past state or a whole-document diff). */
  historyHeavyRatePerMinute: number
  /** Backups (server/backup/): folder (null: none, an in-memory database), schedule and retention. */
  backup: BackupConfig
  /** Requests per minute per address to each export and import route. */
  exportRatePerMinute: number
  /** Requests per minute per address to each import read route, and to upload, run and undo. */
  importRatePerMinute: number
  importHeavyRatePerMinute: number
}

export interface BackupConfig {
  dir: string | null
  /** 0: no schedule. */
  intervalMinutes: number
  keep: { hourly: number; daily: number; weekly: number }
  method: (typeof BACKUP_METHODS)[number]
  /** "Back up now" requests per minute per address (`BACKUP_LIMITS.runsPerMinute`; tests raise it). */
  runsPerMinute: number
}

const DAY_MS = 24 * 3600 * 1000

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(env)
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')
    throw new Error(`Invalid configuration:\n${issues}`)
  }
  const e = parsed.data
  return {
    port: e.PORT,
    host: e.HOST,
    databaseFile: path.resolve(e.KEEL_DATA_DIR, 'keel.db'),
    sync: e.KEEL_SYNC,
    sqliteCacheKiB: e.KEEL_SQLITE_CACHE_KIB,
    unloadDelayMs: e.KEEL_UNLOAD_DELAY_MS,
    compactEveryUpdates: e.KEEL_COMPACT_EVERY,
    compactEveryBytes: 4 * 1024 * 1024,
    commitWindowMs: e.KEEL_COMMIT_WINDOW_MS,
    seed: e.KEEL_SEED,
    logLevel: e.KEEL_LOG_LEVEL,
    staticDir: path.resolve(e.KEEL_STATIC_DIR),
    limits: { ...limits, maxSocketsPerUser: e.KEEL_MAX_SOCKETS_PER_USER },
    allowedOrigins: e.KEEL_ALLOWED_ORIGINS,
    publicOrigins: e.KEEL_PUBLIC_URL,
    trustedProxies: e.KEEL_TRUSTED_PROXIES,
    ownerEmail: e.KEEL_OWNER_EMAIL,
    adminEmails: e.KEEL_ADMIN_EMAILS,
    signInRatePerMinute: e.KEEL_SIGN_IN_RATE,
    ticketRatePerMinute: e.KEEL_TICKET_RATE,
    webhookAllowPrivate: e.KEEL_WEBHOOK_ALLOW_PRIVATE,
    secretKey: e.KEEL_SECRET_KEY,
    sessionMaxMs: Math.round(e.KEEL_SESSION_MAX_DAYS * DAY_MS),
    sessionIdleMs: Math.round(e.KEEL_SESSION_IDLE_DAYS * DAY_MS),
    deletedRetentionDays: e.KEEL_DELETED_RETENTION_DAYS,
    historyIdleMs: Math.round(e.KEEL_HISTORY_IDLE_MINUTES * 60_000),
    historyMaxSpanMs: Math.round(e.KEEL_HISTORY_MAX_SPAN_MINUTES * 60_000),
    historyMaxUpdates: e.KEEL_HISTORY_MAX_UPDATES,
    historyRatePerMinute: e.KEEL_HISTORY_RATE,
    historyHeavyRatePerMinute: e.KEEL_HISTORY_HEAVY_RATE,
    backup: {
      dir: path.resolve(e.KEEL_BACKUP_DIR || path.join(e.KEEL_DATA_DIR, 'backups')),
      intervalMinutes: e.KEEL_BACKUP_INTERVAL_MINUTES,
      keep: { hourly: e.KEEL_BACKUP_KEEP_HOURLY, daily: e.KEEL_BACKUP_KEEP_DAILY, weekly: e.KEEL_BACKUP_KEEP_WEEKLY },
      method: e.KEEL_BACKUP_METHOD,
      runsPerMinute: BACKUP_LIMITS.runsPerMinute,
    },
    exportRatePerMinute: e.KEEL_EXPORT_RATE,
    importRatePerMinute: e.KEEL_IMPORT_RATE,
    importHeavyRatePerMinute: e.KEEL_IMPORT_HEAVY_RATE,
  }
}

/** A config for tests and benchmarks: everything explicit, nothing read from the environment. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  const ownerEmail = overrides.ownerEmail ?? 'owner@keel.local'
  return {
    port: 0,
    host: '127.0.0.1',
    databaseFile: ':memory:',
    sync: 'normal',
    sqliteCacheKiB: 16_000,
    unloadDelayMs: 30_000,
    compactEveryUpdates: 500,
    compactEveryBytes: 4 * 1024 * 1024,
    commitWindowMs: 0,
    seed: false,
    logLevel: 'silent',
    staticDir: null,
    limits,
    allowedOrigins: [],
    publicOrigins: [],
    trustedProxies: [],
    ownerEmail,
    // As loadConfig without KEEL_ADMIN_EMAILS: the first-start owner, by id (not the test Fixture's owner).
    adminEmails: [],
    signInRatePerMinute: 1000,
    ticketRatePerMinute: 1000,
    webhookAllowPrivate: false,
    secretKey: null,
    sessionMaxMs: 30 * DAY_MS,
    sessionIdleMs: 7 * DAY_MS,
    deletedRetentionDays: 30,
    historyIdleMs: 5 * 60_000,
    historyMaxSpanMs: 60 * 60_000,
    historyMaxUpdates: 2000,
    historyRatePerMinute: 1000,
    historyHeavyRatePerMinute: 1000,
    // No folder and no schedule: a test that backs up names its folder.
    backup: { dir: null, intervalMinutes: 0, keep: { hourly: 24, daily: 7, weekly: 4 }, method: 'vacuum-into', runsPerMinute: 1000 },
    exportRatePerMinute: 1000,
    importRatePerMinute: 1000,
    importHeavyRatePerMinute: 1000,
    ...overrides,
  }
}
