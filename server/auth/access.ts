import fastifyCookie from '@fastify/cookie'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { atLeast, type Role } from '#shared/auth/roles'
import { HttpError } from '../http/errors.ts'
import type { Accounts } from './accounts.ts'
import { type InstanceAdmins, isInstanceAdmin, notInstanceAdmin } from './admin.ts'
import { ANONYMOUS, type Principal, requireSession, resolvePrincipal, type RoleSource, roleOn, SESSION_COOKIE, type Target, usesBearer } from './principal.ts'

/**
 * Every route says who may call it, in `config.access`; a route under /api without one fails to
 * register, so a new route cannot be forgotten (and the authorisation matrix test enumerates
 * them from the same table).
 */
export type Access =
  /** Anyone, signed in or not. */
  | { who: 'public' }
  /** Any signed-in principal (session or token). `session: true` refuses API tokens. */
  | { who: 'user'; session?: boolean }
  /** The sync socket: authenticated and authorised per document inside the handler (close codes). */
  | { who: 'socket' }
  /**
   * A role of at least `min` on the workspace, project or document named by route param `param`
   * (an attachment or a task: on the project or document it belongs to).
   * `admin: true` also needs an instance administrator (server/auth/admin.ts: a session only).
   */
  | { on: 'workspace' | 'project' | 'doc' | 'task' | 'attachment'; param: string; min: Role; session?: boolean; admin?: boolean }

/** One row per route with an access policy: what the authorisation matrix test walks. */
export interface RouteEntry {
  method: string
  url: string
  access: Access
}

declare module 'fastify' {
  interface FastifyInstance {
    routeTable: RouteEntry[]
  }
  interface FastifyContextConfig {
    access?: Access
  }
  interface FastifyRequest {
    principal: Principal
    /** The caller's role on the route's resource (set for `on:` routes). */
    role: Role | null
  }
}

const unauthenticated = () => new HttpError(401, 'unauthenticated', 'sign in first')
// A script with a bad token is told so, not asked to "sign in" (it has no browser to sign in with).
const invalidToken = () => new HttpError(401, 'invalid_token', 'this API token is invalid or revoked')
// Not "forbidden": a non-member must not learn that the resource exists.
const notFound = (on: string) => new HttpError(404, 'not_found', `${on} not found`)

function targetOf(on: Extract<Access, { on: string }>['on'], id: string, opts: AccessOptions): Target | null {
  if (on === 'attachment') {
    // An attachment is as visible as its project: to anyone else it does not exist (404).
    const projectId = opts.attachmentProject(id)
    return projectId ? { projectId } : null
  }
  if (on === 'task') {
    // A task is as visible as the document its block lives in.
    const docId = opts.taskDoc(id)
    return docId ? { docId } : null
  }
  return on === 'workspace' ? { workspaceId: id } : on === 'project' ? { projectId: id } : { docId: id }
}

export interface AccessOptions {
  accounts: Accounts
  directory: RoleSource
  /** The document a task's block lives in, or null. */
  taskDoc: (taskId: string) => string | null
  /** The project an attachment belongs to, or null. */
  attachmentProject: (attachmentId: string) => string | null
  /** The instance administrators (server/auth/admin.ts). */
  admins: InstanceAdmins
}

async function accessPlugin(app: FastifyInstance, opts: AccessOptions): Promise<void> {
  await app.register(fastifyCookie)
  // Set by the preHandler below on every request; null only before it runs.
  app.decorateRequest('principal', null as never)
  app.decorateRequest('role', null)

  app.decorate('routeTable', [] as RouteEntry[])
  app.addHook('onRoute', (route) => {
    const url = route.url ?? route.path
    if (!url.startsWith('/api/') && !url.startsWith('/collab/') && !url.startsWith('/auth/')) return
    const policy = route.config?.access
    if (!policy) throw new Error(`route ${route.method} ${url} declares no access policy`)
    for (const method of [route.method].flat()) if (method !== 'HEAD') app.routeTable.push({ method, url, access: policy })
  })

  app.addHook('preHandler', async (request: FastifyRequest, _reply: FastifyReply) => {
    const access = request.routeOptions.config.access
    request.principal = resolvePrincipal(opts.accounts, {
      cookie: request.cookies[SESSION_COOKIE],
      authorization: request.headers.authorization,
    })
    if (!access || ('who' in access && (access.who === 'public' || access.who === 'socket'))) return
    // Cross-site writes never get here: server/auth/boundary.ts refuses them for every route.
    const p = request.principal
    if (p.kind === 'anonymous') throw usesBearer(request.headers.authorization) ? invalidToken() : unauthenticated()
    if ('session' in access && access.session) requireSession(p)
    if ('who' in access) return
    const id = (request.params as Record<string, string | undefined>)[access.param]
    if (!id) throw notFound(access.on)
    const target = targetOf(access.on, id, opts)
    const role = target ? roleOn(opts.directory, p, target) : null
    if (!role) throw notFound(access.on)
    if (!atLeast(role, access.min)) throw new HttpError(403, 'forbidden', `needs the ${access.min} role or higher`)
    // After the role: a stranger to the workspace still gets "not found", not a hint it exists.
    if (access.admin && !isInstanceAdmin(p, opts.admins)) throw notInstanceAdmin()
    request.role = role
  })
}

export const access = fp(accessPlugin, { name: 'keel-access' })

export { ANONYMOUS }
