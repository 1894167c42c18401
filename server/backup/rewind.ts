import type Database from 'better-sqlite3'
import * as Y from 'yjs'
import { SqliteDeletedPages } from '../hub/sqlite-deleted-pages.ts'
import { SqliteStore } from '../store/sqlite-store.ts'

/** A document whose log went past the restore time, as it was rewound. */
export interface RewoundDoc {
  id: string
  kind: 'doc' | 'tree'
  title: string
  /** Log rows dropped (committed after the time). */
  dropped: number
  /** The last update kept (0: none, the document is empty again). */
  keptSeq: number
  /**
   * Set when the state at the time could not be rebuilt (its log bytes were folded before
   * version history kept them): the document was rewound to this later, kept state instead.
   */
  nearest: { seq: number; at: number } | null
}

export interface RewindReport {
  until: number
  rewound: RewoundDoc[]
  removedPages: { id: string; title: string; createdAt: number }[]
  removedProjects: { id: string; name: string; createdAt: number }[]
  /** Pages deleted for good after the time, attached to their project again. */
  broughtBack: { id: string; title: string; deletedAt: number }[]
  /** Documents that could not be rewound at all (no kept state at or after the time): left as they are. */
  notRewound: { id: string; title: string; reason: string }[]
}

/** The time is before anything this database's log can rebuild. */
export class TooEarly extends Error {}

/** A document's full state after update `seq` (its snapshot or a checkpoint). */
interface FullState {
  seq: number
  data: Uint8Array
}

interface DocRow {
  id: string
  kind: 'doc' | 'tree'
  title: string
  snapshot_seq: number
}

/**
 * Rewinds every document of a (copied, not served) database to the updates committed at or
 * before `until`, from the update log: later log rows are dropped and the snapshot rewritten as
 * the state at the last kept row, so a server loading it serves that state. Pages and projects
 * created after `until` are removed; pages deleted for good after it are attached again. Rows
 * derived from documents (tree mirror, links, tasks) are not touched here: `rebuildDerived` runs
 * the server's own indexers over the result. Each document is one transaction.
 */
export function rewindDocuments(db: Database.Database, until: number): RewindReport {
  const oldest = db.prepare<[], { at: number | null }>('SELECT min(created_at) AS at FROM updates').get()?.at ?? null
  if (oldest !== null && until < oldest) {
    throw new TooEarly(
      `the oldest update in this log was committed at ${new Date(oldest).toISOString()}: there is nothing to rewind to before it; choose an older backup`,
    )
  }
  const report: RewindReport = { until, rewound: [], removedPages: [], removedProjects: [], broughtBack: [], notRewound: [] }
  removeCreatedAfter(db, until, report)
  bringBackDeleted(db, until, report)
  const store = new SqliteStore(db)
  const later = db.prepare<[string, number], { first: number | null; n: number }>(
    'SELECT min(seq) AS first, count(*) AS n FROM updates WHERE doc_id = ? AND created_at > ?',
  )
  // A tree is named after its project in the report.
  const docs = db
    .prepare<[], DocRow>(
      `SELECT d.id, d.kind, snapshot_seq, CASE WHEN d.kind = 'tree' THEN coalesce((SELECT p.name FROM projects p WHERE p.tree_doc_id = d.id), d.title) ELSE d.title END AS title
         FROM documents d ORDER BY d.id`,
    )
    .all()
  for (const d of docs) {
    const after = later.get(d.id, until)
    if (!after || after.first === null) continue
    const rewound = rewindOne(db, store, d, after.first - 1)
    if (!rewound) {
      report.notRewound.push({ id: d.id, title: d.title, reason: 'no state of it is kept at or after the time (its log was folded before version history)' })
      continue
    }
    const dropped = db.prepare<[string, number], { n: number }>('SELECT count(*) AS n FROM updates WHERE doc_id = ? AND seq > ?').get(d.id, rewound.seq)!.n
    write(db, d.id, rewound.seq, rewound.state)
    report.rewound.push({
      id: d.id,
      kind: d.kind,
      title: d.title,
      dropped,
      keptSeq: rewound.seq,
      nearest: rewound.seq === after.first - 1 ? null : { seq: rewound.seq, at: rewound.at },
    })
  }
  return report
}

function removeCreatedAfter(db: Database.Database, until: number, report: RewindReport): void {
  db.transaction(() => {
    const projects = db
      .prepare<[number], { id: string; name: string; created_at: number }>('SELECT id, name, created_at FROM projects WHERE created_at > ?')
      .all(until)
    for (const p of projects) {
      // Pages of it deleted for good have left it (project_id NULL): they go with it too.
      db.prepare<[string]>('DELETE FROM documents WHERE id IN (SELECT doc_id FROM deleted_documents WHERE project_id = ?)').run(p.id)
      // Its documents, their log and every row derived from them go by ON DELETE CASCADE.
      db.prepare<[string]>('DELETE FROM projects WHERE id = ?').run(p.id)
      report.removedProjects.push({ id: p.id, name: p.name, createdAt: p.created_at })
    }
    const pages = db
      .prepare<[number], { id: string; title: string; created_at: number }>("SELECT id, title, created_at FROM documents WHERE kind = 'doc' AND created_at > ?")
      .all(until)
    for (const page of pages) {
      db.prepare<[string]>('DELETE FROM documents WHERE id = ?').run(page.id)
      report.removedPages.push({ id: page.id, title: page.title, createdAt: page.created_at })
    }
  })()
}

