import { z } from 'zod'

/** The answers of `GET /api/workspaces/:id/audit` (kinds are listed in server/audit/kinds.ts). */
const Who = z.object({ id: z.string(), email: z.string().nullable() }).nullable()

export const AuditEventView = z.object({
  id: z.number(),
  at: z.string(),
  kind: z.string(),
  actor: Who,
  subject: Who,
  workspaceId: z.string().nullable(),
  address: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
})
export type AuditEventView = z.infer<typeof AuditEventView>

/** One page, newest first; `next` is the `before` of the following page, null at the end. */
export const AuditPage = z.object({ events: z.array(AuditEventView), next: z.number().nullable() })
export type AuditPage = z.infer<typeof AuditPage>
