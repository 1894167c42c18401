/**
 * many-rooms (scenario 7): 1,000 connections over 200 documents (5 raw sockets each). On every
 * document the first socket writes stamped updates (a Y.Map entry `{ s, t }`, as in fanout) at
 * 5/s, so the server carries 1,000 updates/s spread over 200 rooms and 4,000 deliveries/s; the
 * other 4 sockets of each document time every stamp's receipt. Latency p50/p99/max from the
 * write to each receipt (writer and readers share this process's clock).
 * Each writer keeps a small Y.Doc of its own to produce real updates; readers decode just enough
 * to find the stamps (as fanout does), so the load generator stays cheap.
 */
import * as Y from 'yjs'
import { assertOpen, type RawEvent, type RawSocket, syncUpdateFrame } from '../lib/client.ts'
import { cpuMeter, rssMiB } from '../lib/proc.ts'
import { percentile } from '../lib/stats.ts'
import type { BenchOptions, RoundContext, RoundResult, Scenario } from '../lib/types.ts'
import { sleep, waitFor } from '../lib/util.ts'
import { openDocs } from './idle-docs.ts'
import { DELIVERY_METRICS, stampsOf } from '../lib/stamps.ts'

const DOCS = 200
const PER_DOC = 5
const RATE_PER_DOC = 5

async function runRound(seconds: number, { sut }: RoundContext): Promise<RoundResult> {
  const docIds = Array.from({ length: DOCS }, (_, i) => `rooms-${i}-${Date.now()}`)
  const server = await sut.start({ docs: docIds })
  const count = RATE_PER_DOC * seconds
  const latencies: number[] = []
  // seen[doc][reader][seq]
  const seen = docIds.map(() => Array.from({ length: PER_DOC }, () => new Uint8Array(count)))
  const synced = docIds.map(() => new Array<boolean>(PER_DOC).fill(false))
  let deliveries = 0
  let lastReceipt = 0
  let sockets: RawSocket[][] = []
  try {
    sockets = await openDocs(
      server,
      docIds,
      null,
      (d, r) => (e: RawEvent, at: number) => {
        if (e.kind !== 'update') return
        if (e.step2) {
          synced[d]![r] = true
          return
        }
        if (r === 0) return
        for (const stamp of stampsOf(e.update)) {
          if (stamp.s >= count || seen[d]![r]![stamp.s]) continue
          seen[d]![r]![stamp.s] = 1
          latencies.push(at - stamp.t)
          deliveries++
          lastReceipt = at
        }
      },
      PER_DOC,
    )
    const all = sockets.flat()
    await waitFor(() => synced.every((s) => s.every(Boolean)) || all.some(({ ws }) => ws.readyState !== ws.OPEN), `${all.length} sockets to sync`, 30_000)
    assertOpen(all, 'many-rooms sockets')
    // One writer Y.Doc per document; its updates go out on the document's first socket.
    const writers = docIds.map((_, d) => {
      const doc = new Y.Doc()
      doc.on('update', (u: Uint8Array) => sockets[d]![0]!.send(syncUpdateFrame(u)))
      return doc.getMap('stamp')
    })
    const cpu = cpuMeter(server.pid)
    const t0 = performance.now()
    // Writes are spread evenly: tick k writes document k % DOCS (its stamp k / DOCS).
    const total = count * DOCS
    for (let k = 0; k < total; k++) {
      const due = t0 + (k * 1000) / (RATE_PER_DOC * DOCS)
      const wait = due - performance.now()
      if (wait > 1) await sleep(wait)
      writers[k % DOCS]!.set('t', { s: Math.floor(k / DOCS), t: performance.now() })
    }
    const expected = DOCS * (PER_DOC - 1) * count
    await waitFor(() => deliveries >= expected, `${expected} deliveries`, 15_000).catch(() => {})
    const serverCpuS = cpu()
    writers.forEach((m) => m.doc?.destroy())
    return {
      metrics: {
        p50Ms: percentile(latencies, 50),
        p99Ms: percentile(latencies, 99),
        maxMs: percentile(latencies, 100),
        deliveriesPerSec: deliveries / ((lastReceipt - t0) / 1000),
        lost: expected - deliveries,
        serverCpuS,
        serverRssMiB: rssMiB(server.pid),
      },
    }
  } finally {
    for (const ws of sockets.flat()) ws.terminate()
    await server.stop()
  }
}

export const manyRooms: Scenario = {
  name: 'many-rooms',
  floorApplies: true,
  description: `${DOCS * PER_DOC} connections over ${DOCS} documents, ${RATE_PER_DOC} updates/s per document; latency from write to each receipt`,
  cases({ quick }: BenchOptions) {
    const seconds = quick ? 1 : 2
    return [
      {
        label: `${DOCS * PER_DOC} sockets on ${DOCS} docs, ${RATE_PER_DOC * DOCS} updates/s for ${seconds} s`,
        rounds: quick ? 1 : 3,
        metrics: DELIVERY_METRICS,
        run: (ctx: RoundContext) => runRound(seconds, ctx),
      },
    ]
  },
}
