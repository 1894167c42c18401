/**
 * durable-writes: W writers (8, and 32 to find the ceiling) on D documents, each sending small text updates as fast as the
 * server's per-connection rate limit allows (paced at 90% of it), for a few seconds. Keel's writers
 * opt into acks (`?keel=1`): an update counts once the server says it is on disk. Servers without
 * acks (the reference: no persistence; Hocuspocus: stores the document on a 2-10 s debounce) report
 * what an observer saw broadcast instead, labelled with what "stored" means for them. Keel's
 * sockets carry the fixture owner's session cookie; Hocuspocus's authenticate with an empty token.
 *
 * Writers are raw protocol sockets, each with its own Y.Doc (distinct clientID) producing one
 * update per character typed at the end of its own text, so no update ever waits on another.
 */
import * as Y from 'yjs'
import { limits } from '../../../shared/limits.ts'
import { assertOpen, openRaw, type RawSocket, syncUpdateFrame } from '../lib/client.ts'
import { cpuMeter, rssMiB } from '../lib/proc.ts'
import { percentile } from '../lib/stats.ts'
import type { BenchOptions, RoundContext, RoundResult, Scenario } from '../lib/types.ts'
import { Pacer, sleep, tick, waitFor } from '../lib/util.ts'

const WRITERS = 8
/** Unacknowledged frames a Keel writer may have in flight before it waits (a client's queue). */
const MAX_IN_FLIGHT = 1000

interface Writer {
  doc: Y.Doc
  ws: RawSocket
  /** performance.now() at which frame i+1 (seq i+1) was sent; seq = clock + 1 here. */
  sentAt: number[]
  acked: number
  ackedInWindow: number
  ackLatencies: number[]
}

async function runRound(writerCount: number, docs: number, seconds: number, { sut }: RoundContext): Promise<RoundResult> {
  const stamp = Date.now()
  const docIds = Array.from({ length: docs }, (_, d) => `durable-${d}-${stamp}`)
  const server = await sut.start({ docs: docIds })
  const sendTimes = new Map<number, number[]>() // writer clientID -> send time per clock
  const observerLatencies: number[] = []
  let observed = 0
  let observedInWindow = 0
  let windowOpen = false
  const sockets: RawSocket[] = []
  try {
    // One observer per document counts (and times) the broadcasts of the writers' updates.
    for (const docId of docIds) {
      sockets.push(
        await openRaw(
          server,
          docId,
          (e, at) => {
            if (e.kind !== 'update' || e.step2) return
            for (const s of Y.decodeUpdate(e.update).structs) {
              const times = sendTimes.get(s.id.client)
              const t = times?.[s.id.clock]
              if (t === undefined) continue
              observerLatencies.push(at - t)
              observed++
              if (windowOpen) observedInWindow++
            }
          },
          10_000,
        ),
      )
    }
    const writers: Writer[] = []
    for (let i = 0; i < writerCount; i++) {
      const doc = new Y.Doc()
      const w: Writer = { doc, ws: null as unknown as RawSocket, sentAt: [], acked: 0, ackedInWindow: 0, ackLatencies: [] }
      w.ws = await openRaw(
        server,
        docIds[i % docs]!,
        (e, at) => {
          if (e.kind !== 'ack') return
          for (let s = w.acked + 1; s <= e.seq; s++) w.ackLatencies.push(at - w.sentAt[s - 1]!)
          w.acked = Math.max(w.acked, e.seq)
          if (windowOpen) w.ackedInWindow = w.acked
        },
        10_000,
        { acks: sut.acks },
      )
      sendTimes.set(doc.clientID, w.sentAt)
      doc.on('update', (update: Uint8Array) => {
        w.sentAt.push(performance.now())
        w.ws.send(syncUpdateFrame(update))
      })
      sockets.push(w.ws)
      writers.push(w)
    }
    await sleep(50) // let the handshakes settle
    assertOpen(sockets, 'durable-writes')
    const cpu = cpuMeter(server.pid)
    const t0 = performance.now()
    const end = t0 + seconds * 1000
    windowOpen = true
    await Promise.all(
      writers.map(async (w) => {
        const pacer = new Pacer(limits.inboundMessagesPerSecond * 0.9, 20)
        const text = w.doc.getText('text')
        for (let i = 0; i < 1_000_000 && performance.now() < end; i++) {
          await pacer.take(1)
          if (sut.acks) for (let k = 0; k < 10_000 && w.sentAt.length - w.acked >= MAX_IN_FLIGHT; k++) await tick()
          text.insert(text.length, 'x')
          if (i % 32 === 31) await tick()
        }
      }),
    )
    const elapsed = (performance.now() - t0) / 1000
    windowOpen = false
    const serverCpuS = cpu()
    const sent = writers.reduce((n, w) => n + w.sentAt.length, 0)
    assertOpen(sockets, 'durable-writes')
    // Everything sent must eventually be acknowledged (Keel) and broadcast (both), or the run fails.
    if (sut.acks) await waitFor(() => writers.every((w) => w.acked >= w.sentAt.length), 'every update to be acked', 15_000)
    await waitFor(() => observed >= sent, `observers to see all ${sent} updates (saw ${observed})`, 15_000)
    // CPU per update over everything sent, measured until the last was acked and broadcast: the
    // server's cost per update, robust to the machine's other load (which stretches wall time).
    const cpuPerUpdateUs = (cpu() * 1e6) / sent
    const ackedInWindow = writers.reduce((n, w) => n + w.ackedInWindow, 0)
    const ackLatencies = writers.flatMap((w) => w.ackLatencies)
    return {
      metrics: {
        offeredPerSec: sent / elapsed,
        durablePerSec: sut.acks ? ackedInWindow / elapsed : observedInWindow / elapsed,
        broadcastPerSec: observedInWindow / elapsed,
        ackP50Ms: sut.acks ? percentile(ackLatencies, 50) : null,
        ackP99Ms: sut.acks ? percentile(ackLatencies, 99) : null,
        observerP50Ms: percentile(observerLatencies, 50),
        observerP99Ms: percentile(observerLatencies, 99),
        serverCpuS,
        cpuPerUpdateUs,
        serverRssMiB: rssMiB(server.pid),
      },
      notes: sut.acks ? {} : { durablePerSec: sut.storedNote },
    }
  } finally {
    for (const ws of sockets) ws.terminate()
    await server.stop()
  }
}

