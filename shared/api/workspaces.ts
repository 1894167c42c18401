import { z } from 'zod'
import { passwordProblem } from '../auth/password.ts'
import { Email, Name, Password, Role } from './fields.ts'

/** Request and answer shapes of the workspace, member, project and invite routes. */

export const CreateWorkspace = z.object({ name: Name })
export const CreateProject = z.object({ name: Name })
export const SetRole = z.object({ role: Role })
export const SetProjectRole = z.object({ role: Role.nullable() })
export const CreateInvite = z.object({ role: Role })
export const AcceptInvite = z.object({ name: Name, email: Email, password: Password }).partial()
/** Accepting an invite by creating an account: everything required, and the password is not the email. */
export const AcceptInviteNewAccount = z.object({ name: Name, email: Email, password: Password }).superRefine((v, ctx) => {
  const problem = passwordProblem(v.password, v.email)
  if (problem) ctx.addIssue({ code: 'custom', path: ['password'], message: problem })
})

export const WorkspaceView = z.object({ id: z.string(), name: z.string(), role: Role })
export type WorkspaceView = z.infer<typeof WorkspaceView>

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

export const InviteView = z.object({ id: z.string(), role: Role, createdAt: z.string(), expiresAt: z.string(), used: z.boolean() })
export const CreatedInvite = z.object({ invite: InviteView, url: z.string() })
export const InvitePreview = z.object({ workspaceName: z.string(), role: Role, expiresAt: z.string() })

export type InviteView = z.infer<typeof InviteView>
export type CreatedInvite = z.infer<typeof CreatedInvite>
export type InvitePreview = z.infer<typeof InvitePreview>

/** `GET /api/projects/:projectId`: the project with its description and page tree document. */
export const ProjectDetail = ProjectView.extend({ description: z.string(), treeDocId: z.string() })
export type ProjectDetail = z.infer<typeof ProjectDetail>

/** A member's new workspace role, and a project override (null: the workspace role applies). */
export const MemberRole = z.object({ userId: z.string(), role: Role })
export type MemberRole = z.infer<typeof MemberRole>
export const MemberProjectRole = z.object({ userId: z.string(), projectRole: Role.nullable() })
export type MemberProjectRole = z.infer<typeof MemberProjectRole>

/** An accepted invite: the workspace, and the role the user now has there (an invite never lowers one). */
export const AcceptedInvite = z.object({ workspaceId: z.string(), role: Role.nullable() })
export type AcceptedInvite = z.infer<typeof AcceptedInvite>
