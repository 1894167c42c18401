/**
 * idle-docs (scenario 6): memory per idle open document. 200 documents of 100 paragraphs each
 * (Tiptap's shape) are written, one raw socket per document, and left open and idle; RSS is read
 * before (after one warm-up document has been opened, written and closed, so code paths are
 * loaded, and the server reports it unloaded again) and after 1 s of idleness: (open - before) /
 * 200 = MiB per idle open document. Then every socket closes and, once the server reports no room
 * loaded (Keel runs with KEEL_UNLOAD_DELAY_MS=500; Hocuspocus unloads when the last client
 * leaves), RSS is read again after 0.5 s: what the idle unload gave back. The reference keeps every document in memory forever
 * (stock y-websocket without persistence), so its "after unload" figure is its RSS with the
 * documents still loaded.
 */
import * as Y from 'yjs'
import { assertOpen, emptyStep1Frame, openRaw, type RawSocket, syncUpdateFrame } from '../lib/client.ts'
import { rssMiB } from '../lib/proc.ts'
import { type RunningServer, serverHealth } from '../lib/servers.ts'
import type { BenchOptions, RoundContext, RoundResult, Scenario } from '../lib/types.ts'
import { sleep } from '../lib/util.ts'

const PARAGRAPHS = 100
/** How long the open documents sit idle before RSS is read. */
const IDLE_MS = 1000
/** Pause after the rooms are unloaded before RSS is read. */
const SETTLE_MS = 500
const WORDS = ['model', 'training', 'dataset', 'the', 'loss', 'curve', 'flattens', 'after', 'warmup', 'and', 'eval', 'improves']

/** One update holding a document of `n` paragraphs (different text per document). */
export function documentUpdate(seed: number, n: number): Uint8Array {
  const doc = new Y.Doc()
  const fragment = doc.getXmlFragment('default')
  fragment.insert(
    0,
    Array.from({ length: n }, (_, i) => {
      const p = new Y.XmlElement('paragraph')
      p.insert(0, [new Y.XmlText(`${seed}.${i} ` + Array.from({ length: 12 }, (_, k) => WORDS[(seed + i * 7 + k * 3) % WORDS.length]).join(' '))])
      return p
    }),
  )
  const update = Y.encodeStateAsUpdate(doc)
  doc.destroy()
  return update
}

/** Loaded rooms as the server reports them (Keel and Hocuspocus: rooms; the reference: docs). */
export async function loadedRooms(server: RunningServer): Promise<number> {
  return (await serverHealth(server)).rooms ?? 0
}

/** Opens one raw socket per document (groups of 50), syncs it, and writes `update(i)` into it. */
export async function openDocs(
  server: RunningServer,
  docIds: readonly string[],
  update: ((i: number) => Uint8Array) | null,
  onEvent: (docIndex: number, socketIndex: number) => Parameters<typeof openRaw>[2] = () => () => {},
  perDoc = 1,
): Promise<RawSocket[][]> {
  const out: RawSocket[][] = docIds.map(() => [])
  const jobs = docIds.flatMap((_, d) => Array.from({ length: perDoc }, (_, s) => ({ d, s })))
  for (let i = 0; i < jobs.length; i += 50) {
    const group = jobs.slice(i, i + 50)
    const opened = await Promise.all(group.map(({ d, s }) => openRaw(server, docIds[d]!, onEvent(d, s), 20_000)))
    group.forEach(({ d, s }, k) => {
      const ws = opened[k]!
      ws.send(emptyStep1Frame())
      if (s === 0 && update) ws.send(syncUpdateFrame(update(d)))
      out[d]![s] = ws
    })
  }
  return out
}

/** Waits (bounded) until the server reports no document loaded. */
async function untilNoRooms(server: RunningServer, what: string): Promise<void> {
  const deadline = performance.now() + 15_000
  while ((await loadedRooms(server)) > 0) {
    if (performance.now() > deadline) throw new Error(`idle-docs: ${what} still loaded 15 s after the clients left`)
    await sleep(25)
  }
}

async function runRound({ sut }: RoundContext, docs: number): Promise<RoundResult> {
  const docIds = Array.from({ length: docs + 1 }, (_, i) => `idle-${i}-${Date.now()}`)
  const server = await sut.start({ docs: docIds, env: { KEEL_UNLOAD_DELAY_MS: '500' } })
  let sockets: RawSocket[] = []
  try {
    // Warm-up: one document opened, written, closed and unloaded, so the baseline has the code paths.
    const unloads = sut.name !== 'reference'
    const [warm] = await openDocs(server, docIds.slice(0, 1), (i) => documentUpdate(i, PARAGRAPHS))
    await sleep(300)
    warm!.forEach((ws) => ws.terminate())
    if (unloads) await untilNoRooms(server, 'the warm-up document')
    await sleep(SETTLE_MS)
    const before = rssMiB(server.pid)
    const open = await openDocs(server, docIds.slice(1), (i) => documentUpdate(i + 1, PARAGRAPHS))
    sockets = open.flat()
    await sleep(IDLE_MS)
    assertOpen(sockets, 'idle-docs sockets')
    const openRss = rssMiB(server.pid)
    const rooms = await loadedRooms(server)
    for (const ws of sockets) ws.terminate()
    sockets = []
    if (unloads) await untilNoRooms(server, `${docs} documents`)
    await sleep(SETTLE_MS)
    const after = rssMiB(server.pid)
    return {
      metrics: {
        perDocKiB: ((openRss - before) * 1024) / docs,
        openMiB: openRss,
        roomsOpen: rooms,
        afterMiB: after,
        retainedPerDocKiB: ((after - before) * 1024) / docs,
      },
      notes: unloads ? {} : { afterMiB: 'never unloads', retainedPerDocKiB: 'never unloads' },
    }
  } finally {
    for (const ws of sockets) ws.terminate()
    await server.stop()
  }
}

export const idleDocs: Scenario = {
  name: 'idle-docs',
  description: 'RSS per idle open document (200 documents of 100 paragraphs, one idle socket each), and after the idle unload',
  cases({ quick }: BenchOptions) {
    const docs = 200
    return [
      {
        label: `${docs} docs × ${PARAGRAPHS} paragraphs, 1 idle socket each`,
        rounds: quick ? 1 : 3,
        metrics: [
          { key: 'perDocKiB', label: 'RSS per idle open document', unit: 'KiB', better: 'lower' as const },
          { key: 'openMiB', label: `server RSS with ${docs} open`, unit: 'MiB', better: 'lower' as const },
          { key: 'roomsOpen', label: 'documents loaded (server says)', unit: 'count', better: 'lower' as const },
          { key: 'afterMiB', label: 'server RSS after unload', unit: 'MiB', better: 'lower' as const },
          { key: 'retainedPerDocKiB', label: 'RSS kept per document after unload', unit: 'KiB', better: 'lower' as const },
        ],
        run: (ctx: RoundContext) => runRound(ctx, docs),
      },
    ]
  },
}
