import type { FastifyBaseLogger } from 'fastify'
import type { AuditEvent, AuditStore } from './audit-store.ts'
import { AuditInput, type AuditKind } from './kinds.ts'

export type { AuditEvent } from './audit-store.ts'

/**
 * The audit log: append-only rows of who did what. `record` is the one entry point for every
 * module (`app.audit.record(...)`); it never throws into the caller's request, since losing an
 * audit row must not undo a sign-out (a failure is logged instead).
 *
 * Visibility: an event is shown to the owners of its workspace; an account event (no workspace:
 * sign-ins, sign-outs, password changes, sessions) is shown to the owners of every workspace its
 * subject is a member of at the time of reading. So an owner sees what happens to the accounts
 * that can reach their workspace, and nothing about anyone else (the query is the AuditStore's).
 */
export class AuditLog {
  constructor(
    private readonly store: AuditStore,
    private readonly log?: FastifyBaseLogger,
  ) {}

  record(input: AuditInput, now = Date.now()): void {
    try {
      const e = AuditInput.parse(input)
      this.store.append({ at: now, ...e })
    } catch (err) {
      this.log?.error({ err, kind: input.kind }, 'audit event not recorded')
    }
  }

  /** The workspace's visible events, newest first, strictly older than event id `before`. */
  visibleIn(workspaceId: string, options: { kind?: AuditKind | undefined; before?: number | undefined; limit: number }): AuditEvent[] {
    return this.store.visibleIn(workspaceId, options)
  }
}
