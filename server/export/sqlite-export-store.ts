import type Database from 'better-sqlite3'
import type { ManifestApproval } from '#shared/export/manifest'
import type { ExportStore, ImportKey, ImportKind } from './export-store.ts'

interface RawApproval {
  kind: ManifestApproval['kind']
  doc_id: string
  block_id: string
  item_id: string
  user_id: string
  at: string
  data: string
}

/** The export feature's rows in SQLite: `keel_imports` (migration 12) and reads/writes of `approvals` (migration 8). */
export class SqliteExportStore implements ExportStore {
  private readonly q

  constructor(private readonly db: Database.Database) {
    this.q = {
      target: db.prepare<[string, string, ImportKind, string], { target_id: string }>(
        'SELECT target_id FROM keel_imports WHERE workspace_id = ? AND source_project = ? AND kind = ? AND source_id = ?',
      ),
      record: db.prepare<[string, string, ImportKind, string, string, number]>(
        `INSERT INTO keel_imports (workspace_id, source_project, kind, source_id, target_id, created_at) VALUES (?, ?, ?, ?, ?, ?)
          ON CONFLICT(workspace_id, source_project, kind, source_id) DO UPDATE SET target_id = excluded.target_id, created_at = excluded.created_at`,
      ),
      approvals: db.prepare<[string], RawApproval>(
        'SELECT kind, doc_id, block_id, item_id, user_id, at, data FROM approvals WHERE doc_id = ? ORDER BY kind, block_id, item_id',
      ),
      putApproval: db.prepare<[string, string, string, string, string, string, string]>(
        `INSERT INTO approvals (kind, doc_id, block_id, item_id, user_id, at, data) VALUES (?, ?, ?, ?, ?, ?, ?)
          ON CONFLICT(kind, doc_id, block_id, item_id) DO UPDATE SET user_id = excluded.user_id, at = excluded.at, data = excluded.data`,
      ),
    }
  }

  target(key: ImportKey, kind: ImportKind, sourceId: string): string | null {
    return this.q.target.get(key.workspaceId, key.sourceProject, kind, sourceId)?.target_id ?? null
  }

  record(key: ImportKey, kind: ImportKind, sourceId: string, targetId: string, now = Date.now()): void {
    this.q.record.run(key.workspaceId, key.sourceProject, kind, sourceId, targetId, now)
  }

  approvalsOf(docIds: readonly string[]): ManifestApproval[] {
    return docIds.flatMap((id) =>
      this.q.approvals
        .all(id)
        .map((r) => ({ kind: r.kind, docId: r.doc_id, blockId: r.block_id, itemId: r.item_id, userId: r.user_id, at: r.at, data: r.data })),
    )
  }

  putApprovals(records: readonly ManifestApproval[]): void {
    this.db.transaction(() => {
      for (const r of records) this.q.putApproval.run(r.kind, r.docId, r.blockId, r.itemId, r.userId, r.at, r.data)
    })()
  }
}
