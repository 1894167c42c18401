import { z } from 'zod'
import { MAX_PASSWORD_LENGTH, passwordProblem } from '../auth/password.ts'
import { ROLES, TOKEN_SCOPES } from '../auth/roles.ts'

/** Request and answer shapes of the account, workspace, project, token and ticket routes. */

export const Role = z.enum(ROLES)
export const Scope = z.enum(TOKEN_SCOPES)
const Name = z.string().trim().min(1, 'required').max(120)
const Email = z.string().trim().toLowerCase().email('not an email address').max(254)
/**
 * A new password: the rule of `shared/auth/password.ts` (length, not common). Whether it equals
 * the account's email is checked where the email is known (AcceptInvite below, and the server for
 * a password change).
 */
export const Password = z
  .string()
  .max(MAX_PASSWORD_LENGTH)
  .superRefine((password, ctx) => {
    const problem = passwordProblem(password)
    if (problem) ctx.addIssue({ code: 'custom', message: problem })
  })

/** Sign-in takes any stored password: one set under an older, shorter rule keeps working. */
export const SignIn = z.object({ email: Email, password: z.string().min(1).max(MAX_PASSWORD_LENGTH) })
export const SetPassword = z.object({ password: Password, current: z.string().max(MAX_PASSWORD_LENGTH).optional() })
/** Sign out everywhere: every session of the account ends, this one too unless `keepCurrent`. */
export const SignOutEverywhere = z.object({ keepCurrent: z.boolean().default(false) }).default({ keepCurrent: false })
export const UpdateMe = z.object({ name: Name })
export const CreateWorkspace = z.object({ name: Name })
export const CreateProject = z.object({ name: Name })
export const CreateDoc = z.object({ title: z.string().trim().max(200).default('') })
export const SetRole = z.object({ role: Role })
export const SetProjectRole = z.object({ role: Role.nullable() })
export const CreateInvite = z.object({ role: Role })
export const AcceptInvite = z.object({ name: Name, email: Email, password: Password }).partial()
/** Accepting an invite by creating an account: everything required, and the password is not the email. */
export const AcceptInviteNewAccount = z.object({ name: Name, email: Email, password: Password }).superRefine((v, ctx) => {
  const problem = passwordProblem(v.password, v.email)
  if (problem) ctx.addIssue({ code: 'custom', path: ['password'], message: problem })
})
export const CreateToken = z.object({ name: Name, workspaceId: z.string().min(1).max(64), scope: Scope })
export const TicketRequest = z.object({ docId: z.string().min(1).max(64) })

export const UserView = z.object({ id: z.string(), email: z.string(), name: z.string(), color: z.string(), hasPassword: z.boolean() })
export type UserView = z.infer<typeof UserView>

export const WorkspaceView = z.object({ id: z.string(), name: z.string(), role: Role })
export type WorkspaceView = z.infer<typeof WorkspaceView>

export const Me = z.object({ user: UserView, workspaces: z.array(WorkspaceView), via: z.enum(['session', 'token']) })
export type Me = z.infer<typeof Me>

export const MemberView = z.object({
  userId: z.string(),
  email: z.string(),
  name: z.string(),
  color: z.string(),
  role: Role,
  projectRole: Role.nullable().optional(),
})
export type MemberView = z.infer<typeof MemberView>

export const ProjectView = z.object({ id: z.string(), workspaceId: z.string(), name: z.string(), role: Role })
export type ProjectView = z.infer<typeof ProjectView>

export const DocSummary = z.object({ id: z.string(), title: z.string(), createdAt: z.string(), updatedAt: z.string() })
export type DocSummary = z.infer<typeof DocSummary>

export const InviteView = z.object({ id: z.string(), role: Role, createdAt: z.string(), expiresAt: z.string(), used: z.boolean() })
export const CreatedInvite = z.object({ invite: InviteView, url: z.string() })
export const InvitePreview = z.object({ workspaceName: z.string(), role: Role, expiresAt: z.string() })

export const TokenView = z.object({
  id: z.string(),
  name: z.string(),
  workspaceId: z.string(),
  scope: Scope,
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
})
export type TokenView = z.infer<typeof TokenView>
/** The secret appears in this answer only; the server keeps a hash. */
export const CreatedToken = z.object({ token: TokenView, secret: z.string() })

export const SessionView = z.object({
  id: z.string(),
  /** "Firefox on Linux": a summary of the user agent, enough to tell devices apart. */
  device: z.string(),
  address: z.string(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  current: z.boolean(),
})
export type SessionView = z.infer<typeof SessionView>

export const Ticket = z.object({ ticket: z.string(), expiresAt: z.string() })
export type Ticket = z.infer<typeof Ticket>
