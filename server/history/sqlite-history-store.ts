import type Database from 'better-sqlite3'
import type { VersionKind } from '#shared/api/history'
import type { ClientRange, EditTimeRow, HistoryStore, LogSpan, NewVersion, VersionRow } from './history-store.ts'

interface Row {
  id: number
  doc_id: string
  kind: VersionKind
  name: string | null
  from_seq: number
  to_seq: number
  started_at: number
  ended_at: number
  authors: string
  summary: string
  state_vector: Buffer | null
  restored_from: number | null
  created_by: string | null
}

const DAY_MS = 86_400_000
const COLUMNS = 'id, doc_id, kind, name, from_seq, to_seq, started_at, ended_at, authors, summary, state_vector, restored_from, created_by'
/** Candidate versions the thinning reads per transaction. */
const THIN_BATCH = 2000
const V_COLUMNS = COLUMNS.split(', ')
  .map((c) => `v.${c}`)
  .join(', ')

function toVersion(r: Row): VersionRow {
  return {
    id: r.id,
    docId: r.doc_id,
    kind: r.kind,
    name: r.name,
    fromSeq: r.from_seq,
    toSeq: r.to_seq,
    startedAt: r.started_at,
    endedAt: r.ended_at,
    authors: JSON.parse(r.authors) as string[],
    summary: r.summary,
    stateVector: r.state_vector ? new Uint8Array(r.state_vector.buffer, r.state_vector.byteOffset, r.state_vector.byteLength) : null,
    restoredFrom: r.restored_from,
    createdBy: r.created_by,
  }
}

export class SqliteHistoryStore implements HistoryStore {
  private readonly q

