import type Database from 'better-sqlite3'
import type { AppendRecord, Checkpoint, DocumentMeta, LoggedUpdate, Store, StoredDocument, UpdateMeta } from './store.ts'

interface DocumentRow {
  id: string
  created_at: number
  updated_at: number
  snapshot_seq: number
  last_seq: number
  snapshot_bytes: number
  log_bytes: number
  log_count: number
}

const META_COLUMNS = `id, created_at, updated_at, snapshot_seq, last_seq,
  coalesce(length(snapshot), 0) AS snapshot_bytes, log_bytes, log_count`

function toMeta(row: DocumentRow): DocumentMeta {
  return {
    id: row.id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    snapshotSeq: row.snapshot_seq,
    lastSeq: row.last_seq,
    storedBytes: row.snapshot_bytes + row.log_bytes,
    logBytes: row.log_bytes,
    logCount: row.log_count,
  }
}

/**
 * When a compaction's snapshot is also kept as a checkpoint: once this many updates were logged
 * since the last one, or this many bytes, where the byte threshold is at least `snapshotRatio` times
 * the snapshot's own size. Rebuilding a state costs about the checkpoint plus the log after it, so
 * with ratio 1 a rebuild is at most about twice a snapshot load. Checkpoints can take more room
 * than the log: on the automerge-paper trace 9.3 MB of checkpoints against 6.3 MB of log
 * (docs/decisions/0006-version-history.md has the measurements and the known limit).
 */
export interface CheckpointPolicy {
  everyUpdates: number
  everyBytes: number
  snapshotRatio?: number
  /**
   * The byte rule's minimum spacing: it fires only once this many updates were logged since the
   * last checkpoint, unless the bytes logged reach `burstRatio` times the snapshot (a few huge
   * updates). Without it, a large page churned in big updates got a whole-snapshot copy per
   * snapshot's worth of churn: about 2× the log (review of #13, finding 1).
   */
  minUpdates?: number
  burstRatio?: number
}

export const DEFAULT_CHECKPOINTS: CheckpointPolicy = { everyUpdates: 5000, everyBytes: 64 * 1024, snapshotRatio: 1, minUpdates: 500, burstRatio: 4 }

/** The embedded default store: one SQLite file through better-sqlite3, statements prepared once. */
export class SqliteStore implements Store {
  private readonly stmt

