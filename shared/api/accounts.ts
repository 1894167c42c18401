import { z } from 'zod'
import { MAX_PASSWORD_LENGTH } from '../auth/password.ts'
import { Email, Name, Password, Scope } from './fields.ts'
import { WorkspaceView } from './workspaces.ts'

/**
 * Request and answer shapes of the account, session, token and ticket routes (workspaces,
 * projects and invites: ./workspaces.ts).
 */

/** Sign-in takes any stored password: one set under an older, shorter rule keeps working. */
export const SignIn = z.object({ email: Email, password: z.string().min(1).max(MAX_PASSWORD_LENGTH) })
export const SetPassword = z.object({ password: Password, current: z.string().max(MAX_PASSWORD_LENGTH).optional() })
/** Sign out everywhere: every session of the account ends, this one too unless `keepCurrent`. */
export const SignOutEverywhere = z.object({ keepCurrent: z.boolean().default(false) }).default({ keepCurrent: false })
/** "Forgot password?": the answer is the same whether or not the email has an account. */
export const RequestPasswordReset = z.object({ email: Email })
/** The reset link's secret travels in the URL fragment and then in a body, never in a path or query. */
const ResetSecret = z.string().min(1).max(200)
export const InspectPasswordReset = z.object({ secret: ResetSecret })
/** The password's rule is the account page's; "not your email" is checked once the link says whose it is. */
export const CompletePasswordReset = z.object({ secret: ResetSecret, password: Password })
export const UpdateMe = z.object({ name: Name })
export const CreateToken = z.object({ name: Name, workspaceId: z.string().min(1).max(64), scope: Scope })
export const TicketRequest = z.object({ docId: z.string().min(1).max(64) })

export const UserView = z.object({ id: z.string(), email: z.string(), name: z.string(), color: z.string(), hasPassword: z.boolean() })
export type UserView = z.infer<typeof UserView>

/** `admin`: an instance administrator (docs/ROLES.md), always false for a token. */
export const Me = z.object({ user: UserView, workspaces: z.array(WorkspaceView), via: z.enum(['session', 'token']), admin: z.boolean() })
export type Me = z.infer<typeof Me>

export const DocSummary = z.object({ id: z.string(), title: z.string(), createdAt: z.string(), updatedAt: z.string() })
export type DocSummary = z.infer<typeof DocSummary>

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
export type CreatedToken = z.infer<typeof CreatedToken>

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

/** Accepted: a link is on its way if the email has an account (the same answer when it does not). */
export const PasswordResetRequested = z.object({ ok: z.literal(true) })
export type PasswordResetRequested = z.infer<typeof PasswordResetRequested>
/** What a valid link is for: the account's email (for the password rule and password managers). */
export const PasswordResetInfo = z.object({ email: z.string(), expiresAt: z.string() })
export type PasswordResetInfo = z.infer<typeof PasswordResetInfo>
/** The new password is set, every session of the account ended, and this browser signed in. */
export const PasswordResetDone = z.object({ user: UserView, sessionsEnded: z.number() })
export type PasswordResetDone = z.infer<typeof PasswordResetDone>
/** An owner's reset link for a member, shown once to pass on (no email needed). */
export const IssuedPasswordReset = z.object({ url: z.string(), expiresAt: z.string() })
export type IssuedPasswordReset = z.infer<typeof IssuedPasswordReset>

/** A password change or a sign-out everywhere: how many other sessions it ended. */
export const SessionsEnded = z.object({ ok: z.literal(true), sessionsEnded: z.number() })
export type SessionsEnded = z.infer<typeof SessionsEnded>
