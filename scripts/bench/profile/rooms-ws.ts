/**
 * Fan-out and many-rooms on a Keel server in a child process (serve.ts), for A/B rounds on a busy
 * machine: D documents with S sockets each (the first writes stamped updates `{ s, t }` into a
 * Y.Map, as the bench's fanout and many-rooms do; the other S-1 time each stamp's receipt), R
 * updates/s in all, for T seconds. Prints, per server root and round, latency p50/p99 from write
 * to receipt and the SERVER's CPU per update and per delivery (the child's own process.cpuUsage:
 * the load generator's CPU never counts, and other load on the machine does not stretch it).
 * The roots in KEELS (comma-separated checkouts, default this one) alternate within each round.
 *
 *   fan-out N=100:  KEELS=/tmp/keel-base,. ROUNDS=4 node --import tsx scripts/bench/profile/rooms-ws.ts 1 101 50 3
 *   many rooms:     KEELS=/tmp/keel-base,. ROUNDS=4 node --import tsx scripts/bench/profile/rooms-ws.ts 200 5 1000 3
 *   PROF=/tmp/dir   also writes a CPU profile of each measured window (summarize.ts reads it).
 *   ACKS=1          writers ask for Keel's acks (?keel=1), as Keel's own client does.
 */
import { type ChildProcess, fork } from 'node:child_process'
import path from 'node:path'
import WebSocket from 'ws'
import * as Y from 'yjs'
import { decodeFrame, emptyStep1Frame, syncUpdateFrame } from '../lib/client.ts'
import { stampsOf } from '../lib/stamps.ts'

const [D, S, RATE, SECONDS] = [200, 5, 1000, 3].map((d, i) => Number(process.argv[2 + i] ?? d)) as [number, number, number, number]
const roots = (process.env.KEELS ?? '.').split(',').map((r) => path.resolve(r))
const ROUNDS = Number(process.env.ROUNDS ?? 3)
const here = import.meta.dirname

const ask = <T>(child: ChildProcess, msg: object): Promise<T> =>
  new Promise((resolve) => {
    child.once('message', (m) => resolve(m as T))
    child.send(msg)
  })

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))
const q = (xs: number[], p: number): number => xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!