  constructor(
    private readonly db: Database.Database,
    private readonly checkpoints: CheckpointPolicy = DEFAULT_CHECKPOINTS,
  ) {
    this.appendTx = db.transaction((records: readonly AppendRecord[]) => this.appendRecords(records))
    this.stmt = {
      meta: db.prepare<[string], DocumentRow>(`SELECT ${META_COLUMNS} FROM documents WHERE id = ?`),
      list: db.prepare<[], DocumentRow>(`SELECT ${META_COLUMNS} FROM documents ORDER BY updated_at DESC, id`),
      snapshot: db.prepare<[string], { snapshot: Buffer | null }>('SELECT snapshot FROM documents WHERE id = ?'),
      logAfter: db.prepare<[string, number], { data: Buffer }>('SELECT data FROM updates WHERE doc_id = ? AND seq > ? AND data IS NOT NULL ORDER BY seq'),
      historyLog: db.prepare<[string], { n: number }>('SELECT coalesce(sum(size), 0) AS n FROM updates WHERE doc_id = ? AND data IS NOT NULL'),
      historyCheckpoints: db.prepare<[string], { n: number }>('SELECT coalesce(sum(length(data)), 0) AS n FROM checkpoints WHERE doc_id = ?'),
      ensure: db.prepare<[string, number, number]>('INSERT INTO documents (id, created_at, updated_at) VALUES (?, ?, ?) ON CONFLICT(id) DO NOTHING'),
      bumpSeq: db.prepare<[number, number, number, string], { last_seq: number }>(
        `UPDATE documents SET last_seq = last_seq + 1, updated_at = ?, log_bytes = log_bytes + ?,
           log_count = log_count + ? WHERE id = ? RETURNING last_seq`,
      ),
      bumpSeqBy: db.prepare<[number, number, number, number, string], { last_seq: number }>(
        `UPDATE documents SET last_seq = last_seq + ?, updated_at = ?, log_bytes = log_bytes + ?,
           log_count = log_count + ? WHERE id = ? RETURNING last_seq`,
      ),
      insertUpdate: db.prepare<[string, number, number, string, number, Uint8Array]>(
        'INSERT INTO updates (doc_id, seq, created_at, user_id, size, data) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      // Both bounded below by the previous snapshot: rows are kept forever as history, so an
      // unbounded scan would make every compaction walk the document's whole past.
      compactSum: db.prepare<[string, number, number], { bytes: number; count: number }>(
        `SELECT coalesce(sum(size), 0) AS bytes, count(*) AS count FROM updates
          WHERE doc_id = ? AND seq > ? AND seq <= ? AND data IS NOT NULL`,
      ),
      // Since the last checkpoint: bounded by the policy (plus one compaction's worth of rows).
      lastCheckpoint: db.prepare<[string, number], { seq: number | null }>('SELECT max(seq) AS seq FROM checkpoints WHERE doc_id = ? AND seq <= ?'),
      sinceSum: db.prepare<[string, number, number], { bytes: number; count: number }>(
        'SELECT coalesce(sum(size), 0) AS bytes, count(*) AS count FROM updates WHERE doc_id = ? AND seq > ? AND seq <= ?',
      ),
      insertCheckpoint: db.prepare<[string, number, number, Uint8Array]>(
        'INSERT INTO checkpoints (doc_id, seq, created_at, data) VALUES (?, ?, ?, ?) ON CONFLICT(doc_id, seq) DO NOTHING',
      ),
      checkpointAt: db.prepare<[string, number], { seq: number; data: Buffer }>(
        'SELECT seq, data FROM checkpoints WHERE doc_id = ? AND seq <= ? ORDER BY seq DESC LIMIT 1',
      ),
      readLog: db.prepare<[string, number, number], { seq: number; created_at: number; user_id: string; size: number; data: Buffer | null }>(
        'SELECT seq, created_at, user_id, size, data FROM updates WHERE doc_id = ? AND seq > ? AND seq <= ? ORDER BY seq',
      ),
      snapshotSeq: db.prepare<[string], { snapshot_seq: number }>('SELECT snapshot_seq FROM documents WHERE id = ?'),
      setSnapshot: db.prepare<[Uint8Array, number, number, number, string]>(
        `UPDATE documents SET snapshot = ?, snapshot_seq = ?, log_bytes = log_bytes - ?,
           log_count = log_count - ? WHERE id = ?`,
      ),
      history: db.prepare<[string, number], { seq: number; created_at: number; user_id: string; size: number }>(
        'SELECT seq, created_at, user_id, size FROM updates WHERE doc_id = ? ORDER BY seq DESC LIMIT ?',
      ),
    }
  }

  load(docId: string): StoredDocument | null {
    // One read transaction, so the snapshot and the log tail are from the same moment.
    return this.db.transaction((): StoredDocument | null => {
      const row = this.stmt.meta.get(docId)
      if (!row) return null
      const snapshot = this.stmt.snapshot.get(docId)?.snapshot ?? null
      const updates = this.stmt.logAfter.all(docId, row.snapshot_seq).map((r) => toBytes(r.data))
      return { meta: toMeta(row), snapshot: snapshot ? toBytes(snapshot) : null, updates }
    })()
  }

  ensure(docId: string, at: number): DocumentMeta {
    this.stmt.ensure.run(docId, at, at)
    return toMeta(this.stmt.meta.get(docId)!)
  }

  append(records: readonly AppendRecord[]): number[] {
    return this.appendTx(records)
  }

  private readonly appendTx: (records: readonly AppendRecord[]) => number[]

  /**
   * One UPDATE of the documents row per document per batch (not per record): the row also holds
   * the snapshot, so each UPDATE re-reads (and may rewrite) a record of up to megabytes. Seqs are
   * handed out in record order, exactly as one bump per record would; updated_at is the last
   * record's time, as before.
   */
  private appendRecords(records: readonly AppendRecord[]): number[] {
    const seqs = new Array<number>(records.length)
    if (records.length === 1) {
      const r = records[0]!
      const bumped = this.stmt.bumpSeq.get(r.at, r.data.byteLength, 1, r.docId)
      if (!bumped) throw new Error(`append to unknown document ${r.docId}`)
      this.stmt.insertUpdate.run(r.docId, bumped.last_seq, r.at, r.userId, r.data.byteLength, r.data)
      seqs[0] = bumped.last_seq
      return seqs
    }
    // Group by document, keeping each document's records in order.
    const groups = new Map<string, number[]>()
    for (let i = 0; i < records.length; i++) {
      const docId = records[i]!.docId
      const group = groups.get(docId)
      if (group) group.push(i)
      else groups.set(docId, [i])
    }
    for (const [docId, indexes] of groups) {
      let bytes = 0
      for (const i of indexes) bytes += records[i]!.data.byteLength
      const last = records[indexes[indexes.length - 1]!]!
      const bumped = this.stmt.bumpSeqBy.get(indexes.length, last.at, bytes, indexes.length, docId)
      if (!bumped) throw new Error(`append to unknown document ${docId}`)
      let seq = bumped.last_seq - indexes.length
      for (const i of indexes) {
        const r = records[i]!
        seqs[i] = ++seq
        this.stmt.insertUpdate.run(docId, seq, r.at, r.userId, r.data.byteLength, r.data)
      }
    }
    return seqs
  }

  compact(docId: string, snapshot: Uint8Array, upToSeq: number): void {
    this.db.transaction(() => {
      const from = this.stmt.snapshotSeq.get(docId)?.snapshot_seq ?? 0
      const { bytes, count } = this.stmt.compactSum.get(docId, from, upToSeq)!
      this.stmt.setSnapshot.run(snapshot, upToSeq, bytes, count, docId)
      // The bytes stay (history); the snapshot is also a checkpoint once enough was logged since the last.
      const last = this.stmt.lastCheckpoint.get(docId, upToSeq)?.seq ?? 0
      const since = this.stmt.sinceSum.get(docId, last, upToSeq)!
      const { everyUpdates, everyBytes, snapshotRatio = 0, minUpdates = 0, burstRatio = 0 } = this.checkpoints
      const byBytes = since.bytes >= Math.max(everyBytes, snapshotRatio * snapshot.byteLength)
      const spaced = since.count >= minUpdates || since.bytes >= burstRatio * snapshot.byteLength
      if (since.count >= everyUpdates || (byBytes && spaced)) {
        this.stmt.insertCheckpoint.run(docId, upToSeq, Date.now(), snapshot)
      }
    })()
  }

  historyBytes(docId: string): { logBytes: number; checkpointBytes: number } {
    return { logBytes: this.stmt.historyLog.get(docId)!.n, checkpointBytes: this.stmt.historyCheckpoints.get(docId)!.n }
  }

  readLog(docId: string, afterSeq: number, upToSeq: number): LoggedUpdate[] {
    return this.stmt.readLog
      .all(docId, afterSeq, upToSeq)
      .map((r) => ({ seq: r.seq, at: r.created_at, userId: r.user_id, size: r.size, data: r.data ? toBytes(r.data) : null }))
  }

  checkpointAt(docId: string, seq: number): Checkpoint | null {
    const row = this.stmt.checkpointAt.get(docId, seq)
    return row ? { seq: row.seq, data: toBytes(row.data) } : null
  }

  meta(docId: string): DocumentMeta | null {
    const row = this.stmt.meta.get(docId)
    return row ? toMeta(row) : null
  }

  list(): DocumentMeta[] {
    return this.stmt.list.all().map(toMeta)
  }

  history(docId: string, limit: number): UpdateMeta[] {
    return this.stmt.history.all(docId, limit).map((r) => ({ seq: r.seq, at: r.created_at, userId: r.user_id, size: r.size }))
  }

  close(): void {
    this.db.close()
  }
}

/** better-sqlite3 returns Buffers; Yjs wants plain Uint8Arrays (and must not see pooled memory). */
function toBytes(buf: Buffer): Uint8Array {
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength)
}
