import { z } from 'zod'

/**
 * Every kind of audit event, in one place. To record a new kind, append it here (and say in
 * the call whether it concerns a workspace or an account); nothing else changes.
 */
export const AUDIT_KINDS = [
  'auth.sign_in',
  'auth.sign_in_failed',
  'auth.sign_in_link',
  'auth.sign_out',
  'auth.sign_out_everywhere',
  'auth.session_revoked',
  'auth.password_changed',
  // "Forgot password?" for an existing account (unknown emails record nothing: nobody to audit).
  'auth.password_reset_requested',
  // A workspace owner made a reset link for a member (workspace event).
  'auth.password_reset_issued',
  'auth.password_reset_completed',
  'token.created',
  'token.revoked',
  'member.role_changed',
  'member.project_role_changed',
  'member.removed',
  'invite.accepted',
  // A workspace owner asked for a backup of the whole instance (workspace event; detail: id, status).
  'backup.requested',
  // Wired by the webhook and export work: listed now so those modules only call recordAudit.
  'webhook.created',
  'webhook.removed',
  'export.downloaded',
  // An import's run was started, and an import undone (its pages moved to the trash).
  'import.run',
  'import.undone',
] as const

export const AuditKind = z.enum(AUDIT_KINDS)
export type AuditKind = z.infer<typeof AuditKind>

/** Free-form facts of one event (role names, a token's name…): small, never a secret. */
export const AuditDetail = z.record(z.string(), z.union([z.string().max(200), z.number(), z.boolean(), z.null()]))
export type AuditDetail = z.infer<typeof AuditDetail>

export const AuditInput = z.object({
  kind: AuditKind,
  /** Who did it (null: nobody signed in, e.g. a failed sign-in). */
  actorId: z.string().nullable().default(null),
  /** Whom it is about (the member removed, the user signing in). */
  subjectId: z.string().nullable().default(null),
  /**
   * The workspace it happened in, or null for an account event (sign-in, password…), which its
   * subject's workspaces' owners see instead.
   */
  workspaceId: z.string().nullable().default(null),
  address: z.string().max(64).nullable().default(null),
  detail: AuditDetail.default({}),
})
export type AuditInput = z.input<typeof AuditInput>
