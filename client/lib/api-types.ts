/**
 * Answer shapes of the REST API, defined once in shared/api/ and re-exported for the client.
 * Types only: the schemas (and zod) stay out of the bundle.
 */
export type {
  CreatedToken,
  DocSummary,
  IssuedPasswordReset,
  Me,
  PasswordResetDone,
  PasswordResetInfo,
  SessionView,
  TokenView,
  UserView,
} from '#shared/api/accounts'
export type { CreatedInvite, InvitePreview, InviteView, MemberView, ProjectView, WorkspaceView } from '#shared/api/workspaces'
export type { DocMeta } from '#shared/api/docs'
export type { Role, TokenScope } from '#shared/auth/roles'
