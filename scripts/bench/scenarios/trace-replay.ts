/**
 * trace-replay: one writer replays a real editing trace through the server, one reader follows;
 * timed until the reader's text equals the trace's final text (checked: a mismatch fails the run).
 *
 * The writer is a stock provider in the server's dialect (y-websocket with Keel's session cookie,
 * or @hocuspocus/provider). "All writer frames acked" applies to Keel only (acks = on disk). Trace txns are grouped `BATCH` per Y transaction (one
 * update frame each) and the writer yields to the event loop after every frame, paced below the
 * server's per-connection rate limit (shared/limits.ts), so the run measures the server, not a
 * client being cut off.
 */
import * as Y from 'yjs'
import { limits } from '../../../shared/limits.ts'
import { hasTraces, loadSequentialTrace, MISSING_TRACES_MESSAGE, type SequentialTrace } from '../../traces/load.ts'
import { applyPatchToYText, replaySequentialPlain, txnsAreBmp } from '../../traces/sequential.ts'
import { connectProvider } from '../lib/client.ts'
import { cpuMeter, rssMiB } from '../lib/proc.ts'
import type { BenchOptions, RoundContext, RoundResult, Scenario } from '../lib/types.ts'
import { Pacer, tick, waitFor } from '../lib/util.ts'

/** Trace txns per Y transaction (= per update frame). */
const BATCH = 256
const TEXT = 'text'

interface Workload {
  name: string
  txns: SequentialTrace['txns']
  expected: string
  patches: number
}

function workload(quick: boolean): Workload {
  if (!quick) {
    const t = loadSequentialTrace('automerge-paper')
    return { name: 'automerge-paper', txns: t.txns, expected: t.endContent, patches: countPatches(t.txns) }
  }
  // --quick: the first 60k txns of seph-blog1; the expected text is the trace replayed as plain text.
  const t = loadSequentialTrace('seph-blog1')
  const txns = t.txns.slice(0, 60_000)
  return { name: 'seph-blog1[0:60k]', txns, expected: replaySequentialPlain({ startContent: t.startContent, txns }), patches: countPatches(txns) }
}

const countPatches = (txns: SequentialTrace['txns']): number => txns.reduce((n, t) => n + t.patches.length, 0)

/** Replays the workload once locally (no server), so the first timed round is not the one paying
 * for this process's cold JIT. */
function warmUp(w: Workload): void {
  const doc = new Y.Doc()
  const text = doc.getText(TEXT)
  const bmp = txnsAreBmp(w.txns)
  for (let i = 0; i < w.txns.length; i += BATCH) {
    doc.transact(() => {
      for (const txn of w.txns.slice(i, i + BATCH)) for (const p of txn.patches) applyPatchToYText(text, p, bmp)
    })
  }
  if (text.toString() !== w.expected) throw new Error(`trace-replay: local replay of ${w.name} does not give endContent`)
  doc.destroy()
}

async function runRound(w: Workload, { sut, options }: RoundContext): Promise<RoundResult> {
  const timeoutMs = options.quick ? 30_000 : 90_000
  const docId = `trace-${Date.now()}`
  const server = await sut.start({ docs: [docId] })
  const writer = connectProvider(server, docId, { acks: sut.acks })
  const reader = connectProvider(server, docId)
  try {
    await Promise.all([writer.synced(10_000), reader.synced(10_000)])
    const text = writer.doc.getText(TEXT)
    const readerText = reader.doc.getText(TEXT)
    const bmp = txnsAreBmp(w.txns)
    const pacer = new Pacer(limits.inboundMessagesPerSecond * 0.8, limits.inboundMessageBurst / 2)
    const cpu = cpuMeter(server.pid)
    const t0 = performance.now()
    for (let i = 0; i < w.txns.length; i += BATCH) {
      await pacer.take(1)
      writer.doc.transact(() => {
        for (const txn of w.txns.slice(i, i + BATCH)) for (const p of txn.patches) applyPatchToYText(text, p, bmp)
      })
      await tick()
      // Let a backed-up socket drain rather than queue megabytes in this process.
      for (let k = 0; k < 5000 && writer.buffered() > 1 << 20; k++) await tick()
      if (performance.now() - t0 > timeoutMs) throw new Error(`trace-replay: writing took over ${timeoutMs} ms`)
    }
    const writtenMs = performance.now() - t0
    if (text.toString() !== w.expected) throw new Error('trace-replay: the WRITER text differs from endContent (trace replay bug)')
    const wid = writer.doc.clientID
    const clock = Y.getState(writer.doc.store, wid)
    await waitFor(
      () => Y.getState(reader.doc.store, wid) >= clock && readerText.length === w.expected.length && readerText.toString() === w.expected,
      'the reader to converge on endContent',
      timeoutMs,
      1,
    ).catch((err: Error) => {
      throw new Error(
        `${err.message}: reader has ${readerText.length} chars (clock ${Y.getState(reader.doc.store, wid)}), expected ${w.expected.length} (clock ${clock})`,
      )
    })
    const convergeMs = performance.now() - t0
    let ackedMs: number | null = null
    if (sut.acks) {
      await waitFor(() => writer.acked() >= writer.sent(), 'every writer frame to be acked', timeoutMs, 1)
      ackedMs = performance.now() - t0
    }
    return {
      metrics: {
        convergeMs,
        writtenMs,
        ackedMs,
        patchesPerSec: w.patches / (convergeMs / 1000),
        serverCpuS: cpu(),
        serverRssMiB: rssMiB(server.pid),
      },
      notes: sut.acks ? {} : { ackedMs: sut.storedNote },
    }
  } finally {
    writer.destroy()
    reader.destroy()
    await server.stop()
  }
}

export const traceReplay: Scenario = {
  name: 'trace-replay',
  floorApplies: true,
  description: `a real editing trace replayed by one writer (${BATCH} txns per update frame), one reader; until the reader has endContent`,
  cases(options: BenchOptions) {
    if (!hasTraces()) {
      options.log(`trace-replay: ${MISSING_TRACES_MESSAGE}`)
      return []
    }
    const w = workload(options.quick)
    warmUp(w)
    return [
      {
        label: `${w.name} (${w.patches.toLocaleString('en-US')} patches)`,
        rounds: options.quick ? 1 : 3,
        metrics: [
          { key: 'convergeMs', label: 'time to reader = endContent', unit: 'ms', better: 'lower' },
          { key: 'writtenMs', label: 'writer done sending', unit: 'ms', better: 'lower' },
          { key: 'ackedMs', label: 'all writer frames acked (durable)', unit: 'ms', better: 'lower' },
          { key: 'patchesPerSec', label: 'throughput', unit: 'patches/s', better: 'higher' },
          { key: 'serverCpuS', label: 'server CPU', unit: 's', better: 'lower' },
          { key: 'serverRssMiB', label: 'server RSS at end', unit: 'MiB', better: 'lower' },
        ],
        run: (ctx) => runRound(w, ctx),
      },
    ]
  },
}
