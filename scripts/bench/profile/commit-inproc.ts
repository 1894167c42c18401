/**
 * The commit path in process, with the real app (RoomRegistry, Committer, SqliteStore,
 * synchronous=FULL, derivers and the task indexer attached): D documents, each commit carrying R
 * updates spread over the documents. Prints the distribution of one flush's duration, which is
 * what a broadcast waits for (commit before broadcast).
 *
 *   node --import tsx scripts/bench/profile/commit-inproc.ts [docs=200] [updatesPerCommit=1] [commits=3000]
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import * as Y from 'yjs'
import { buildApp } from '../../../server/app.ts'
import { testConfig } from '../../../server/config.ts'
import { openDatabase } from '../../../server/db/open.ts'
import { Fixture } from '../../../server/test/fixtures.ts'
import type { Peer } from '../../../server/collab/peer.ts'
import type { Room } from '../../../server/collab/room.ts'

const DOCS = Number(process.argv[2] ?? 200)
const PER_COMMIT = Number(process.argv[3] ?? 1)
const COMMITS = Number(process.argv[4] ?? 3000)
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keel-prof-commit-'))
const config = testConfig({ databaseFile: path.join(dir, 'keel.db'), sync: process.env.SYNC === 'normal' ? 'normal' : 'full' })
const docIds = Array.from({ length: DOCS }, (_, i) => `commit-${i}`)
{
  const fx = new Fixture(openDatabase(config.databaseFile, { synchronous: 'normal' }))
  for (const id of docIds) fx.ensureDoc(id)
  fx.close()
}
const db = openDatabase(config.databaseFile, { synchronous: config.sync })
// AUTOCHECKPOINT=0: no checkpoint on the commit path (to see what checkpoints cost the tail).
if (process.env.AUTOCHECKPOINT) db.pragma(`wal_autocheckpoint = ${Number(process.env.AUTOCHECKPOINT)}`)
const app = await buildApp(config, { db })
let sent = 0
const peers = docIds.map((_, i): Peer => ({
  id: i + 1,
  userId: 'u',
  identity: { id: 'u', name: 'u', color: '#000' },
  send() {
    sent++
  },
  ack() {},
  close() {},
}))
const rooms: Room[] = docIds.map((id, i) => app.registry.join(id, peers[i]!))
// A second peer per room so every commit broadcasts.
docIds.forEach((id, i) => app.registry.join(id, { ...peers[i]!, id: 10_000 + i }))
const docs = docIds.map(() => new Y.Doc())
const pending: Uint8Array[][] = docIds.map(() => [])
docs.forEach((d, i) => d.on('update', (u: Uint8Array) => pending[i]!.push(u)))
const times: number[] = []
const seqs = new Array<number>(DOCS).fill(0)
// Every update made up front, so the timed loop is the server's work only.
const batches: { d: number; u: Uint8Array }[][] = []
for (let c = 0, k = 0; c < COMMITS; c++) {
  const batch: { d: number; u: Uint8Array }[] = []
  for (let r = 0; r < PER_COMMIT; r++, k++) {
    const d = k % DOCS
    docs[d]!.getMap('m').set('t', { s: k, t: 0 })
    for (const u of pending[d]!.splice(0)) batch.push({ d, u })
  }
  batches.push(batch)
}
const t0 = performance.now()
const cpu0 = process.cpuUsage()
for (const batch of batches) {
  for (const { d, u } of batch) app.registry.enqueue(rooms[d]!, peers[d]!, ++seqs[d]!, u)
  const t = performance.now()
  app.registry.committer.flush()
  times.push(performance.now() - t)
  await new Promise((r) => setImmediate(r))
}
const wall = performance.now() - t0
const cpu = process.cpuUsage(cpu0)
const cpuUsPerUpdate = (cpu.user + cpu.system) / (COMMITS * PER_COMMIT)
times.sort((a, b) => a - b)
const q = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]!.toFixed(3)
console.log(
  `docs=${DOCS} updates/commit=${PER_COMMIT} commits=${COMMITS}: flush p50 ${q(50)} p90 ${q(90)} p99 ${q(99)} max ${q(100)} ms; ${((COMMITS * PER_COMMIT) / (wall / 1000)).toFixed(0)} updates/s; CPU ${cpuUsPerUpdate.toFixed(1)} µs per update; broadcasts ${sent}`,
)
await app.close()
fs.rmSync(dir, { recursive: true, force: true })
