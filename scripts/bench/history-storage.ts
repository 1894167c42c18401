/**
 * history-storage (Keel only, in process): what keeping the log's bytes and checkpoints costs, and
 * how long a past state takes to rebuild, for checkpoint intervals K. Replays the automerge-paper
 * trace (one stored update per trace txn, as a typing client sends them) into Keel's SqliteStore on
 * a temp file, compacting every 500 rows (KEEL_COMPACT_EVERY's default) like the room registry,
 * then times `stateAt` at the worst point (just before a checkpoint) and at 50 %.
 *
 *   node --import tsx scripts/bench/history-storage.ts [K[:ratio] ...]
 * KEEL_TRACES_DIR: the traces folder, for a checkout whose ../shared/data is elsewhere (a worktree).
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import * as Y from 'yjs'
import { openDatabase } from '../../server/db/open.ts'
import { stateAt } from '../../server/history/state-at.ts'
import { SqliteStore } from '../../server/store/sqlite-store.ts'
import { applyPatchToYText } from '../traces/sequential.ts'
import zlib from 'node:zlib'
import { hasTraces, loadSequentialTrace, MISSING_TRACES_MESSAGE, type SequentialTrace } from '../traces/load.ts'

const COMPACT_EVERY = 500

function loadTrace(): SequentialTrace {
  const dir = process.env.KEEL_TRACES_DIR
  if (!dir) return loadSequentialTrace('automerge-paper')
  return JSON.parse(zlib.gunzipSync(fs.readFileSync(path.join(dir, 'automerge-paper.json.gz'))).toString('utf8')) as SequentialTrace
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]!
}

function run(k: number, ratio: number): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keel-history-bench-'))
  const db = openDatabase(path.join(dir, 'keel.db'), { synchronous: 'normal' })
  const store = new SqliteStore(
    db,
    ratio > 0 ? { everyUpdates: k, everyBytes: 64 * 1024, snapshotRatio: ratio } : { everyUpdates: k, everyBytes: Number.MAX_SAFE_INTEGER },
  )
  store.ensure('d', 0)
  const trace = loadTrace()
  const doc = new Y.Doc()
  const text = doc.getText('t')
  let pending: { docId: string; data: Uint8Array; userId: string; at: number }[] = []
  doc.on('update', (u: Uint8Array) => pending.push({ docId: 'd', data: u, userId: 'u', at: Date.now() }))
  let seq = 0
  const started = performance.now()
  for (const txn of trace.txns) {
    doc.transact(() => txn.patches.forEach((p) => applyPatchToYText(text, p, true)))
    seq += store.append(pending).length
    pending = []
    if (seq % COMPACT_EVERY === 0) store.compact('d', Y.encodeStateAsUpdate(doc), seq)
  }
  const replayMs = performance.now() - started
  const bytes = (sql: string) => (db.prepare(sql).get() as { n: number }).n
  const logBytes = bytes('SELECT coalesce(sum(size), 0) AS n FROM updates')
  const checkpointBytes = bytes('SELECT coalesce(sum(length(data)), 0) AS n FROM checkpoints')
  const checkpoints = bytes('SELECT count(*) AS n FROM checkpoints')
  const snapshot = Y.encodeStateAsUpdate(doc).byteLength
  const time = (at: number) =>
    median(
      [0, 1, 2, 3, 4].map(() => {
        const t = performance.now()
        stateAt(store, 'd', at).destroy()
        return performance.now() - t
      }),
    )
  // The slowest state near the middle: just before the first checkpoint after it (the longest log to replay).
  const next = (db.prepare('SELECT min(seq) AS n FROM checkpoints WHERE seq > ?').get(Math.floor(seq / 2)) as { n: number | null }).n
  const worst = next === null ? seq : next - 1
  console.log(
    JSON.stringify({
      k,
      snapshotRatio: ratio,
      updates: seq,
      replayMs: Math.round(replayMs),
      snapshotBytes: snapshot,
      logBytes,
      checkpoints,
      checkpointBytes,
      historyBytesPerOp: +((logBytes + checkpointBytes) / seq).toFixed(1),
      withoutHistoryBytes: snapshot,
      stateAtHalfMs: +time(Math.floor(seq / 2)).toFixed(1),
      stateAtWorstMs: +time(worst).toFixed(1),
      stateAtNoCheckpointHalfMs: k >= seq ? +time(Math.floor(seq / 2)).toFixed(1) : undefined,
    }),
  )
  store.close()
  fs.rmSync(dir, { recursive: true, force: true })
}

if (!hasTraces() && !process.env.KEEL_TRACES_DIR) console.log(MISSING_TRACES_MESSAGE)
else {
  // Arguments: K[:ratio] ... (ratio 0: by count only). Default: the shipped policy and count-only K.
  const runs = process.argv.slice(2).length ? process.argv.slice(2) : ['20000:1', '2000:0', '5000:0']
  for (const arg of runs) {
    const [k, ratio] = arg.split(':').map(Number)
    run(k!, ratio ?? 0)
  }
}
