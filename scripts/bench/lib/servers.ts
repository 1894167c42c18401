/**
 * Servers under test. Each runs as its own child process on 127.0.0.1 so its CPU and memory can be
 * read from /proc and it never shares an event loop with the load generator. A peer server plugs
 * in by implementing `ServerUnderTest`.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { sleep } from './util.ts'

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..')

/**
 * How clients address a document: `y-websocket` = one socket per document at `${wsBase}/<docId>`
 * (Keel, the reference); `hocuspocus` = any path, every message prefixed with the document name.
 */
export type Dialect = 'y-websocket' | 'hocuspocus'

export interface RunningServer {
  /** ws://127.0.0.1:<port>/collab : documents live at `${wsBase}/<docId>` (y-websocket dialect). */
  wsBase: string
  dialect: Dialect
  /** Headers for every WebSocket upgrade (Keel: the fixture owner's session cookie). */
  headers: Record<string, string>
  httpBase: string
  pid: number
  /** Folder holding the server's data, kept across a restart when passed to `start` again. */
  dataDir: string | null
  /** Graceful stop (SIGTERM, then SIGKILL after 5 s). Idempotent. */
  stop(): Promise<void>
}

export interface StartOptions {
  /** Reuse this data folder (a restart). Otherwise a temporary one is made and removed on stop. */
  dataDir?: string
  /** Extra environment for the child process. */
  env?: Record<string, string>
  /** Documents the scenario will use: servers that require them to exist (Keel) create them first. */
  docs?: readonly string[]
}

export interface ServerUnderTest {
  name: string
  /** One line for the report: what "stored" means for this server. */
  persistence: string
  /** Survives a restart (cold-load applies). */
  persistent: boolean
  /** Sends Keel's Ack message (type 100) to clients connecting with `?keel=1`. */
  acks: boolean
  /** Short qualifier for figures that count "stored" when the server does not say so (no acks). */
  storedNote: string
  /** A floor, not a peer (peers/relay-server.ts): shown, never the "best peer", opt-in only. */
  floor?: boolean
  start(options?: StartOptions): Promise<RunningServer>
}

/** A free TCP port on loopback (tiny race between close and the child's listen; fine here). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo
      srv.close(() => resolve(port))
    })
  })
}

/**
 * Load figures as the server reports them: Keel's are at /api/health/details for an instance
 * administrator (the fixture owner's cookie is in `headers`; KEEL_ADMIN_EMAILS names it), older Keel checkouts and the peers answer on
 * /api/health (the reference says `docs` for rooms).
 */
export async function serverHealth(server: RunningServer): Promise<{ rooms?: number; connections?: number }> {
  const details = await fetch(`${server.httpBase}/api/health/details`, { headers: server.headers })
  // Hocuspocus answers any other path with a plain-text welcome page.
  const res = details.ok && (details.headers.get('content-type') ?? '').includes('json') ? details : await fetch(`${server.httpBase}/api/health`)
  const health = (await res.json()) as { rooms?: number; docs?: number; connections?: number }
  return { ...health, rooms: health.rooms ?? health.docs }
}

/** Starts `node --import tsx <entry>` and waits (bounded) until GET /api/health answers 200. */
async function spawnServer(
  cwd: string,
  entry: string,
  env: Record<string, string>,
  dataDir: string | null,
  ownsDataDir: boolean,
  client: { dialect: Dialect; headers?: Record<string, string>; wsPath?: string },
  nodeArgs: readonly string[] = [],
): Promise<RunningServer> {
  const port = await freePort()
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', entry], {
    cwd,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let stderr = ''
  child.stderr!.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000)
  })
  let exited = false
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true
      resolve()
    }),
  )
  const httpBase = `http://127.0.0.1:${port}`
  const deadline = performance.now() + 20_000
  const startFailed = async (message: string): Promise<never> => {
    if (!exited) {
      child.kill('SIGKILL')
      await exit
    }
    if (ownsDataDir && dataDir) fs.rmSync(dataDir, { recursive: true, force: true })
    throw new Error(message)
  }
  for (;;) {
    if (exited) await startFailed(`${entry} exited during start-up:\n${stderr}`)
    if (performance.now() > deadline) await startFailed(`${entry} did not become healthy within 20 s:\n${stderr}`)
    try {
      const res = await fetch(`${httpBase}/api/health`)
      if (res.ok) break
    } catch {
      // not listening yet
    }
    await sleep(25)
  }
  let stopped: Promise<void> | null = null
  return {
    wsBase: `ws://127.0.0.1:${port}${client.wsPath ?? '/collab'}`,
    dialect: client.dialect,
    headers: client.headers ?? {},
    httpBase,
    pid: child.pid!,
    dataDir,
    stop: () =>
      (stopped ??= (async () => {
        if (!exited) {
          child.kill('SIGTERM')
          const killer = setTimeout(() => child.kill('SIGKILL'), 5_000)
          await exit
          clearTimeout(killer)
        }
        if (ownsDataDir && dataDir) fs.rmSync(dataDir, { recursive: true, force: true })
      })()),
  }
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix))
}

/** Checkout whose server/index.ts is benchmarked (`--keel-root <dir>`); default this repository. */
export const keelSource = { root: repoRoot }

/** Extra environment for every Keel process (`--keel-env KEY=VALUE`), e.g. KEEL_SYNC=normal. */
export const keelEnv: Record<string, string> = {}

