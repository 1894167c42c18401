import type { z } from 'zod'
import type { CreatedInvite as CreatedInviteSchema, CreatedToken as CreatedTokenSchema, InvitePreview as InvitePreviewSchema, InviteView as InviteViewSchema } from '#shared/api/accounts'

/** Answer shapes of the REST API. Types only: the schemas (and zod) stay out of the bundle. */
export type { DocSummary, Me, MemberView, ProjectView, SessionView, TokenView, UserView, WorkspaceView } from '#shared/api/accounts'
export type { DocMeta } from '#shared/api/docs'
export type { Role, TokenScope } from '#shared/auth/roles'

export type InviteView = z.infer<typeof InviteViewSchema>
export type CreatedInvite = z.infer<typeof CreatedInviteSchema>
export type InvitePreview = z.infer<typeof InvitePreviewSchema>
export type CreatedToken = z.infer<typeof CreatedTokenSchema>
