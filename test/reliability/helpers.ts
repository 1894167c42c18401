import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { startChildServer, type ChildServer } from '../../server/test/child-server.ts'

/** `KEEL_RELIABILITY=full` runs the full sizes (`npm run test:reliability`); otherwise the fast ones. */
export const FULL = process.env.KEEL_RELIABILITY === 'full'
export const size = (fast: number, full: number): number => (FULL ? full : fast)

/** Seeded PRNG (mulberry32): every random choice in these suites can be replayed from its seed. */
export function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
export const pick = <T>(rand: () => number, items: readonly T[]): T => items[Math.floor(rand() * items.length)]!
export const int = (rand: () => number, below: number): number => Math.floor(rand() * below)

/** One stable line per suite: `[reliability] <suite> mode=fast k=v k=v …` (grep `^\[reliability\]`). */
export function figures(suite: string, values: Record<string, string | number | boolean>): void {
  const parts = Object.entries(values).map(([k, v]) => `${k}=${typeof v === 'number' && !Number.isInteger(v) ? v.toFixed(1) : v}`)
  console.log(`[reliability] ${suite} mode=${FULL ? 'full' : 'fast'} ${parts.join(' ')}`)
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

/** Resident set size of a process, in bytes (/proc/<pid>/status VmRSS). */
export function rssOf(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))
  return m ? Number(m[1]) * 1024 : 0
}

/**
 * A process's resident memory split by kind (/proc/<pid>/status, bytes): anonymous (malloc, the
 * JS heap), file-backed (code, mapped files) and shared memory (e.g. SQLite's WAL index). Tells a
 * native leak from pages the kernel may take back.
 */
export function rssKindsOf(pid: number): { anon: number; file: number; shmem: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (name: string): number => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) * 1024
  return { anon: kb('RssAnon'), file: kb('RssFile'), shmem: kb('RssShmem') }
}

/** Open file descriptors of a process (/proc/<pid>/fd). */
export function fdsOf(pid: number): number {
  return fs.readdirSync(`/proc/${pid}/fd`).length
}

/** `PRAGMA integrity_check` of a Keel data folder's database (opened read-write: recovers a WAL). */
export function integrityCheck(dir: string): string {
  const db = new Database(path.join(dir, 'keel.db'))
  try {
    return String(db.pragma('integrity_check', { simple: true }))
  } finally {
    db.close()
  }
}

export interface ProbeSample {
  at: number
  samples: number
  gc: boolean
  rss: number
  heapUsed: number
  /** V8's committed heap: grows with fragmentation even when heapUsed after a GC does not. */
  heapTotal: number
  external: number
  /** V8's committed bytes per heap space (new_space, old_space, large_object_space, …). */
  spaces: Record<string, number>
  loopDelayMaxMs: number
}

/**
 * A child server (the real `server/index.ts`) with the probe preloaded: a GC'd heap figure and
 * the longest event-loop delay, written to a file the test reads. Nothing in production loads it.
 */
export async function startProbedServer(
  env: Record<string, string>,
  port?: number,
): Promise<ChildServer & { probe: () => ProbeSample | null; probeFile: string }> {
  const dir = env.KEEL_DATA_DIR!
  const probeFile = path.join(dir, `probe-${Date.now()}.json`)
  const probePath = path.join(import.meta.dirname, 'probe.mjs')
  const server = await startChildServer(
    {
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --expose-gc --import=${probePath} ${process.env.KEEL_PROBE_NODE_OPTIONS ?? ''}`.trim(),
      KEEL_PROBE_FILE: probeFile,
      ...env,
    },
    port,
  )
  return {
    ...server,
    probeFile,
    probe: () => {
      try {
        return JSON.parse(fs.readFileSync(probeFile, 'utf8')) as ProbeSample
      } catch {
        return null
      }
    },
  }
}

/**
 * A process's memory once it has been idle: waits `idleMs`, asks for a full GC, and returns the
 * sample after the GC'd one. Both waits matter. V8 shrinks the heap it grew under load (young
 * generation, sparse old-space pages) only in a GC that finds the allocation rate low, so a GC
 * right after a burst keeps tens of MiB committed (seen: old space +34 MiB after the malformed
 * barrage with heapUsed back at baseline; after 10 s idle the same GC gives it back). And V8
 * returns the pages a GC freed from a background thread, after the GC'd sample was taken.
 */
export async function settledProbe(
  server: { probe: () => ProbeSample | null; probeFile: string },
  options: { reset?: boolean; idleMs?: number } = {},
): Promise<ProbeSample> {
  await sleep(options.idleMs ?? 10_000)
  await nextProbe(server, { gc: true, reset: options.reset })
  return nextProbe(server)
}

/**
 * The probe's next sample; `gc` asks for a full GC before it (a stable heap and RSS figure),
 * `reset` starts a fresh event-loop-delay window after it.
 */
export async function nextProbe(
  server: { probe: () => ProbeSample | null; probeFile: string },
  options: { gc?: boolean; reset?: boolean } = {},
  timeout = 5000,
): Promise<ProbeSample> {
  if (options.gc) fs.writeFileSync(`${server.probeFile}.gc`, '')
  if (options.reset) fs.writeFileSync(`${server.probeFile}.reset`, '')
  const before = server.probe()?.samples ?? 0
  const deadline = Date.now() + timeout
  for (;;) {
    const s = server.probe()
    if (s && s.samples > before && (!options.gc || s.gc)) return s
    if (Date.now() > deadline) throw new Error('no probe sample')
    await sleep(50)
  }
}

/** True once the child process has exited (killed by a fault point, or crashed). */
export const hasExited = (server: ChildServer): boolean => server.process.exitCode !== null || server.process.signalCode !== null

/** Every `<…>` marker in a text, and the ones that occur more than once. */
export function markersIn(text: string): { all: string[]; unique: Set<string>; duplicated: string[] } {
  const all = text.match(/<[^<>]+>/g) ?? []
  const unique = new Set<string>()
  const duplicated: string[] = []
  for (const m of all) {
    if (unique.has(m)) duplicated.push(m)
    unique.add(m)
  }
  return { all, unique, duplicated }
}

/**
 * Where a process's anonymous resident memory lives (/proc/<pid>/smaps, bytes): glibc's main
 * heap (`[heap]`, brk), glibc's per-thread arenas (anonymous mappings starting on a 64 MiB
 * boundary, the size glibc reserves for each), and every other anonymous mapping (V8's heap
 * pages, large mmap'd buffers). Tells which allocator holds memory that RSS does not give back.
 */
export function anonMapsOf(pid: number): { brk: number; arenas: number; other: number } {
  const out = { brk: 0, arenas: 0, other: 0 }
  let kind: keyof typeof out | null = null
  for (const line of fs.readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
    const head = /^([0-9a-f]+)-[0-9a-f]+ \S+ \S+ \S+ (\d+)\s*(.*)$/.exec(line)
    if (head) {
      const name = head[3]!.trim()
      const anonymous = head[2] === '0' && (name === '' || name === '[heap]')
      kind = !anonymous ? null : name === '[heap]' ? 'brk' : BigInt(`0x${head[1]}`) % (64n << 20n) === 0n ? 'arenas' : 'other'
      continue
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line)
    if (rss && kind) out[kind] += Number(rss[1]) * 1024
  }
  return out
}
