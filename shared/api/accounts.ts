import { z } from 'zod'
import { ROLES, TOKEN_SCOPES } from '../auth/roles.ts'

/** Request and answer shapes of the account, workspace, project, token and ticket routes. */

export const Role = z.enum(ROLES)
export const Scope = z.enum(TOKEN_SCOPES)
const Name = z.string().trim().min(1, 'required').max(120)
const Email = z.string().trim().toLowerCase().email('not an email address').max(254)
/** Long beats clever: 10 characters minimum, no composition rules (NIST SP 800-63B). */
export const Password = z.string().min(10, 'at least 10 characters').max(200)

export const SignIn = z.object({ email: Email, password: z.string().min(1).max(200) })
export const SetPassword = z.object({ password: Password, current: z.string().max(200).optional() })
export const UpdateMe = z.object({ name: Name })
export const CreateWorkspace = z.object({ name: Name })
export const CreateProject = z.object({ name: Name })
export const CreateDoc = z.object({ title: z.string().trim().max(200).default('') })
export const SetRole = z.object({ role: Role })
export const SetProjectRole = z.object({ role: Role.nullable() })
export const CreateInvite = z.object({ role: Role })
export const AcceptInvite = z.object({ name: Name, email: Email, password: Password }).partial()
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

export const Ticket = z.object({ ticket: z.string(), expiresAt: z.string() })
export type Ticket = z.infer<typeof Ticket>
