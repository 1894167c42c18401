import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { AuditEventView, AuditPage } from '#shared/api/audit'
import { iso } from '../http/iso.ts'
import type { AuditEvent, AuditLog } from './audit-log.ts'
import { AuditKind } from './kinds.ts'

/** The largest page, and the most an export holds (newest first). */
const MAX_PAGE = 200
const MAX_EXPORT = 10_000

const Query = z.object({
  kind: AuditKind.optional(),
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(50),
  format: z.literal('json').optional(),
})

type P = { Params: { workspaceId: string }; Querystring: Record<string, string> }

/**
 * `GET /api/workspaces/:workspaceId/audit`: the workspace's audit events, for its owners,
 * newest first, `?kind=` to filter, `?before=<id>` for the next page (the answer's `next`).
 * `?format=json` downloads everything visible (up to 10,000 events) as a file.
 * Which events a workspace shows is decided in AuditLog (its own and its members' account events).
 */
export interface AuditRoutesDeps {
  audit: AuditLog
  /**
   * An account's email, to name actors and subjects (auth's Accounts). A lookup rather than
   * Accounts itself: every feature records audit events, auth included, so this folder stays
   * below auth and imports nothing from it but the Principal type (actor.ts).
   */
  emailOf: (userId: string) => string | null
}

export async function auditRoutes(app: FastifyInstance, opts: AuditRoutesDeps): Promise<void> {
  const { audit, emailOf: lookup } = opts
  const names = (events: AuditEvent[]) => {
    const ids = new Set(events.flatMap((e) => [e.actorId, e.subjectId]).filter((id): id is string => id !== null))
    const emailOf = new Map([...ids].map((id) => [id, lookup(id)]))
    return (e: AuditEvent): AuditEventView => ({
      id: e.id,
      at: iso(e.at),
      kind: e.kind,
      actor: e.actorId === null ? null : { id: e.actorId, email: emailOf.get(e.actorId) ?? null },
      subject: e.subjectId === null ? null : { id: e.subjectId, email: emailOf.get(e.subjectId) ?? null },
      workspaceId: e.workspaceId,
      address: e.address,
      detail: e.detail,
    })
  }

  app.get<P>('/api/workspaces/:workspaceId/audit', { config: { access: { on: 'workspace', param: 'workspaceId', min: 'owner' } } }, async (request, reply) => {
    const q = Query.parse(request.query)
    const { workspaceId } = request.params
    if (q.format === 'json') {
      const events = audit.visibleIn(workspaceId, { kind: q.kind, limit: MAX_EXPORT })
      reply.header('content-disposition', `attachment; filename="keel-audit-${workspaceId}.json"`)
      return events.map(names(events))
    }
    const events = audit.visibleIn(workspaceId, { kind: q.kind, before: q.before, limit: q.limit })
    const page: AuditPage = { events: events.map(names(events)), next: events.length === q.limit ? events.at(-1)!.id : null }
    return page
  })
}
