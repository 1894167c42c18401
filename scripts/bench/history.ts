/**
 * Version history at the size of a real long document: `npx tsx scripts/bench/history.ts [rounds=3] [versionEvery=10]`.
 *
 * The automerge-paper trace (259,778 patches) is replayed through the server by one editor, as
 * the editor's shape (one paragraph per line, scripts/traces/paragraphs.ts), 256 trace txns per
 * update frame, with a named version every `versionEvery` frames (about 100 versions) so the
 * history has the density of a real day of edits. A second editor follows. Then, per round:
 *
 * - once, cold (after a restart on the same file: no cache, no room): open the version at the
 *   middle of the trace, and diff the first version against the last;
 * - list: GET /versions (the newest page of 50);
 * - open 50 % (warm): GET /versions/:vid of the version at the middle of the trace;
 * - diff (warm): GET /diff from the first version to the last;
 * - restore: POST /versions/:vid/restore of the 50 % version, until BOTH open editors hold its
 *   content (the REST answer is not enough: the promise is what every open editor sees);
 *
 * medians printed beside the targets. Storage: bytes on disk per op with history (this
 * checkout) — run the same replay with `--keel-root` of a checkout before history (bench index)
 * for the ratio, or read the figures in docs/BENCHMARKS.md.
 */
import fs from 'node:fs'
import path from 'node:path'
import * as Y from 'yjs'
import { EDITOR_FRAGMENT, fragmentToJson } from '../../shared/doc/fragment.ts'
import { connectClient, startServer, waitFor } from '../../server/test/harness.ts'
import { hasTraces, loadSequentialTrace, MISSING_TRACES_MESSAGE } from '../traces/load.ts'
import { ParagraphText, replayIntoParagraphs } from '../traces/paragraphs.ts'

const rounds = Number(process.argv[2] ?? 3)
const versionEvery = Number(process.argv[3] ?? 10)
const BATCH = 256

if (!hasTraces()) {
  console.log(MISSING_TRACES_MESSAGE)
  process.exit(0)
}
const trace = loadSequentialTrace('automerge-paper')
const patches = trace.txns.reduce((n, t) => n + t.patches.length, 0)

let server = await startServer({ logLevel: 'silent', unloadDelayMs: 600_000 })
const docId = server.fixture.ensureDoc('history-bench')
const cookie = server.fixture.owner.cookie
const base = `${server.url}/api/docs/${docId}`
const headers = { cookie, origin: server.url, 'content-type': 'application/json' }

async function api<T>(method: string, url: string, body?: unknown): Promise<T> {
  const res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`)
  return (await res.json()) as T
}

const writer = connectClient(server.wsUrl, docId, { acks: true })
const reader = connectClient(server.wsUrl, docId)
await Promise.all([writer.synced(), reader.synced()])

// Replay, pacing below the per-connection message rate and naming a version every `versionEvery` frames.
const text = new ParagraphText(writer.doc.getXmlFragment(EDITOR_FRAGMENT))
const started = performance.now()
let frames = 0
const versionIds: number[] = []
for (let i = 0; i < trace.txns.length; i += BATCH) {
  replayIntoParagraphs(text, trace.txns, i, Math.min(trace.txns.length, i + BATCH), BATCH)
  frames++
  if (frames % versionEvery === 0) {
    await waitFor(() => writer.allAcked(), 'writer acked', 60_000, 1)
    if (frames % 100 === 0) console.error(`frame ${frames}`)
    versionIds.push((await api<{ id: number }>('POST', `${base}/versions`, { name: `frame ${frames}` })).id)
  } else await new Promise((r) => setImmediate(r))
}
await waitFor(() => writer.allAcked(), 'writer acked', 60_000, 1)
versionIds.push((await api<{ id: number }>('POST', `${base}/versions`, { name: 'end of trace' })).id)
console.error(`replayed: ${frames} frames, ${versionIds.length} versions`)
const replayMs = performance.now() - started
await waitFor(() => reader.doc.getXmlFragment(EDITOR_FRAGMENT).length === text.paragraphs, 'reader caught up', 60_000)

const first = versionIds[0]!
const middle = versionIds[Math.floor(versionIds.length / 2)]!
const last = versionIds[versionIds.length - 1]!

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now()
  await fn()
  return performance.now() - t
}

// Cold: a restart on the same file and port empties every cache (the version content LRU, the
// room), so the first read rebuilds the version from its checkpoint and the log.
const { port, dir } = server
await server.close()
server = await startServer({ logLevel: 'silent', unloadDelayMs: 600_000, port }, dir)
const cold = {
  open50: await timed(() => api('GET', `${base}/versions/${middle}`)),
  diff: await timed(() => api('GET', `${base}/diff?from=${first}&to=${last}`)),
}
await waitFor(() => writer.provider.synced && reader.provider.synced && writer.provider.wsconnected && reader.provider.wsconnected, 'editors back', 30_000)

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

const results: Record<string, number[]> = { list: [], open50: [], diff: [], restore: [] }
let truncated = false
for (let r = 0; r < rounds; r++) {
  results.list!.push(await timed(() => api('GET', `${base}/versions?limit=50`)))
  let middleContent: unknown
  results.open50!.push(
    await timed(async () => {
      middleContent = (await api<{ content: unknown }>('GET', `${base}/versions/${middle}`)).content
    }),
  )
  results.diff!.push(
    await timed(async () => {
      truncated = (await api<{ diff: { truncated: boolean } }>('GET', `${base}/diff?from=${first}&to=${last}`)).diff.truncated
    }),
  )
  const want = JSON.stringify(middleContent)
  const matches = (doc: Y.Doc): boolean => JSON.stringify(fragmentToJson(doc.getXmlFragment(EDITOR_FRAGMENT))) === want
  results.restore!.push(
    await timed(async () => {
      await api('POST', `${base}/versions/${middle}/restore`, {})
      await waitFor(() => matches(writer.doc) && matches(reader.doc), 'both editors hold the restored version', 60_000, 1)
    }),
  )
  // Back to the end of the trace for the next round (the restore is a forward edit; so is this).
  await api('POST', `${base}/versions/${last}/restore`, {})
}

const dbBytes = ['keel.db', 'keel.db-wal'].reduce((n, f) => n + (fs.existsSync(path.join(server.dir, f)) ? fs.statSync(path.join(server.dir, f)).size : 0), 0)
const targets: Record<string, number> = { list: 50, open50: 300, diff: 1000, restore: 500 }
console.log(`automerge-paper: ${patches} patches in ${frames} frames, ${versionIds.length} named versions, replay ${(replayMs / 1000).toFixed(1)} s`)
console.log(`| step | median ms (${rounds} rounds) | target ms |`)
console.log('|---|---:|---:|')
console.log(`| open 50 % cold (after a restart) | ${cold.open50.toFixed(1)} | < ${targets.open50} |`)
console.log(`| diff first → last cold | ${cold.diff.toFixed(1)} | < ${targets.diff} |`)
for (const [k, xs] of Object.entries(results))
  console.log(`| ${k}${k === 'open50' || k === 'diff' ? ' (warm)' : ''} | ${median(xs).toFixed(1)} | < ${targets[k]} |`)
console.log(`diff first → last truncated: ${truncated}`)
console.log(`database on disk: ${(dbBytes / 1024 / 1024).toFixed(2)} MiB, ${(dbBytes / patches).toFixed(1)} bytes per patch (incl. ${rounds * 2} restores)`)
writer.destroy()
reader.destroy()
await server.close()
