/**
 * backup (Keel only): how long a backup of a large database takes, and what it costs the people
 * typing meanwhile. Builds a database of `--size-mb` (default 200; the issue's figure is 1 GB:
 * `--size-mb 1024`) of real documents, starts the real server (server/index.ts, KEEL_SYNC=full) on
 * it in a child process, and keeps 4 writers typing over WebSockets (50 updates/s each, each on its
 * own document). Per round and per copy method (`KEEL_BACKUP_METHOD`: vacuum-into, backup-api):
 * 3 s idle, then "Back up now" over REST; a writer's ack latency is the time from sending an update
 * to the server's Ack covering it. Prints medians over the rounds of: backup duration (copy,
 * integrity check, checksum), writers' ack p50/p99/max idle and while the backup ran. Then, in this
 * process with no writers (so the machine's other load matters less): the longest the event loop
 * was held while each method backed up, which is what every socket of the server waits for.
 *
 * `--backup-root <dir>` puts the backup folders on another file system (e.g. /dev/shm), to see what
 * the disk shared with the database costs the writers.
 *
 *   node --import tsx scripts/bench/backup.ts [--size-mb 200] [--rounds 3] [--backup-root <dir>]
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import * as Y from 'yjs'
import type { BackupManifest } from '../../shared/api/backup.ts'
import { MessageType } from '../../shared/protocol/index.ts'
import { Backups, type BackupMethod } from '../../server/backup/backups.ts'
import { openDatabase } from '../../server/db/open.ts'
import { SqliteStore } from '../../server/store/sqlite-store.ts'
import { startChildServer } from '../../server/test/child-server.ts'
import { connectClient, type TestClient } from '../../server/test/harness.ts'

const arg = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(`--${name}`)
  return at > 0 ? Number(process.argv[at + 1]) : fallback
}
const sizeMb = arg('size-mb', 200)
const rounds = arg('rounds', 3)
const WRITERS = 4
const RATE_PER_WRITER = 50
const IDLE_MS = 3000

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'keel-bench-backup-'))
const backupRootAt = process.argv.indexOf('--backup-root')
const backupRoot = backupRootAt > 0 ? fs.mkdtempSync(path.join(process.argv[backupRootAt + 1]!, 'keel-bench-backups-')) : root
const dataDir = path.join(root, 'data')

/** `sizeMb` documents of 1 MiB of text each, written through the store as one update per document. */
function build(): void {
  const store = new SqliteStore(openDatabase(path.join(dataDir, 'keel.db'), { synchronous: 'normal' }))
  const words = 'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore'.split(' ')
  for (let i = 0; i < sizeMb; i++) {
    const doc = new Y.Doc()
    let text = ''
    let k = i
    while (text.length < 1024 * 1024) text += `${words[(k = (k * 16807 + 7) % 2147483647) % words.length]} ${k % 1000} `
    doc.getText('text').insert(0, text)
    store.ensure(`bulk-${i}`, Date.now())
    store.append([{ docId: `bulk-${i}`, data: Y.encodeStateAsUpdate(doc), userId: 'bench', at: Date.now() }])
    doc.destroy()
  }
  store.close()
}

/** A writer that records, per update, the ms from its send to the Ack covering it. */
function timedWriter(client: TestClient) {
  const inflight: { seq: number; t: number }[] = []
  const samples: { at: number; ms: number }[] = []
  const original = client.provider.messageHandlers[MessageType.Ack]!
  client.provider.messageHandlers[MessageType.Ack] = (...args: Parameters<typeof original>) => {
    original(...args)
    const now = performance.now()
    while (inflight.length && inflight[0]!.seq <= client.acked()) samples.push({ at: inflight[0]!.t, ms: now - inflight.shift()!.t })
  }
  let n = 0
  return {
    samples,
    type(): void {
      if (!client.provider.wsconnected) return
      const text = client.doc.getText('text')
      text.insert(text.length, `<${n++}>`)
      inflight.push({ seq: client.sent(), t: performance.now() })
    },
  }
}

const quantile = (xs: number[], q: number): number => {
  if (xs.length === 0) return NaN
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!
}
const median = (xs: number[]): number => quantile(xs, 0.5)

interface Round {
  durationMs: number
  mib: number
  idle: { p50: number; p99: number; max: number; n: number }
  during: { p50: number; p99: number; max: number; n: number }
}

async function round(method: string, r: number): Promise<Round> {
  const backups = path.join(backupRoot, `backups-${method}-${r}`)
  const server = await startChildServer({ KEEL_DATA_DIR: dataDir, KEEL_BACKUP_DIR: backups, KEEL_BACKUP_INTERVAL_MINUTES: '0', KEEL_BACKUP_METHOD: method })
  try {
    const clients = Array.from({ length: WRITERS }, (_, i) => connectClient(server.wsUrl, `typing-${i}`, { acks: true }))
    await Promise.all(clients.map((c) => c.synced()))
    const writers = clients.map(timedWriter)
    const typing = setInterval(() => writers.forEach((w) => w.type()), 1000 / RATE_PER_WRITER)
    await new Promise((res) => setTimeout(res, 500)) // warm up
    const idleFrom = performance.now()
    await new Promise((res) => setTimeout(res, IDLE_MS))
    const backupFrom = performance.now()
    const res = await fetch(`${server.url}/api/workspaces/${server.fixture.workspaceId}/backups`, {
      method: 'POST',
      headers: { cookie: server.fixture.owner.cookie, origin: server.url },
    })
    const backupTo = performance.now()
    const manifest = (await res.json()) as BackupManifest
    if (manifest.status !== 'ok') throw new Error(`backup failed: ${res.status} ${JSON.stringify(manifest.error)}`)
    await new Promise((res2) => setTimeout(res2, 300))
    clearInterval(typing)
    clients.forEach((c) => c.destroy())
    const all = writers.flatMap((w) => w.samples)
    const stats = (from: number, to: number) => {
      const xs = all.filter((s) => s.at >= from && s.at < to).map((s) => s.ms)
      return { p50: quantile(xs, 0.5), p99: quantile(xs, 0.99), max: Math.max(...xs), n: xs.length }
    }
    return { durationMs: manifest.durationMs, mib: manifest.bytes / 1024 / 1024, idle: stats(idleFrom, backupFrom), during: stats(backupFrom, backupTo) }
  } finally {
    await server.stop()
    fs.rmSync(backups, { recursive: true, force: true })
  }
}

