/**
 * cold-load: documents of 1k and 5k blocks (Tiptap's shape: `paragraph` XmlElements holding an
 * XmlText, in the 'default' XmlFragment) are written through the server, which is then restarted.
 * Each sample is a fresh client timed two ways:
 * - protocol: a raw socket, from `new WebSocket` until the server's sync step 2 has arrived (what the
 *   server and network cost, without the client applying 5k blocks);
 * - provider: a stock y-websocket provider, from construction to its 'sync' event, then checked to
 *   hold every block (what a user waits for; dominated by client-side Yjs on big documents).
 *
 * warm = the document is loaded (another client is connected); applies to every server.
 * cold = after the restart, with the room unloaded before each sample (Keel runs here with
 * KEEL_UNLOAD_DELAY_MS=0, so a room unloads as soon as its last client leaves) so every sample reads
 * SQLite; the very first sample after the restart is reported separately (cold process).
 * Servers without persistence (the reference) report n/a for the cold figures.
 *
 * Keel: the documents are created (attached to the fixture's project) before the server starts,
 * then written over the socket like any other client; every socket carries the session cookie.
 * Hocuspocus: written with @hocuspocus/provider; its SQLite row is written when the writer leaves
 * (unloadImmediately) or at shutdown, before the restart; its cold load waits for the health
 * endpoint's loaded-document count to reach 0 (it unloads a document when its last client leaves).
 */
import fs from 'node:fs'
import * as Y from 'yjs'
import { limits } from '../../../shared/limits.ts'
import { connectProvider, emptyStep1Frame, openRaw, type ProviderClient } from '../lib/client.ts'
import { type RunningServer, serverHealth, tempDir } from '../lib/servers.ts'
import { median } from '../lib/stats.ts'
import type { BenchOptions, MetricDef, RoundContext, RoundResult, Scenario } from '../lib/types.ts'
import { Pacer, sleep, withTimeout } from '../lib/util.ts'

const SIZES = [1000, 5000] as const
/** Blocks per update frame while writing (well under limits.maxMessageBytes). */
const CHUNK = 100
const WORDS = ['model', 'training', 'dataset', 'the', 'loss', 'curve', 'flattens', 'after', 'warmup', 'and', 'eval', 'improves']

const paragraphText = (i: number): string => `${i}. ` + Array.from({ length: 12 }, (_, k) => WORDS[(i * 7 + k * 3) % WORDS.length]).join(' ')

/** Writes a document of `blocks` paragraphs through the server; resolves (with a release) once stored. */
async function writeDoc(server: RunningServer, docId: string, blocks: number, acks: boolean): Promise<() => void> {
  const writer = connectProvider(server, docId, { acks })
  try {
    await fillDoc(writer, blocks, acks)
  } catch (err) {
    writer.destroy()
    throw err
  }
  return () => writer.destroy()
}

async function fillDoc(writer: ProviderClient, blocks: number, acks: boolean): Promise<void> {
  await writer.synced(10_000)
  const fragment = writer.doc.getXmlFragment('default')
  const pacer = new Pacer(limits.inboundMessagesPerSecond / 2, 100)
  for (let i = 0; i < blocks; i += CHUNK) {
    await pacer.take(1)
    writer.doc.transact(() => {
      const paragraphs = Array.from({ length: Math.min(CHUNK, blocks - i) }, (_, k) => {
        const p = new Y.XmlElement('paragraph')
        p.insert(0, [new Y.XmlText(paragraphText(i + k))])
        return p
      })
      fragment.insert(fragment.length, paragraphs)
    })
    await sleep(0)
  }
  // Keel: wait for the acks. Others: nothing to wait for (a fresh sync below shows the content).
  const deadline = performance.now() + 30_000
  while (acks && writer.acked() < writer.sent()) {
    if (performance.now() > deadline) throw new Error(`cold-load: ${blocks}-block document not acked within 30 s`)
    await sleep(2)
  }
}

/** Raw socket: connect, send sync step 1, until the server's step 2 arrives. */
async function timeProtocol(server: RunningServer, docId: string): Promise<number> {
  const t0 = performance.now()
  let resolveStep2!: () => void
  const step2 = new Promise<void>((r) => (resolveStep2 = r))
  const ws = await openRaw(server, docId, (e) => e.kind === 'update' && e.step2 && resolveStep2(), 10_000)
  try {
    ws.send(emptyStep1Frame())
    await withTimeout(step2, 30_000, `sync step 2 for ${docId}`)
    return performance.now() - t0
  } finally {
    ws.terminate()
  }
}

