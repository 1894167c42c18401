import { type ChildProcess, spawn } from 'node:child_process'
import net from 'node:net'
import path from 'node:path'
import { openDatabase } from '../db/open.ts'
import { Fixture } from './fixtures.ts'
import { useFixture } from './harness.ts'

const repoRoot = path.resolve(import.meta.dirname, '..', '..')

/** A free TCP port on loopback (bound and released; good enough for tests on one machine). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo
      srv.close(() => resolve(port))
    })
  })
}

export interface ChildServer {
  /** Users, workspace and project written into the server's database before it started. */
  fixture: Fixture
  port: number
  url: string
  wsUrl: string
  process: ChildProcess
  /** SIGKILL: no flush, no goodbye. Resolves once the process is gone. */
  kill: () => Promise<void>
  /** SIGTERM: the graceful path. Resolves with the exit code. */
  stop: () => Promise<number | null>
}

/**
 * The real server entry (`server/index.ts`) in its own process, so a test can SIGKILL it at any
 * moment. `env` adds to the environment (KEEL_DATA_DIR is required).
 */
export async function startChildServer(env: Record<string, string>, port?: number): Promise<ChildServer> {
  const p = port ?? (await freePort())
  const dataDir = env.KEEL_DATA_DIR
  if (!dataDir) throw new Error('startChildServer needs KEEL_DATA_DIR')
  // Written before the server starts, so it finds accounts and skips its first-start bootstrap.
  const fixture = new Fixture(openDatabase(path.join(dataDir, 'keel.db'), { synchronous: 'normal' }))
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    cwd: repoRoot,
    env: { ...process.env, PORT: String(p), KEEL_SEED: 'false', KEEL_LOG_LEVEL: 'warn', KEEL_STATIC_DIR: '/nonexistent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout!.on('data', (d) => (output += d))
  child.stderr!.on('data', (d) => (output += d))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const url = `http://127.0.0.1:${p}`
  const deadline = Date.now() + 20_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output}`)
    try {
      if ((await fetch(`${url}/api/health`)).ok) break
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`server did not start in 20 s:\n${output}`)
    }
    await new Promise((r) => setTimeout(r, 50))
  }
  useFixture(`ws://127.0.0.1:${p}`, fixture)
  return {
    fixture,
    port: p,
    url,
    wsUrl: `ws://127.0.0.1:${p}`,
    process: child,
    kill: async () => {
      child.kill('SIGKILL')
      await exited
    },
    stop: async () => {
      child.kill('SIGTERM')
      return exited
    },
  }
}
