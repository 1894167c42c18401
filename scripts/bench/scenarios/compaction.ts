/**
 * compaction (Keel only, in process): how long one compaction of a document's log takes as the
 * document's history grows. Keel keeps every update row forever (compaction folds `data` into the
 * snapshot; since migration 011 the row keeps its bytes too, for the version history), so a
 * compaction whose queries are not bounded below walks the whole history every time.
 *
 * The store is Keel's own (server/store/sqlite-store.ts of the checkout under test, on a temporary
 * file opened with server/db/open.ts at synchronous=FULL, Keel's default). For each history size H,
 * a document gets H history rows (appended, then compacted), and then each sample appends
 * KEEL_COMPACT_EVERY's default of 500 live rows and times one `compact()` call. The same is timed
 * with the pre-fix statements (commit 3abe9bf: `seq <= ?` with no lower bound) on a second document
 * with the same history, in the same file, alternating, so before and after are measured together.
 * Each sample's 500 rows join the history, so H grows by 500 per sample (the label shows the start).
 *
 * Other servers have no update log: their cells are n/a.
 */
import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type Database from 'better-sqlite3'
import { keelSource, tempDir } from '../lib/servers.ts'
import { median } from '../lib/stats.ts'
import type { BenchOptions, MetricDef, RoundContext, RoundResult, Scenario } from '../lib/types.ts'
import { sleep } from '../lib/util.ts'

/** Rows per compaction: KEEL_COMPACT_EVERY's default (server/config.ts). */
const LOG_ROWS = 500
/** Bytes of one synthetic update row and of the snapshot written by each compaction. */
const ROW_BYTES = 40
const SNAPSHOT_BYTES = 64 * 1024
/** Rows per append transaction while building history. */
const SEED_BATCH = 10_000

interface AppendRecord {
  docId: string
  data: Uint8Array
  userId: string
  at: number
}

interface StoreLike {
  ensure(docId: string, at: number): unknown
  append(records: readonly AppendRecord[]): number[]
  compact(docId: string, snapshot: Uint8Array, upToSeq: number): void
  close(): void
}

/** compact() as it was before the fix (commit 3abe9bf, server/store/sqlite-store.ts), verbatim SQL. */
function legacyCompactor(db: Database.Database): (docId: string, snapshot: Uint8Array, upToSeq: number) => void {
  const compactSum = db.prepare<[string, number], { bytes: number; count: number }>(
    `SELECT coalesce(sum(size), 0) AS bytes, count(*) AS count FROM updates
      WHERE doc_id = ? AND seq <= ? AND data IS NOT NULL`,
  )
  const dropData = db.prepare<[string, number]>('UPDATE updates SET data = NULL WHERE doc_id = ? AND seq <= ? AND data IS NOT NULL')
  const setSnapshot = db.prepare<[Uint8Array, number, number, number, string]>(
    `UPDATE documents SET snapshot = ?, snapshot_seq = ?, log_bytes = log_bytes - ?,
       log_count = log_count - ? WHERE id = ?`,
  )
  return (docId, snapshot, upToSeq) =>
    db.transaction(() => {
      const { bytes, count } = compactSum.get(docId, upToSeq)!
      setSnapshot.run(snapshot, upToSeq, bytes, count, docId)
      dropData.run(docId, upToSeq)
    })()
}

async function openKeelStore(file: string): Promise<{ db: Database.Database; store: StoreLike }> {
  const root = keelSource.root
  const { openDatabase } = (await import(pathToFileURL(path.join(root, 'server', 'db', 'open.ts')).href)) as {
    openDatabase: (file: string, options: { synchronous: 'full' }) => Database.Database
  }
  const { SqliteStore } = (await import(pathToFileURL(path.join(root, 'server', 'store', 'sqlite-store.ts')).href)) as {
    SqliteStore: new (db: Database.Database) => StoreLike
  }
  const db = openDatabase(file, { synchronous: 'full' })
  return { db, store: new SqliteStore(db) }
}

