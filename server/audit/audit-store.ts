import type { AuditDetail, AuditKind } from './kinds.ts'

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

/**
 * Persistence of the audit log: append-only rows, ids increasing in the order they are appended.
 * The AuditLog service (audit-log.ts) validates what is recorded and never lets a failure reach
 * the caller; the store appends and reads.
 *
 * Visibility is the store's because it is a query over its rows and the memberships: an event is
 * visible in a workspace when it is that workspace's, or when it is an account event (no
 * workspace) whose subject is a member of the workspace at the time of reading.
 *
 * Synchronous on purpose, like the documents `Store` (server/store/store.ts): better-sqlite3 is,
 * and recording inside a request must not add an await. Every implementation runs
 * `describeAuditStore` (audit-store.contract.ts).
 */
export interface AuditStore {
  append(event: Omit<AuditEvent, 'id'>): void
  /** Visible events, newest first, strictly older than event id `before` (all when omitted), `kind` only when given. */
  visibleIn(workspaceId: string, options: { kind?: AuditKind | undefined; before?: number | undefined; limit: number }): AuditEvent[]
}