function bringBackDeleted(db: Database.Database, until: number, report: RewindReport): void {
  const deleted = new SqliteDeletedPages(db)
  const rows = db
    .prepare<[number], { doc_id: string; project_id: string; title: string; parent_id: string | null; deleted_at: number; deleted_by: string }>(
      'SELECT doc_id, project_id, title, parent_id, deleted_at, deleted_by FROM deleted_documents WHERE deleted_at > ?',
    )
    .all(until)
  for (const r of rows) {
    // The page's node comes back with the tree as of the time (it was still in it then).
    deleted.restore({
      docId: r.doc_id,
      projectId: r.project_id,
      projectName: '',
      title: r.title,
      parentId: r.parent_id,
      deletedAt: r.deleted_at,
      deletedBy: r.deleted_by,
    })
    report.broughtBack.push({ id: r.doc_id, title: r.title, deletedAt: r.deleted_at })
  }
}

/**
 * The document's state after update `seq`, from the newest full state at or before it (its
 * snapshot or a checkpoint) and the log rows after that. When a row it needs has no bytes
 * (folded before migration 011), the oldest full state after `seq` instead; null if none.
 */
function rewindOne(db: Database.Database, store: SqliteStore, d: DocRow, seq: number): { seq: number; at: number; state: Y.Doc | null } | null {
  if (seq <= 0) return { seq: 0, at: 0, state: null }
  const snapshotRow = db.prepare<[string], { snapshot: Buffer | null }>('SELECT snapshot FROM documents WHERE id = ?').get(d.id)
  const snapshot: FullState | null = snapshotRow?.snapshot ? { seq: d.snapshot_seq, data: new Uint8Array(snapshotRow.snapshot) } : null
  const checkpoint: FullState | null = store.checkpointAt(d.id, seq)
  const bases = [checkpoint, snapshot && snapshot.seq <= seq ? snapshot : null].filter((b): b is FullState => b !== null)
  const base = bases.sort((a, b) => b.seq - a.seq)[0] ?? null
  const rows = store.readLog(d.id, base?.seq ?? 0, seq)
  if (rows.every((r) => r.data !== null)) {
    const doc = new Y.Doc()
    doc.transact(() => {
      if (base) Y.applyUpdate(doc, base.data)
      for (const r of rows) Y.applyUpdate(doc, r.data!)
    })
    return { seq, at: rows[rows.length - 1]?.at ?? 0, state: doc }
  }
  // The nearest kept full state after the time: the oldest checkpoint past it, or the snapshot.
  const next = db
    .prepare<[string, number], { seq: number; data: Buffer }>('SELECT seq, data FROM checkpoints WHERE doc_id = ? AND seq > ? ORDER BY seq LIMIT 1')
    .get(d.id, seq)
  const candidates: (FullState | null)[] = [next ? { seq: next.seq, data: new Uint8Array(next.data) } : null, snapshot && snapshot.seq > seq ? snapshot : null]
  const nearest = candidates.filter((c): c is FullState => c !== null).sort((a, b) => a.seq - b.seq)[0]
  if (!nearest) return null
  const doc = new Y.Doc()
  Y.applyUpdate(doc, nearest.data)
  const at = db.prepare<[string, number], { at: number }>('SELECT created_at AS at FROM updates WHERE doc_id = ? AND seq = ?').get(d.id, nearest.seq)?.at ?? 0
  return { seq: nearest.seq, at, state: doc }
}

/** Drops everything of the document past `seq` and stores `state` as its snapshot there. */
function write(db: Database.Database, docId: string, seq: number, state: Y.Doc | null): void {
  const snapshot = state ? Y.encodeStateAsUpdate(state) : null
  const sv = state ? Y.decodeStateVector(Y.encodeStateVector(state)) : new Map<number, number>()
  state?.destroy()
  db.transaction(() => {
    db.prepare<[string, number]>('DELETE FROM updates WHERE doc_id = ? AND seq > ?').run(docId, seq)
    db.prepare<[string, number]>('DELETE FROM checkpoints WHERE doc_id = ? AND seq > ?').run(docId, seq)
    db.prepare<[string, number]>('DELETE FROM versions WHERE doc_id = ? AND to_seq > ?').run(docId, seq)
    db.prepare<[string, number]>('DELETE FROM edit_times WHERE doc_id = ? AND seq > ?').run(docId, seq)
    // "Changes since your last visit" must not point past the end of the log.
    db.prepare<[number, string, number]>('UPDATE visits SET seq = ? WHERE doc_id = ? AND seq > ?').run(seq, docId, seq)
    // Who wrote which clocks: only clocks the rewound state still has (a client id may write on).
    const ranges = db
      .prepare<[string], { client: number; clock_start: number; clock_end: number }>('SELECT client, clock_start, clock_end FROM doc_clients WHERE doc_id = ?')
      .all(docId)
    for (const r of ranges) {
      const end = sv.get(r.client) ?? 0
      if (r.clock_start >= end)
        db.prepare<[string, number, number]>('DELETE FROM doc_clients WHERE doc_id = ? AND client = ? AND clock_start = ?').run(docId, r.client, r.clock_start)
      else if (r.clock_end > end)
        db.prepare<[number, string, number, number]>('UPDATE doc_clients SET clock_end = ? WHERE doc_id = ? AND client = ? AND clock_start = ?').run(
          end,
          docId,
          r.client,
          r.clock_start,
        )
    }
    const at = db.prepare<[string, number], { at: number }>('SELECT created_at AS at FROM updates WHERE doc_id = ? AND seq = ?').get(docId, seq)?.at
    // Every kept row is in the snapshot: nothing is left to compact.
    db.prepare<[Uint8Array | null, number, number, number | null, string]>(
      'UPDATE documents SET snapshot = ?, snapshot_seq = ?, last_seq = ?, log_bytes = 0, log_count = 0, updated_at = coalesce(?, created_at) WHERE id = ?',
    ).run(snapshot, seq, seq, at ?? null, docId)
  })()
}
