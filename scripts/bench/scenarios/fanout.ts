/**
 * fanout: one document, N subscribers, one writer at a fixed rate. Each update carries its send
 * time (a Y.Map entry `{ s: seq, t: performance.now() }`; writer and subscribers share this process's
 * clock), so every subscriber's receipt of each stamp yields one latency sample.
 *
 * The writer is a stock provider in the server's dialect (y-websocket, or @hocuspocus/provider).
 * Keel's sockets all carry the fixture owner's session cookie. Subscribers are raw protocol sockets (handshake with
 * sync step 1, then decode each update just enough to find the stamp): hundreds of full Y.Docs would
 * make the load generator, not the server, the bottleneck on a small machine.
 */
import { assertOpen, connectProvider, emptyStep1Frame, openRaw, type RawEvent, type RawSocket } from '../lib/client.ts'
import { cpuMeter, rssMiB } from '../lib/proc.ts'
import { percentile } from '../lib/stats.ts'
import type { BenchOptions, RoundContext, RoundResult, Scenario } from '../lib/types.ts'
import { sleep, waitFor } from '../lib/util.ts'
import { DELIVERY_METRICS, stampsOf } from '../lib/stamps.ts'

const RATE = 50 // updates per second

async function runRound(n: number, seconds: number, { sut }: RoundContext): Promise<RoundResult> {
  const docId = `fanout-${n}-${Date.now()}`
  const server = await sut.start({ docs: [docId] })
  const count = RATE * seconds
  const latencies: number[] = []
  const seen: Uint8Array[] = [] // per subscriber: which seqs arrived (duplicates are not counted twice)
  const synced: boolean[] = []
  let deliveries = 0
  let lastReceipt = 0
  const sockets: RawSocket[] = []
  const writer = connectProvider(server, docId)
  try {
    // Connect subscribers in groups of 50 so the handshake storm stays bounded.
    for (let i = 0; i < n; i += 50) {
      const group = Array.from({ length: Math.min(50, n - i) }, (_, k) => i + k)
      const opened = await Promise.all(
        group.map((idx) => {
          seen[idx] = new Uint8Array(count)
          synced[idx] = false
          return openRaw(
            server,
            docId,
            (e: RawEvent, at: number) => {
              if (e.kind !== 'update') return
              if (e.step2) {
                synced[idx] = true
                return
              }
              for (const stamp of stampsOf(e.update)) {
                if (stamp.s >= count || seen[idx]![stamp.s]) continue
                seen[idx]![stamp.s] = 1
                latencies.push(at - stamp.t)
                deliveries++
                lastReceipt = at
              }
            },
            10_000,
          )
        }),
      )
      for (const ws of opened) {
        ws.send(emptyStep1Frame())
        sockets.push(ws)
      }
    }
    await writer.synced(10_000)
    await waitFor(() => synced.every(Boolean) || sockets.some(({ ws }) => ws.readyState !== ws.OPEN), `${n} subscribers to sync`, 20_000)
    assertOpen(sockets, 'fanout subscribers')
    const map = writer.doc.getMap('stamp')
    const cpu = cpuMeter(server.pid)
    const t0 = performance.now()
    for (let s = 0; s < count; s++) {
      const due = t0 + (s * 1000) / RATE
      const wait = due - performance.now()
      if (wait > 0) await sleep(wait)
      map.set('t', { s, t: performance.now() })
    }
    const expected = n * count
    await waitFor(() => deliveries >= expected, `${expected} deliveries`, 15_000).catch(() => {})
    const serverCpuS = cpu()
    const lost = expected - deliveries
    return {
      metrics: {
        p50Ms: percentile(latencies, 50),
        p99Ms: percentile(latencies, 99),
        maxMs: percentile(latencies, 100),
        deliveriesPerSec: deliveries / ((lastReceipt - t0) / 1000),
        lost,
        serverCpuS,
        serverRssMiB: rssMiB(server.pid),
      },
    }
  } finally {
    writer.destroy()
    for (const ws of sockets) ws.terminate()
    await server.stop()
  }
}

export const fanout: Scenario = {
  name: 'fanout',
  floorApplies: true,
  description: `one writer at ${RATE} updates/s, N subscribers; latency from the writer's change to each receipt`,
  cases({ quick }: BenchOptions) {
    // Three servers share the time budget (--quick under 60 s, full under 5 min).
    const seconds = quick ? 1 : 2
    const sizes = quick ? [100] : [10, 100, 500]
    return sizes.map((n) => ({
      label: `N=${n}, ${RATE}/s for ${seconds} s`,
      rounds: quick ? 1 : 3,
      metrics: DELIVERY_METRICS,
      run: (ctx: RoundContext) => runRound(n, seconds, ctx),
    }))
  },
}
