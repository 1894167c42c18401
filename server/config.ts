import path from 'node:path'
import { z } from 'zod'
import { type Limits, limits } from '#shared/limits'

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
  KEEL_SEED: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  /** Log level (pino): fatal, error, warn, info, debug, trace, silent. Default info. */
  KEEL_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /**
   * Extra origins allowed to open sync sockets and make cookie-authenticated writes, comma
   * separated (same-origin is always allowed). `npm run dev` adds Vite's. Default none.
   */
  KEEL_ALLOWED_ORIGINS: z.string().default(''),
  /** Email of the owner account created on first start (signs in with a one-time link). */
  KEEL_OWNER_EMAIL: z.string().email().default('owner@keel.local'),
  /** Sign-in, sign-in link and invite attempts per minute per address. Default 10. */
  KEEL_SIGN_IN_RATE: z.coerce.number().int().min(1).default(10),
  /** Sync tickets per minute per address. Default 120. */
  KEEL_TICKET_RATE: z.coerce.number().int().min(1).default(120),
  /**
   * Days a page deleted for good stays restorable by a workspace owner before the purge job
   * erases it. Default 30; 0 erases it at the next purge run (hourly, and at start).
   */
  KEEL_DELETED_RETENTION_DAYS: z.coerce.number().min(0).max(3650).default(30),
  /** Folder of the built client served at /. Default dist/client; served only if it exists. */
  KEEL_STATIC_DIR: z.string().min(1).default('dist/client'),
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
  ownerEmail: string
  signInRatePerMinute: number
  ticketRatePerMinute: number
  /** Days deleted pages are kept before they are erased. */
  deletedRetentionDays: number
}

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
    limits,
    allowedOrigins: e.KEEL_ALLOWED_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean),
    ownerEmail: e.KEEL_OWNER_EMAIL,
    signInRatePerMinute: e.KEEL_SIGN_IN_RATE,
    ticketRatePerMinute: e.KEEL_TICKET_RATE,
    deletedRetentionDays: e.KEEL_DELETED_RETENTION_DAYS,
  }
}

/** A config for tests and benchmarks: everything explicit, nothing read from the environment. */
export function testConfig(overrides: Partial<Config> = {}): Config {
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
    ownerEmail: 'owner@keel.local',
    signInRatePerMinute: 1000,
    ticketRatePerMinute: 1000,
    deletedRetentionDays: 30,
    ...overrides,
  }
}
