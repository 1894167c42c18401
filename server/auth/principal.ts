import { type Role, scopeCap, weaker } from '#shared/auth/roles'
import { HttpError } from '../http/errors.ts'
import type { Accounts, ApiToken, User } from './accounts.ts'

/** Who is asking: nobody, a browser session, or a script with an API token. */
export type Principal = { kind: 'anonymous' } | { kind: 'session'; user: User; sessionHash: string } | { kind: 'token'; user: User; token: ApiToken }

export const ANONYMOUS: Principal = { kind: 'anonymous' }

export const SESSION_COOKIE = 'keel_session'

/** What a role is asked about: a workspace, a project, or a document (which inherits its project's). */
export type Target = { workspaceId: string } | { projectId: string } | { docId: string }

/**
 * True when the request authenticates with the Bearer scheme. Then the header is the credential,
 * well-formed or not, and the cookie is never consulted: the request boundary lets such requests
 * through without an Origin (they carry no ambient credential), so both must agree on this.
 * Other schemes (a proxy's Basic auth) are not ours and leave the cookie in charge.
 */
export const usesBearer = (authorization: string | undefined): boolean => /^Bearer(\s|$)/i.test(authorization ?? '')

/** Reads the principal from a session cookie value or an `Authorization: Bearer` header. */
export function resolvePrincipal(accounts: Accounts, input: { cookie?: string | undefined; authorization?: string | undefined }): Principal {
  if (usesBearer(input.authorization)) {
    const bearer = /^Bearer\s+(\S+)$/i.exec(input.authorization ?? '')?.[1]
    if (!bearer) return ANONYMOUS
    const token = accounts.tokenFor(bearer)
    const user = token && accounts.user(token.userId)
    return token && user ? { kind: 'token', user, token } : ANONYMOUS
  }
  if (input.cookie) {
    const found = accounts.sessionUser(input.cookie)
    if (found) return { kind: 'session', ...found }
  }
  return ANONYMOUS
}

/**
 * What roleOn reads about memberships. Declared here, and satisfied by the workspaces Directory,
 * because auth is the lower floor: it says who is asking (accounts, sessions, tokens) and how a
 * token caps a role; workspaces (membership, projects, invites) builds on it (invites create
 * accounts and sessions). So auth imports nothing from workspaces, only this shape.
 */
export interface RoleSource {
  workspaceRole(workspaceId: string, userId: string): Role | null
  roleInProject(projectId: string, userId: string): Role | null
  project(projectId: string): { id: string; workspaceId: string } | null
  docOwner(docId: string): { projectId: string; workspaceId: string } | null
}

/** What the auth routes read about memberships besides roles (who am I: my workspaces). */
export interface Memberships extends RoleSource {
  workspacesOf(userId: string): { id: string; name: string; role: Role }[]
}

/**
 * The principal's role on a target, or null for no access at all. A token only reaches its own
 * workspace, and its scope caps the role (read → viewer, write → editor).
 */
export function roleOn(directory: RoleSource, principal: Principal, target: Target): Role | null {
  if (principal.kind === 'anonymous') return null
  let workspaceId: string
  let role: Role | null
  if ('workspaceId' in target) {
    workspaceId = target.workspaceId
    role = directory.workspaceRole(workspaceId, principal.user.id)
  } else {
    const projectId = 'projectId' in target ? target.projectId : directory.docOwner(target.docId)?.projectId
    const project = projectId ? directory.project(projectId) : null
    if (!project) return null
    workspaceId = project.workspaceId
    role = directory.roleInProject(project.id, principal.user.id)
  }
  if (!role) return null
  if (principal.kind === 'token') {
    if (principal.token.workspaceId !== workspaceId) return null
    return weaker(role, scopeCap[principal.token.scope])
  }
  return role
}

/** The user id a change is recorded under: the signed-in user, or 'anonymous' (public routes). */
export const userIdOf = (principal: Principal): string => (principal.kind === 'anonymous' ? 'anonymous' : principal.user.id)

/**
 * The signed-in user of a route the access plugin has already let through (`who: 'user'` or an
 * `on:` rule): it never meets an anonymous caller, but handlers need the narrowed type, and
 * refusing here keeps a route misdeclared as public from acting for nobody.
 */
export function requireSignedIn(principal: Principal): Exclude<Principal, { kind: 'anonymous' }> {
  if (principal.kind === 'anonymous') throw new HttpError(401, 'unauthenticated', 'sign in first')
  return principal
}

/** `requireSignedIn(principal).user`. */
export const requireUser = (principal: Principal): User => requireSignedIn(principal).user

/** A browser session, for routes declared `session: true` (tokens and sessions are managed from the browser only). */
export function requireSession(principal: Principal): Extract<Principal, { kind: 'session' }> {
  if (principal.kind !== 'session') throw new HttpError(403, 'forbidden', 'this needs a signed-in browser session, not an API token')
  return principal
}