  constructor(private readonly db: Database.Database) {
    this.q = {
      kind: db.prepare<[string], { kind: string }>('SELECT kind FROM documents WHERE id = ?'),
      insert: db.prepare<[string, string, string | null, number, number, number, number, string, string, Uint8Array | null, number | null, string | null], Row>(
        `INSERT INTO versions (doc_id, kind, name, from_seq, to_seq, started_at, ended_at, authors, summary, state_vector, restored_from, created_by)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING ${COLUMNS}`,
      ),
      range: db.prepare<[string, number, number, number, string]>(
        `INSERT INTO doc_clients (doc_id, client, clock_start, clock_end, user_id) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT(doc_id, client, clock_start) DO UPDATE SET clock_end = max(clock_end, excluded.clock_end)`,
      ),
      version: db.prepare<[string, number], Row>(`SELECT ${COLUMNS} FROM versions WHERE doc_id = ? AND id = ?`),
      latest: db.prepare<[string], Row>(`SELECT ${COLUMNS} FROM versions WHERE doc_id = ? ORDER BY id DESC LIMIT 1`),
      list: db.prepare<[string, number, number], Row>(`SELECT ${COLUMNS} FROM versions WHERE doc_id = ? AND id < ? ORDER BY id DESC LIMIT ?`),
      all: db.prepare<[string], Row>(`SELECT ${COLUMNS} FROM versions WHERE doc_id = ? ORDER BY id`),
      atOrBefore: db.prepare<[string, number], Row>(`SELECT ${COLUMNS} FROM versions WHERE doc_id = ? AND to_seq <= ? ORDER BY to_seq DESC, id DESC LIMIT 1`),
      after: db.prepare<[string, number, number], Row>(`SELECT ${COLUMNS} FROM versions WHERE doc_id = ? AND to_seq > ? ORDER BY id LIMIT ?`),
      rename: db.prepare<[string | null, string | null, string | null, string, number]>(
        `UPDATE versions SET name = ?, kind = CASE WHEN kind = 'auto' AND ? IS NOT NULL THEN 'named' ELSE kind END,
           created_by = coalesce(?, created_by) WHERE doc_id = ? AND id = ?`,
      ),
      setSv: db.prepare<[Uint8Array, number]>('UPDATE versions SET state_vector = ? WHERE id = ?'),
      // Paged on (ended_at, id): entries that ended in the same millisecond are not lost at a page edge.
      docActivity: db.prepare<[string, number, number, number, number], Row>(
        `SELECT ${COLUMNS} FROM versions WHERE doc_id = ? AND (ended_at < ? OR (ended_at = ? AND id < ?)) ORDER BY ended_at DESC, id DESC LIMIT ?`,
      ),
      projectActivity: db.prepare<[string, number, number, number, number], Row>(
        `SELECT ${V_COLUMNS} FROM versions v JOIN documents d ON d.id = v.doc_id
          WHERE d.project_id = ? AND d.kind = 'doc' AND (v.ended_at < ? OR (v.ended_at = ? AND v.id < ?))
          ORDER BY v.ended_at DESC, v.id DESC LIMIT ?`,
      ),
      ranges: db.prepare<[string], { client: number; clock_start: number; clock_end: number; user_id: string }>(
        'SELECT client, clock_start, clock_end, user_id FROM doc_clients WHERE doc_id = ? ORDER BY client, clock_start',
      ),
      span: db.prepare<[string, number], { first_seq: number | null; last_seq: number; first_at: number; last_at: number; count: number }>(
        `SELECT min(seq) AS first_seq, max(seq) AS last_seq, min(created_at) AS first_at, max(created_at) AS last_at, count(*) AS count
           FROM updates WHERE doc_id = ? AND seq > ?`,
      ),
      authors: db.prepare<[string, number, number], { user_id: string }>(
        'SELECT user_id, min(seq) AS first FROM updates WHERE doc_id = ? AND seq > ? AND seq <= ? GROUP BY user_id ORDER BY first',
      ),
      putEditTime: db.prepare<[string, number, string, number, number]>(
        `INSERT INTO edit_times (doc_id, seq, user_id, edited_from, edited_to) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT(doc_id, seq, user_id) DO UPDATE SET edited_from = min(edited_from, excluded.edited_from), edited_to = max(edited_to, excluded.edited_to)`,
      ),
      editTimes: db.prepare<[string, number, number], { f: number | null; t: number | null }>(
        'SELECT min(edited_from) AS f, max(edited_to) AS t FROM edit_times WHERE doc_id = ? AND seq BETWEEN ? AND ?',
      ),
      lastVisit: db.prepare<[string, string], { seq: number; at: number }>('SELECT seq, at FROM visits WHERE user_id = ? AND doc_id = ?'),
      putVisit: db.prepare<[string, string, number, number]>(
        'INSERT INTO visits (user_id, doc_id, seq, at) VALUES (?, ?, ?, ?) ON CONFLICT(user_id, doc_id) DO UPDATE SET seq = excluded.seq, at = excluded.at',
      ),
      retention: db.prepare<[string], { days: number | null }>('SELECT history_thin_after_days AS days FROM workspaces WHERE id = ?'),
      setRetention: db.prepare<[number | null, string]>('UPDATE workspaces SET history_thin_after_days = ? WHERE id = ?'),
      // Never the state vectors (blobs the thinning does not need); in keyset batches of (doc, id).
      thinCandidates: db.prepare<[number, string, string, number, number], Row>(
        `SELECT ${V_COLUMNS.replace('v.state_vector', 'NULL AS state_vector')} FROM versions v JOIN documents d ON d.id = v.doc_id JOIN projects p ON p.id = d.project_id
           JOIN workspaces w ON w.id = p.workspace_id
          WHERE w.history_thin_after_days IS NOT NULL AND v.ended_at < ? - w.history_thin_after_days * ${DAY_MS}
            AND (v.doc_id > ? OR (v.doc_id = ? AND v.id > ?))
          ORDER BY v.doc_id, v.id LIMIT ?`,
      ),
      widen: db.prepare<[number, number, string, string, number]>('UPDATE versions SET from_seq = ?, started_at = ?, authors = ?, summary = ? WHERE id = ?'),
      remove: db.prepare<[number]>('DELETE FROM versions WHERE id = ?'),
    }
  }

  isPage(docId: string): boolean {
    return this.q.kind.get(docId)?.kind === 'doc'
  }

  addVersion(v: NewVersion, ranges: readonly ClientRange[]): VersionRow {
    return this.db.transaction(() => {
      const row = this.q.insert.get(
        v.docId,
        v.kind,
        v.name,
        v.fromSeq,
        v.toSeq,
        v.startedAt,
        v.endedAt,
        JSON.stringify(v.authors),
        v.summary,
        v.stateVector,
        v.restoredFrom,
        v.createdBy,
      )!
      for (const r of ranges) this.q.range.run(v.docId, r.client, r.clockStart, r.clockEnd, r.userId)
      return toVersion(row)
    })()
  }

  version(docId: string, id: number): VersionRow | null {
    const row = this.q.version.get(docId, id)
    return row ? toVersion(row) : null
  }

  latest(docId: string): VersionRow | null {
    const row = this.q.latest.get(docId)
    return row ? toVersion(row) : null
  }

  list(docId: string, before: number | undefined, limit: number): VersionRow[] {
    return this.q.list.all(docId, before ?? Number.MAX_SAFE_INTEGER, limit).map(toVersion)
  }

  all(docId: string): VersionRow[] {
    return this.q.all.all(docId).map(toVersion)
  }

  atOrBefore(docId: string, seq: number): VersionRow | null {
    const row = this.q.atOrBefore.get(docId, seq)
    return row ? toVersion(row) : null
  }

