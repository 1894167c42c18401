import type Database from 'better-sqlite3'
import type { FastifyBaseLogger } from 'fastify'
import { type AuditDetail, AuditInput, type AuditKind } from './kinds.ts'

export interface AuditEvent {
  id: number
  at: number
  kind: AuditKind
  actorId: string | null
  subjectId: string | null
  workspaceId: string | null
  address: string | null
  detail: AuditDetail
}

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

/**
 * The audit log: append-only rows of who did what. `record` is the one entry point for every
 * module (`app.audit.record(...)`); it never throws into the caller's request, since losing an
 * audit row must not undo a sign-out (a failure is logged instead).
 *
 * Visibility: an event is shown to the owners of its workspace; an account event (no workspace:
 * sign-ins, sign-outs, password changes, sessions) is shown to the owners of every workspace its
 * subject is a member of at the time of reading. So an owner sees what happens to the accounts
 * that can reach their workspace, and nothing about anyone else.
 */
export class AuditLog {
  private readonly q

  constructor(
    db: Database.Database,
    private readonly log?: FastifyBaseLogger,
  ) {
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

  record(input: AuditInput, now = Date.now()): void {
    try {
      const e = AuditInput.parse(input)
      this.q.insert.run(now, e.kind, e.actorId, e.subjectId, e.workspaceId, e.address, JSON.stringify(e.detail))
    } catch (err) {
      this.log?.error({ err, kind: input.kind }, 'audit event not recorded')
    }
  }

  /** The workspace's visible events, newest first, strictly older than event id `before`. */
  visibleIn(workspaceId: string, options: { kind?: AuditKind | undefined; before?: number | undefined; limit: number }): AuditEvent[] {
    return this.q.visible
      .all({ ws: workspaceId, kind: options.kind ?? null, before: options.before ?? Number.MAX_SAFE_INTEGER, limit: options.limit })
      .map(toEvent)
  }
}
