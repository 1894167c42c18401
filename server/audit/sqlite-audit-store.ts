import type Database from 'better-sqlite3'
import type { AuditEvent, AuditStore } from './audit-store.ts'
import type { AuditDetail, AuditKind } from './kinds.ts'

interface Row {
  id: number
  at: number
  kind: AuditKind
  actor_id: string | null
  subject_id: string | null
  workspace_id: string | null
  address: string | null
  detail: string
}

const toEvent = (r: Row): AuditEvent => ({
  id: r.id,
  at: r.at,
  kind: r.kind,
  actorId: r.actor_id,
  subjectId: r.subject_id,
  workspaceId: r.workspace_id,
  address: r.address,
  detail: JSON.parse(r.detail) as AuditDetail,
})

/** AuditStore on the `audit_events` table of migration 006 (the detail as JSON text). */
export class SqliteAuditStore implements AuditStore {
  private readonly q

  constructor(db: Database.Database) {
    this.q = {
      insert: db.prepare<[number, string, string | null, string | null, string | null, string | null, string]>(
        'INSERT INTO audit_events (at, kind, actor_id, subject_id, workspace_id, address, detail) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      visible: db.prepare<{ ws: string; kind: string | null; before: number; limit: number }, Row>(
        `SELECT * FROM audit_events
          WHERE id < @before AND (@kind IS NULL OR kind = @kind)
            AND (workspace_id = @ws
              OR (workspace_id IS NULL AND subject_id IN (SELECT user_id FROM workspace_members WHERE workspace_id = @ws)))
          ORDER BY id DESC LIMIT @limit`,
      ),
    }
  }

  append(e: Omit<AuditEvent, 'id'>): void {
    this.q.insert.run(e.at, e.kind, e.actorId, e.subjectId, e.workspaceId, e.address, JSON.stringify(e.detail))
  }

  visibleIn(workspaceId: string, options: { kind?: AuditKind | undefined; before?: number | undefined; limit: number }): AuditEvent[] {
    return this.q.visible
      .all({ ws: workspaceId, kind: options.kind ?? null, before: options.before ?? Number.MAX_SAFE_INTEGER, limit: options.limit })
      .map(toEvent)
  }
}