  after(docId: string, seq: number, limit: number): VersionRow[] {
    return this.q.after.all(docId, seq, limit).map(toVersion)
  }

  rename(docId: string, id: number, name: string | null, createdBy?: string): VersionRow | null {
    this.q.rename.run(name, name, createdBy ?? null, docId, id)
    return this.version(docId, id)
  }

  setStateVector(id: number, stateVector: Uint8Array): void {
    this.q.setSv.run(stateVector, id)
  }

  docActivity(docId: string, before: number | undefined, limit: number, beforeId = 0): VersionRow[] {
    const at = before ?? Number.MAX_SAFE_INTEGER
    return this.q.docActivity.all(docId, at, at, beforeId, limit).map(toVersion)
  }

  projectActivity(projectId: string, before: number | undefined, limit: number, beforeId = 0): VersionRow[] {
    const at = before ?? Number.MAX_SAFE_INTEGER
    return this.q.projectActivity.all(projectId, at, at, beforeId, limit).map(toVersion)
  }

  clientRanges(docId: string): ClientRange[] {
    return this.q.ranges.all(docId).map((r) => ({ client: r.client, clockStart: r.clock_start, clockEnd: r.clock_end, userId: r.user_id }))
  }

  logSpan(docId: string, afterSeq: number): LogSpan | null {
    const r = this.q.span.get(docId, afterSeq)
    if (!r || r.first_seq === null) return null
    return { firstSeq: r.first_seq, lastSeq: r.last_seq, firstAt: r.first_at, lastAt: r.last_at, count: r.count }
  }

  logAuthors(docId: string, afterSeq: number, upToSeq: number): string[] {
    return this.q.authors.all(docId, afterSeq, upToSeq).map((r) => r.user_id)
  }

  visit(userId: string, docId: string, seq: number, at: number): { seq: number; at: number } | null {
    return this.db.transaction(() => {
      const previous = this.q.lastVisit.get(userId, docId) ?? null
      this.q.putVisit.run(userId, docId, seq, at)
      return previous ? { seq: previous.seq, at: previous.at } : null
    })()
  }

  recordEditTimes(docId: string, rows: readonly EditTimeRow[]): void {
    this.db.transaction(() => {
      for (const r of rows) this.q.putEditTime.run(docId, r.seq, r.userId, r.editedFrom, r.editedTo)
    })()
  }

  editTimes(docId: string, fromSeq: number, toSeq: number): { from: number; to: number } | null {
    const r = this.q.editTimes.get(docId, fromSeq, toSeq)
    return r && r.f !== null && r.t !== null ? { from: r.f, to: r.t } : null
  }

  retention(workspaceId: string): number | null {
    return this.q.retention.get(workspaceId)?.days ?? null
  }

  setRetention(workspaceId: string, thinAfterDays: number | null): void {
    this.q.setRetention.run(thinAfterDays, workspaceId)
  }

  /**
   * Thins in batches of `batch` candidate rows, one short write transaction each, so an hourly
   * run over a large database never holds the writer for long nor loads every old version at
   * once. A day's run cut by a batch boundary is merged on the next run.
   */
  thin(now: number, batch = THIN_BATCH): number {
    let removed = 0
    let afterDoc = ''
    let afterId = 0
    for (;;) {
      const rows = this.q.thinCandidates.all(now, afterDoc, afterDoc, afterId, batch)
      if (rows.length === 0) break
      removed += this.thinBatch(rows.map(toVersion))
      const last = rows[rows.length - 1]!
      afterDoc = last.doc_id
      afterId = last.id
      if (rows.length < batch) break
    }
    return removed
  }

  private thinBatch(candidates: readonly VersionRow[]): number {
    return this.db.transaction(() => {
      let removed = 0
      let run: VersionRow[] = []
      const flush = (): void => {
        if (run.length > 1) {
          const first = run[0]!
          const keep = run[run.length - 1]!
          const authors = [...new Set(run.flatMap((v) => v.authors))]
          const summary = run
            .map((v) => v.summary)
            .filter((s) => s && s !== 'No changes')
            .join('; ')
            .slice(0, 300)
          this.q.widen.run(first.fromSeq, first.startedAt, JSON.stringify(authors), summary || keep.summary, keep.id)
          for (const v of run.slice(0, -1)) this.q.remove.run(v.id)
          removed += run.length - 1
        }
        run = []
      }
      for (const v of candidates) {
        const prev = run[run.length - 1]
        const thinnable = v.kind === 'auto' && v.name === null
        if (prev && (prev.docId !== v.docId || Math.floor(prev.endedAt / DAY_MS) !== Math.floor(v.endedAt / DAY_MS) || !thinnable)) flush()
        if (thinnable) run.push(v)
      }
      flush()
      return removed
    })()
  }
}
