/**
 * The durable write path end to end in one process, for A/B comparisons on a busy machine: the
 * app (from KEEL_ROOT, default this checkout) listens on 127.0.0.1; W writer sockets over D
 * documents (plus one observer each) send pre-made update frames at a fixed total rate; the
 * committer's flush is wrapped to measure its CPU time (process.cpuUsage around the synchronous
 * step: apply, one SQLite transaction, broadcasts and acks). CPU is what the machine's other load
 * does not stretch, unlike wall time.
 *
 *   KEEL_ROOT=/tmp/keel-base node --import tsx scripts/bench/profile/commit-ws.ts [writers=32] [docs=8] [rate=24000] [seconds=3]
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import WebSocket from 'ws'
import * as Y from 'yjs'
import { syncUpdateFrame } from '../lib/client.ts'
import { repoRoot } from '../lib/servers.ts'

const [W, D, RATE, SECONDS] = [32, 8, 24000, 3].map((d, i) => Number(process.argv[2 + i] ?? d)) as [number, number, number, number]
const root = process.env.KEEL_ROOT ?? repoRoot
const imp = async <T>(p: string): Promise<T> => (await import(pathToFileURL(path.join(root, p)).href)) as T
const { buildApp } = await imp<typeof import('../../../server/app.ts')>('server/app.ts')
const { testConfig } = await imp<typeof import('../../../server/config.ts')>('server/config.ts')
const { openDatabase } = await imp<typeof import('../../../server/db/open.ts')>('server/db/open.ts')
const { Fixture } = await imp<typeof import('../../../server/test/fixtures.ts')>('server/test/fixtures.ts')

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keel-commit-ws-'))
const config = testConfig({ databaseFile: path.join(dir, 'keel.db'), sync: process.env.SYNC === 'normal' ? 'normal' : 'full' })
const docIds = Array.from({ length: D }, (_, i) => `cw-${i}`)
const fx = new Fixture(openDatabase(config.databaseFile, { synchronous: 'normal' }))
for (const id of docIds) fx.ensureDoc(id)
const cookie = fx.owner.cookie
fx.close()
const app = await buildApp(config)
await app.listen({ port: 0, host: '127.0.0.1' })
const port = (app.server.address() as import('node:net').AddressInfo).port
const committer = app.registry.committer as unknown as { flush: () => void }
const inner = committer.flush
let flushCpuUs = 0
let flushes = 0
committer.flush = () => {
  const c = process.cpuUsage()
  inner()
  const d = process.cpuUsage(c)
  flushCpuUs += d.user + d.system
  flushes++
}

const open = (docId: string, acks: boolean, onMessage: (data: Buffer) => void): Promise<WebSocket> =>
  new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/collab/${docId}${acks ? '?keel=1' : ''}`, { headers: { cookie }, perMessageDeflate: false })
    ws.on('message', onMessage)
    ws.once('open', () => resolve(ws))
    ws.once('error', reject)
  })
let observed = 0
let acked = 0
const perWriter = Math.ceil((RATE / W) * SECONDS)
const writers: { ws: WebSocket; frames: Uint8Array[]; next: number }[] = []
for (const docId of docIds) await open(docId, false, () => observed++)
for (let i = 0; i < W; i++) {
  const doc = new Y.Doc()
  const frames: Uint8Array[] = []
  doc.on('update', (u: Uint8Array) => frames.push(syncUpdateFrame(u)))
  const text = doc.getText('t')
  for (let k = 0; k < perWriter; k++) text.insert(text.length, 'x')
  writers.push({ ws: await open(docIds[i % D]!, true, (data) => data[0] === 100 && acked++), frames, next: 0 })
}
await new Promise((r) => setTimeout(r, 200))
observed = 0
acked = 0
flushCpuUs = 0
flushes = 0
const cpu0 = process.cpuUsage()
const t0 = performance.now()
const total = perWriter * W
await new Promise<void>((resolve) => {
  const timer = setInterval(() => {
    const due = Math.min(perWriter, Math.floor(((performance.now() - t0) / 1000) * (RATE / W)))
    for (const w of writers) while (w.next < due) w.ws.send(w.frames[w.next++]!)
    if (writers.every((w) => w.next >= perWriter)) {
      clearInterval(timer)
      resolve()
    }
  }, 2)
})
const sentMs = performance.now() - t0
const stats = app.registry.committer.stats
const records0 = stats.records
for (let i = 0; i < 3000 && app.registry.committer.stats.records - records0 + 0 < 0; i++) await new Promise((r) => setTimeout(r, 5))
// Wait until every update is committed and broadcast to its observer.
for (let i = 0; i < 6000 && observed < total; i++) await new Promise((r) => setTimeout(r, 5))
const doneMs = performance.now() - t0
const cpu = process.cpuUsage(cpu0)
console.log(
  `${path.basename(root)} W=${W} D=${D} offered ${Math.round(total / (sentMs / 1000))}/s: all committed+broadcast in ${doneMs.toFixed(0)} ms ` +
    `(${Math.round(total / (doneMs / 1000))}/s), flush CPU ${(flushCpuUs / total).toFixed(1)} µs/update over ${flushes} flushes ` +
    `(${(total / flushes).toFixed(0)} updates each), process CPU ${((cpu.user + cpu.system) / total).toFixed(1)} µs/update; observed ${observed}/${total}`,
)
for (const w of writers) w.ws.terminate()
await app.close()
fs.rmSync(dir, { recursive: true, force: true })