export const durableWrites: Scenario = {
  name: 'durable-writes',
  description: `${WRITERS} and 32 writers, each at 90% of the per-connection rate limit; updates acknowledged as durable per second`,
  cases({ quick }: BenchOptions) {
    const seconds = quick ? 1 : 2
    // [writers, docs]: the last case offers ~4x one server's 8-writer load (each writer still at
    // 90% of its own connection's limit) to find the ceiling of acknowledged updates per second.
    const shapes: [number, number][] = [
      [WRITERS, 8],
      [32, 8],
    ]
    return shapes.map(([writers, docs]) => ({
      label: `${writers} writers on ${docs} docs, ${seconds} s`,
      rounds: quick ? 1 : 3,
      metrics: [
        { key: 'offeredPerSec', label: 'updates sent', unit: '/s', better: 'higher' as const },
        { key: 'durablePerSec', label: 'updates acked durable', unit: '/s', better: 'higher' as const },
        { key: 'broadcastPerSec', label: 'updates broadcast', unit: '/s', better: 'higher' as const },
        { key: 'ackP50Ms', label: 'ack latency p50', unit: 'ms', better: 'lower' as const },
        { key: 'ackP99Ms', label: 'ack latency p99', unit: 'ms', better: 'lower' as const },
        { key: 'observerP50Ms', label: 'send-to-observer p50', unit: 'ms', better: 'lower' as const },
        { key: 'observerP99Ms', label: 'send-to-observer p99', unit: 'ms', better: 'lower' as const },
        { key: 'serverCpuS', label: 'server CPU', unit: 's', better: 'lower' as const },
        { key: 'cpuPerUpdateUs', label: 'server CPU per update (until all acked/seen)', unit: 'µs', better: 'lower' as const },
        { key: 'serverRssMiB', label: 'server RSS at end', unit: 'MiB', better: 'lower' as const },
      ],
      run: (ctx: RoundContext) => runRound(writers, docs, seconds, ctx),
    }))
  },
}