async function round(root: string, label: string): Promise<{ p50: number; p99: number; cpuPerUpdate: number; cpuPerDelivery: number }> {
  const docIds = Array.from({ length: D }, (_, i) => `rw-${i}-${Date.now()}`)
  const child = fork(path.join(here, 'serve.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, KEEL_ROOT: root, DOCS: docIds.join(',') },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const { port, cookie } = await new Promise<{ port: number; cookie: string }>((r) => child.once('message', (m) => r(m as never)))
  const perDoc = Math.ceil((RATE / D) * SECONDS)
  const latencies: number[] = []
  let deliveries = 0
  let synced = 0
  const sockets: WebSocket[][] = []
  for (let d = 0; d < D; d++) {
    const row: WebSocket[] = []
    for (let s = 0; s < S; s++) {
      const writer = s === 0
      const ws = new WebSocket(`ws://127.0.0.1:${port}/collab/${docIds[d]}${writer && process.env.ACKS ? '?keel=1' : ''}`, {
        headers: { cookie },
        perMessageDeflate: false,
      })
      ws.binaryType = 'nodebuffer'
      ws.on('error', (err) => console.log(`  socket error: ${err.message}`))
      ws.on('close', (code) => code !== 1005 && code !== 1006 && console.log(`  socket closed ${code}`))
      ws.on('message', (data: Buffer) => {
        const at = performance.now()
        const e = decodeFrame(new Uint8Array(data.buffer, data.byteOffset, data.byteLength))
        if (e.kind !== 'update') return
        if (e.step2) return void synced++
        if (writer) return
        for (const stamp of stampsOf(e.update)) {
          latencies.push(at - stamp.t)
          deliveries++
        }
      })
      row.push(ws)
    }
    sockets.push(row)
    await Promise.all(row.map((ws) => new Promise((r) => ws.once('open', r))))
    for (const ws of row) ws.send(emptyStep1Frame())
  }
  while (synced < D * S) await sleep(5)
  const maps = sockets.map((row) => {
    const doc = new Y.Doc()
    doc.on('update', (u: Uint8Array) => row[0]!.send(syncUpdateFrame(u)))
    return doc.getMap('stamp')
  })
  await sleep(300)
  if (process.env.PROF) await ask(child, { cmd: 'prof-start' })
  const before = await ask<{ cpuUs: number; sysUs: number; stats: { commits: number } }>(child, { cmd: 'cpu' })
  const t0 = performance.now()
  // Updates spread evenly over time and documents, as the bench's many-rooms does.
  const total = perDoc * D
  for (let k = 0; k < total; k++) {
    const due = t0 + (k * 1000) / RATE
    const wait = due - performance.now()
    if (wait > 1) await sleep(wait)
    maps[k % D]!.set('t', { s: k, t: performance.now() })
  }
  const expected = total * (S - 1)
  for (let i = 0; i < 3000 && deliveries < expected; i++) await sleep(5)
  const after = await ask<{ cpuUs: number; sysUs: number; stats: { commits: number } }>(child, { cmd: 'cpu' })
  if (process.env.PROF) await ask(child, { cmd: 'prof-stop', file: path.join(process.env.PROF, `${label}.cpuprofile`) })
  for (const row of sockets) for (const ws of row) ws.terminate()
  await new Promise((r) => {
    child.once('exit', r)
    child.send({ cmd: 'exit' })
  })
  if (deliveries < expected) console.log(`  ${label}: only ${deliveries}/${expected} delivered`)
  latencies.sort((a, b) => a - b)
  const cpuUs = after.cpuUs - before.cpuUs
  return {
    p50: q(latencies, 50),
    p99: q(latencies, 99),
    cpuPerUpdate: cpuUs / total,
    cpuPerDelivery: cpuUs / Math.max(1, deliveries),
    commits: after.stats.commits - before.stats.commits,
    sysShare: (after.sysUs - before.sysUs) / cpuUs,
  } as never
}

const results = new Map<string, { p50: number; p99: number; cpuPerUpdate: number; cpuPerDelivery: number }[]>()
console.log(`D=${D} S=${S} rate=${RATE}/s for ${SECONDS} s; ${ROUNDS} rounds alternating ${roots.join(' | ')}`)
for (let r = 0; r < ROUNDS; r++) {
  // Alternate which root goes first, so neither always runs on a warmer (or busier) machine.
  const order = r % 2 === 0 ? roots : [...roots].reverse()
  for (const root of order) {
    const res = await round(root, `${path.basename(root)}-r${r}`)
    const load = (await import('node:os')).loadavg()[0]!.toFixed(1)
    console.log(
      `  r${r} ${root}: p50 ${res.p50.toFixed(2)} p99 ${res.p99.toFixed(2)} ms; server CPU ${res.cpuPerUpdate.toFixed(0)} µs/update, ` +
        `${res.cpuPerDelivery.toFixed(1)} µs/delivery, ${(res as unknown as { commits: number }).commits} commits, ${Math.round((res as unknown as { sysShare: number }).sysShare * 100)} % system (load ${load})`,
    )
    results.set(root, [...(results.get(root) ?? []), res])
  }
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
for (const [root, rs] of results) {
  console.log(
    `median ${root}: p50 ${median(rs.map((x) => x.p50)).toFixed(2)} p99 ${median(rs.map((x) => x.p99)).toFixed(2)} ms; ` +
      `${median(rs.map((x) => x.cpuPerUpdate)).toFixed(0)} µs/update, ${median(rs.map((x) => x.cpuPerDelivery)).toFixed(1)} µs/delivery`,
  )
}