/** Stock provider: construction to 'sync', checked to hold every block. */
async function timeProvider(server: RunningServer, docId: string, blocks: number): Promise<number> {
  const t0 = performance.now()
  const client = connectProvider(server, docId)
  try {
    await client.synced(30_000)
    const ms = performance.now() - t0
    const got = client.doc.getXmlFragment('default').length
    if (got !== blocks) throw new Error(`cold-load: synced client has ${got} blocks, expected ${blocks}`)
    return ms
  } finally {
    client.destroy()
  }
}

/** Waits (bounded) until the server has no room loaded, so the next connect is a cold load. */
async function untilUnloaded(server: RunningServer): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (!(await serverHealth(server)).rooms) return
    await sleep(5)
  }
  throw new Error('cold-load: rooms still loaded after 2 s')
}

async function runRound(samples: number, { sut }: RoundContext): Promise<RoundResult> {
  const m: Record<string, number | null> = {}
  const dir = sut.persistent ? tempDir('keel-bench-cold-') : undefined
  const env = { KEEL_UNLOAD_DELAY_MS: '0' }
  const docIds = SIZES.map((n) => `cold-${n}-${Date.now()}`)
  let server = await sut.start({ dataDir: dir, env, docs: docIds })
  try {
    const releases: (() => void)[] = []
    try {
      for (let s = 0; s < SIZES.length; s++) releases.push(await writeDoc(server, docIds[s]!, SIZES[s]!, sut.acks))
    } catch (err) {
      releases.forEach((release) => release())
      throw err
    }
    for (let s = 0; s < SIZES.length; s++) {
      const proto: number[] = []
      const prov: number[] = []
      for (let k = 0; k < samples; k++) {
        proto.push(await timeProtocol(server, docIds[s]!))
        prov.push(await timeProvider(server, docIds[s]!, SIZES[s]!))
      }
      m[`warmProto${SIZES[s]}`] = median(proto)
      m[`warmProv${SIZES[s]}`] = median(prov)
    }
    releases.forEach((release) => release())
    if (!sut.persistent) {
      const cold = ['firstProto', ...SIZES.flatMap((n) => [`coldProto${n}`, `coldProv${n}`])]
      return { metrics: m, notes: Object.fromEntries(cold.map((key) => [key, 'no persistence'])) }
    }

    await server.stop()
    server = await sut.start({ dataDir: dir, env, docs: docIds })
    // Largest first: the first connect to the new process also pays for cold code paths.
    for (let s = SIZES.length - 1; s >= 0; s--) {
      const n = SIZES[s]!
      const proto: number[] = []
      const prov: number[] = []
      for (let k = 0; k < samples; k++) {
        await untilUnloaded(server)
        proto.push(await timeProtocol(server, docIds[s]!))
        await untilUnloaded(server)
        prov.push(await timeProvider(server, docIds[s]!, n))
      }
      if (s === SIZES.length - 1) m.firstProto = proto.shift()!
      m[`coldProto${n}`] = median(proto)
      m[`coldProv${n}`] = median(prov)
    }
    return { metrics: m }
  } finally {
    await server.stop()
    if (dir) fs.rmSync(dir, { recursive: true, force: true })
  }
}

export const coldLoad: Scenario = {
  name: 'cold-load',
  description: 'documents of 1k and 5k paragraphs written through the server, server restarted, fresh clients timed to synced',
  cases({ quick }: BenchOptions) {
    const samples = quick ? 3 : 7
    const k = (n: number): string => `${n / 1000}k blocks`
    const metrics: MetricDef[] = [
      ...SIZES.flatMap((n) => [
        { key: `warmProto${n}`, label: `${k(n)} warm, to step 2 (protocol)`, unit: 'ms', better: 'lower' as const },
        { key: `warmProv${n}`, label: `${k(n)} warm, to synced (provider)`, unit: 'ms', better: 'lower' as const },
      ]),
      { key: 'firstProto', label: `${k(SIZES[1])} first connect after restart (protocol)`, unit: 'ms', better: 'lower' },
      ...SIZES.flatMap((n) => [
        { key: `coldProto${n}`, label: `${k(n)} cold from disk, to step 2 (protocol)`, unit: 'ms', better: 'lower' as const },
        { key: `coldProv${n}`, label: `${k(n)} cold from disk, to synced (provider)`, unit: 'ms', better: 'lower' as const },
      ]),
    ]
    return [
      {
        label: `1k and 5k paragraphs, ${samples} samples each`,
        rounds: quick ? 1 : 3,
        metrics,
        run: (ctx: RoundContext) => runRound(samples, ctx),
      },
    ]
  },
}