/** Extra node arguments for every Keel process (`--keel-node-arg`), e.g. --cpu-prof (not allowed in NODE_OPTIONS). */
export const keelNodeArgs: string[] = []

interface FixtureLike {
  owner: { cookie: string }
  ensureDoc(docId: string): string
  close(): void
}

/**
 * Writes what a signed-in browser would have into Keel's data folder BEFORE the server starts (as
 * server/test/child-server.ts does, so the server skips its first-start bootstrap): the test
 * Fixture's workspace, project and owner with a fresh session, and every document the scenario
 * uses, attached to that project. Returns the session cookie. Loaded from the checkout under test
 * (`--keel-root`); a checkout without server/test/fixtures.ts (before accounts) gets no cookie.
 */
async function prepareKeelData(root: string, dataDir: string, docs: readonly string[]): Promise<string | null> {
  const fixtureFile = path.join(root, 'server', 'test', 'fixtures.ts')
  if (!fs.existsSync(fixtureFile)) return null
  const { Fixture } = (await import(pathToFileURL(fixtureFile).href)) as { Fixture: new (db: unknown) => FixtureLike }
  const { openDatabase } = (await import(pathToFileURL(path.join(root, 'server', 'db', 'open.ts')).href)) as {
    openDatabase: (file: string, options: { synchronous: 'normal' }) => unknown
  }
  const fixture = new Fixture(openDatabase(path.join(dataDir, 'keel.db'), { synchronous: 'normal' }))
  try {
    for (const docId of docs) fixture.ensureDoc(docId)
    return fixture.owner.cookie
  } finally {
    // Closed before the server opens the file: the load generator holds no connection to it.
    fixture.close()
  }
}

/** Keel itself: server/index.ts with a fresh SQLite folder, default durability (synchronous=FULL). */
export const keel: ServerUnderTest = {
  name: 'keel',
  persistence: 'SQLite WAL, synchronous=FULL, group commit before broadcast/ack; every socket signs in with a session cookie',
  persistent: true,
  acks: true,
  storedNote: '',
  async start({ dataDir, env = {}, docs = [] } = {}) {
    const dir = dataDir ?? tempDir('keel-bench-')
    let cookie: string | null
    try {
      cookie = await prepareKeelData(keelSource.root, dir, docs)
    } catch (err) {
      if (dataDir === undefined) fs.rmSync(dir, { recursive: true, force: true })
      throw err
    }
    return spawnServer(
      keelSource.root,
      'server/index.ts',
      {
        KEEL_DATA_DIR: dir,
        KEEL_SEED: 'false',
        KEEL_LOG_LEVEL: 'warn',
        KEEL_STATIC_DIR: '/nonexistent',
        // Every bench socket signs in as the one fixture owner: lift the per-user socket cap.
        KEEL_MAX_SOCKETS_PER_USER: '1000000',
        // The load figures (/api/health/details) are an instance administrator's: make the fixture owner one.
        KEEL_ADMIN_EMAILS: 'owner@fixture.keel.test',
        ...keelEnv,
        ...env,
      },
      dir,
      dataDir === undefined,
      { dialect: 'y-websocket', headers: cookie ? { cookie } : {} },
      keelNodeArgs,
    )
  },
}

/** The comparison point: a minimal y-websocket server (y-protocols + ws + lib0), memory only. */
export const reference: ServerUnderTest = {
  name: 'reference',
  persistence: 'reference (y-protocols, in-memory): none, nothing survives a restart',
  persistent: false,
  acks: false,
  storedNote: 'not durable',
  start({ env = {} } = {}) {
    return spawnServer(repoRoot, 'scripts/bench/peers/reference-server.ts', env, null, false, { dialect: 'y-websocket' })
  },
}

/** Hocuspocus 4.7 with its SQLite extension (peers/hocuspocus-server.ts), no auth hooks. */
export const hocuspocus: ServerUnderTest = {
  name: 'hocuspocus',
  persistence:
    '@hocuspocus/server 4.7.0 + extension-sqlite (better-sqlite3, default pragmas): whole-document upsert on a debounce ' +
    '(2 s after the last change, at most 10 s; at once when the last client leaves or on shutdown), no acks, no auth hooks',
  persistent: true,
  acks: false,
  storedNote: 'not durable: stored ≤10 s later',
  start({ dataDir, env = {} } = {}) {
    const dir = dataDir ?? tempDir('hocuspocus-bench-')
    return spawnServer(
      repoRoot,
      'scripts/bench/peers/hocuspocus-server.ts',
      { HOCUSPOCUS_DB: path.join(dir, 'hocuspocus.sqlite'), ...env },
      dir,
      dataDir === undefined,
      { dialect: 'hocuspocus', wsPath: '' },
    )
  },
}

/** The floor for delivery latency (peers/relay-server.ts): forwards bytes, keeps nothing. */
export const relay: ServerUnderTest = {
  name: 'relay',
  persistence: 'relay (floor): keeps nothing; forwards each update to the other sockets unread',
  persistent: false,
  acks: false,
  storedNote: 'not stored',
  floor: true,
  start({ env = {} } = {}) {
    return spawnServer(repoRoot, 'scripts/bench/peers/relay-server.ts', env, null, false, { dialect: 'y-websocket' })
  },
}

/** The default run. */
export const allServers: ServerUnderTest[] = [keel, reference, hocuspocus]
/** Only when named with --servers. */
export const optionalServers: ServerUnderTest[] = [relay]