const rowData = new Uint8Array(ROW_BYTES).fill(7)
const snapshot = new Uint8Array(SNAPSHOT_BYTES).fill(9)

/** Appends `n` rows to `docId` in transactions of SEED_BATCH; returns the last seq. */
function appendRows(store: StoreLike, docId: string, n: number): number {
  let last = 0
  for (let done = 0; done < n; done += SEED_BATCH) {
    const k = Math.min(SEED_BATCH, n - done)
    const seqs = store.append(Array.from({ length: k }, () => ({ docId, data: rowData, userId: 'bench', at: Date.now() })))
    last = seqs[seqs.length - 1]!
  }
  return last
}

const fmtRows = (h: number): string => (h === 0 ? 'no' : h >= 1000 ? `${h / 1000}k` : String(h))

async function runRound(histories: readonly number[], samples: number, { sut }: RoundContext): Promise<RoundResult> {
  const keys = histories.flatMap((h) => [`current${h}`, `prefix${h}`])
  if (sut.name !== 'keel') return { metrics: {}, notes: Object.fromEntries(keys.map((k) => [k, 'no update log'])) }
  const dir = tempDir('keel-bench-compact-')
  const { db, store } = await openKeelStore(path.join(dir, 'keel.db'))
  try {
    const legacy = legacyCompactor(db)
    const docs = { current: 'compact-current', prefix: 'compact-prefix' } as const
    const compactors = {
      current: (docId: string, upTo: number) => store.compact(docId, snapshot, upTo),
      prefix: (docId: string, upTo: number) => legacy(docId, snapshot, upTo),
    }
    for (const docId of Object.values(docs)) store.ensure(docId, Date.now())
    const history = { current: 0, prefix: 0 }
    const m: Record<string, number | null> = {}
    for (const h of histories) {
      // Top each document's history up to h rows (data NULL), with the current (fast) compaction.
      for (const variant of ['current', 'prefix'] as const) {
        if (history[variant] >= h) continue
        const last = appendRows(store, docs[variant], h - history[variant])
        store.compact(docs[variant], snapshot, last)
        history[variant] = h
      }
      const times: Record<'current' | 'prefix', number[]> = { current: [], prefix: [] }
      for (let s = 0; s < samples; s++) {
        const order = s % 2 === 0 ? (['current', 'prefix'] as const) : (['prefix', 'current'] as const)
        for (const variant of order) {
          const last = appendRows(store, docs[variant], LOG_ROWS)
          const t0 = performance.now()
          compactors[variant](docs[variant], last)
          times[variant].push(performance.now() - t0)
          history[variant] += LOG_ROWS
        }
        await sleep(0)
      }
      m[`current${h}`] = median(times.current)
      m[`prefix${h}`] = median(times.prefix)
    }
    return { metrics: m }
  } finally {
    store.close()
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

export const compaction: Scenario = {
  name: 'compaction',
  description: `Keel store only: one compaction of ${LOG_ROWS} log rows vs history rows, current queries and pre-fix (3abe9bf) queries`,
  cases({ quick }: BenchOptions) {
    const histories = quick ? [0, 200_000] : [0, 50_000, 200_000]
    const samples = quick ? 5 : 11
    const metrics: MetricDef[] = histories.flatMap((h) => [
      { key: `current${h}`, label: `${fmtRows(h)} history rows: compact() now (bounded by snapshot_seq)`, unit: 'ms', better: 'lower' as const },
      { key: `prefix${h}`, label: `${fmtRows(h)} history rows: pre-fix queries (3abe9bf, unbounded below)`, unit: 'ms', better: 'lower' as const },
    ])
    return [
      {
        label: `${LOG_ROWS} live rows + history, ${samples} samples`,
        rounds: 1,
        metrics,
        run: (ctx: RoundContext) => runRound(histories, samples, ctx),
      },
    ]
  },
}