// The folder goes whatever happens (a 200 MiB database and its copies).
process.on('exit', () => [root, backupRoot].forEach((d) => fs.rmSync(d, { recursive: true, force: true })))
const t0 = performance.now()
build()
const built = fs.statSync(path.join(dataDir, 'keel.db')).size / 1024 / 1024
console.error(`built ${built.toFixed(0)} MiB in ${((performance.now() - t0) / 1000).toFixed(1)} s`)

const methods = ['vacuum-into', 'backup-api']
const results: Record<string, Round[]> = Object.fromEntries(methods.map((m) => [m, []]))
for (let r = 0; r < rounds; r++) {
  // Alternate which method goes first, so neither always gets the warmer page cache.
  for (const method of r % 2 ? [...methods].reverse() : methods) {
    const x = await round(method, r)
    results[method]!.push(x)
    console.error(
      `round ${r + 1} ${method}: ${(x.durationMs / 1000).toFixed(2)} s, ack p99 idle ${x.idle.p99.toFixed(1)} ms, during ${x.during.p99.toFixed(1)} ms (n=${x.during.n})`,
    )
  }
}

/** The event loop's delay while one backup runs in this process: what the server's sockets would wait. */
async function loopHeld(method: BackupMethod, r: number): Promise<{ maxMs: number; p99Ms: number; durationMs: number }> {
  const file = path.join(dataDir, 'keel.db')
  const db = openDatabase(file, { synchronous: 'normal' })
  const quiet = { info: () => {}, error: (_f: object, m: string) => console.error(m) }
  const dir = path.join(backupRoot, `loop-${method}-${r}`)
  const backups = new Backups({ db, databaseFile: file, dir, keep: { hourly: 1, daily: 0, weekly: 0 }, method, log: quiet, version: 'bench' })
  const h = monitorEventLoopDelay({ resolution: 1 })
  h.enable()
  const m = await backups.run('cli')
  h.disable()
  db.close()
  fs.rmSync(dir, { recursive: true, force: true })
  return { maxMs: h.max / 1e6, p99Ms: h.percentile(99) / 1e6, durationMs: m.durationMs }
}
/** The same measure with nothing running, as long as a backup: what this machine's other load costs. */
async function loopIdle(ms: number): Promise<{ maxMs: number; p99Ms: number; durationMs: number }> {
  const h = monitorEventLoopDelay({ resolution: 1 })
  h.enable()
  await new Promise((r) => setTimeout(r, ms))
  h.disable()
  return { maxMs: h.max / 1e6, p99Ms: h.percentile(99) / 1e6, durationMs: ms }
}
const held: Record<string, { maxMs: number; p99Ms: number; durationMs: number }[]> = Object.fromEntries([...methods, 'idle'].map((m) => [m, []]))
for (let r = 0; r < rounds; r++) held.idle!.push(await loopIdle(results['vacuum-into']![r]!.durationMs))
for (let r = 0; r < rounds; r++) for (const method of r % 2 ? [...methods].reverse() : methods) held[method]!.push(await loopHeld(method as BackupMethod, r))

console.log(
  `\nbackup of a ${built.toFixed(0)} MiB database${backupRoot === root ? '' : ` (backups on ${process.argv[backupRootAt + 1]})`}, ${WRITERS} writers × ${RATE_PER_WRITER} updates/s, medians of ${rounds} rounds (${os.cpus().length} CPUs)\n`,
)
console.log('| method | backup s | copy MiB | ack p50 idle | ack p99 idle | ack max idle | ack p50 during | ack p99 during | ack max during |')
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|')
for (const m of methods) {
  const xs = results[m]!
  const f = (pick: (x: Round) => number, digits = 1): string => median(xs.map(pick)).toFixed(digits)
  console.log(
    `| ${m} | ${f((x) => x.durationMs / 1000, 2)} | ${f((x) => x.mib, 0)} | ${f((x) => x.idle.p50)} ms | ${f((x) => x.idle.p99)} ms | ${f((x) => x.idle.max)} ms | ${f((x) => x.during.p50)} ms | ${f((x) => x.during.p99)} ms | ${f((x) => x.during.max)} ms |`,
  )
}
console.log(`\nthe server's event loop during a backup, in process, no writers (medians of ${rounds})\n`)
console.log('| method | backup s | loop delay p99 | loop delay max |')
console.log('|---|---:|---:|---:|')
for (const m of [...methods, 'idle']) {
  const xs = held[m]!
  console.log(
    `| ${m} | ${(median(xs.map((x) => x.durationMs)) / 1000).toFixed(2)} | ${median(xs.map((x) => x.p99Ms)).toFixed(1)} ms | ${median(xs.map((x) => x.maxMs)).toFixed(1)} ms |`,
  )
}
process.exit(0)
