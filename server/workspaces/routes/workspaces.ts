import type { FastifyInstance } from 'fastify'
import {
  type CreatedInvite,
  CreateInvite,
  CreateProject,
  CreateWorkspace,
  type InviteView,
  type MemberRole,
  type MemberView,
  type ProjectView,
  SetRole,
  type WorkspaceView,
} from '#shared/api/workspaces'
import type { IssuedPasswordReset } from '#shared/api/accounts'
import { ErrorCode } from '#shared/api/errors'
import type { PasswordResets } from '../../auth/password-resets.ts'
import { iso } from '../../http/iso.ts'
import { requireSession, requireUser } from '../../auth/principal.ts'
import { actorOf } from '../../audit/actor.ts'
import type { AuditLog } from '../../audit/audit-log.ts'
import type { LiveSockets } from '../../collab/live-sockets.ts'
import { HttpError } from '../../http/errors.ts'
import type { Directory } from '../directory.ts'
import { inviteView, projectView } from '../views.ts'

type P = { Params: { workspaceId: string; userId: string; inviteId: string } }

/**
 * Workspaces, their members, invites and projects. Owners manage the workspace (members, invites,
 * projects); every member reads it (docs/ROLES.md). Only the workspace role counts here: a
 * project override changes a member's role in that one project, never in the workspace.
 */
export async function workspaceRoutes(
  app: FastifyInstance,
  opts: { directory: Directory; live: LiveSockets; audit: AuditLog; link: (path: string) => string; resets: PasswordResets },
): Promise<void> {
  const { directory, live, audit } = opts
  const ws = (min: 'owner' | 'editor' | 'viewer') => ({ access: { on: 'workspace' as const, param: 'workspaceId', min } })

  app.get('/api/workspaces', { config: { access: { who: 'user' } } }, async (request): Promise<WorkspaceView[]> => {
    const p = request.principal
    if (p.kind === 'anonymous') return []
    return directory
      .workspacesOf(p.user.id)
      .filter((w) => p.kind === 'session' || w.id === p.token.workspaceId)
      .map((w) => ({ id: w.id, name: w.name, role: w.role }))
  })

  app.post('/api/workspaces', { config: { access: { who: 'user', session: true } } }, async (request, reply) => {
    const { name } = CreateWorkspace.parse(request.body)
    const created = directory.createWorkspace(name, requireSession(request.principal).user.id)
    const answer: WorkspaceView = { id: created.id, name: created.name, role: 'owner' }
    return reply.status(201).send(answer)
  })

  app.get<P>('/api/workspaces/:workspaceId', { config: ws('viewer') }, async (request): Promise<WorkspaceView> => {
    const w = directory.workspace(request.params.workspaceId)!
    return { id: w.id, name: w.name, role: request.role! }
  })

  app.get<P>('/api/workspaces/:workspaceId/members', { config: ws('viewer') }, async (request): Promise<MemberView[]> =>
    directory.members(request.params.workspaceId),
  )

  app.put<P>('/api/workspaces/:workspaceId/members/:userId', { config: ws('owner') }, async (request): Promise<MemberRole> => {
    const { role } = SetRole.parse(request.body)
    const { workspaceId, userId } = request.params
    const current = directory.workspaceRole(workspaceId, userId)
    if (!current) throw new HttpError(404, 'not_found', 'member not found')
    if (current === 'owner' && role !== 'owner' && directory.ownerCount(workspaceId) === 1) {
      throw new HttpError(409, 'last_owner', 'a workspace needs at least one owner')
    }
    directory.setMember(workspaceId, userId, role)
    live.accessChanged(userId, workspaceId)
    audit.record({
      kind: 'member.role_changed',
      actorId: actorOf(request.principal),
      subjectId: userId,
      workspaceId,
      address: request.ip,
      detail: { from: current, to: role },
    })
    return { userId, role }
  })

  app.delete<P>('/api/workspaces/:workspaceId/members/:userId', { config: ws('owner') }, async (request) => {
    const { workspaceId, userId } = request.params
    const current = directory.workspaceRole(workspaceId, userId)
    if (!current) throw new HttpError(404, 'not_found', 'member not found')
    if (current === 'owner' && directory.ownerCount(workspaceId) === 1) {
      throw new HttpError(409, 'last_owner', 'a workspace needs at least one owner')
    }
    directory.removeMember(workspaceId, userId)
    live.accessChanged(userId, workspaceId)
    audit.record({
      kind: 'member.removed',
      actorId: actorOf(request.principal),
      subjectId: userId,
      workspaceId,
      address: request.ip,
      detail: { role: current },
    })
    return { ok: true }
  })

  // For teams without email: the owner passes the link on. It signs in as the member everywhere,
  // so only for a member of no workspace the owner does not own too (else the owner of one
  // workspace could take over someone's access to another). Audited in the workspace.
  app.post<P>(
    '/api/workspaces/:workspaceId/members/:userId/password-reset',
    { config: { access: { on: 'workspace', param: 'workspaceId', min: 'owner', session: true } } },
    async (request, reply) => {
      const { workspaceId, userId } = request.params
      const issuer = requireSession(request.principal).user.id
      if (!directory.workspaceRole(workspaceId, userId)) throw new HttpError(404, 'not_found', 'member not found')
      const elsewhere = directory.workspacesOf(userId).filter((w) => directory.workspaceRole(w.id, issuer) !== 'owner')
      if (elsewhere.length > 0) {
        throw new HttpError(
          409,
          ErrorCode.MemberElsewhere,
          'this member also belongs to a workspace you do not own: they can reset their password from the sign-in page ("Forgot password?"), or an operator can run `npm run keel -- sign-in-link <email>`',
        )
      }
      const { url, expiresAt } = opts.resets.issue(userId, issuer)
      audit.record({ kind: 'auth.password_reset_issued', actorId: issuer, subjectId: userId, workspaceId, address: request.ip })
      const answer: IssuedPasswordReset = { url, expiresAt: iso(expiresAt) }
      return reply.status(201).send(answer)
    },
  )

  app.get<P>('/api/workspaces/:workspaceId/invites', { config: ws('owner') }, async (request): Promise<InviteView[]> =>
    directory.invites(request.params.workspaceId).map(inviteView),
  )

  app.post<P>('/api/workspaces/:workspaceId/invites', { config: ws('owner') }, async (request, reply) => {
    const { role } = CreateInvite.parse(request.body)
    const { invite, secret } = directory.createInvite(request.params.workspaceId, role, requireUser(request.principal).id)
    const created: CreatedInvite = { invite: inviteView(invite), url: opts.link(`/invite/${secret}`) }
    return reply.status(201).send(created)
  })

  app.delete<P>('/api/workspaces/:workspaceId/invites/:inviteId', { config: ws('owner') }, async (request) => {
    if (!directory.deleteInvite(request.params.workspaceId, request.params.inviteId)) throw new HttpError(404, 'not_found', 'invite not found')
    return { ok: true }
  })

  app.get<P>('/api/workspaces/:workspaceId/projects', { config: ws('viewer') }, async (request): Promise<ProjectView[]> => {
    const p = request.principal
    if (p.kind === 'anonymous') return []
    // Only the projects this member can see (an override may give a project no access… it cannot:
    // overrides only change the role, never remove it), each with the caller's role there.
    return directory
      .projects(request.params.workspaceId)
      .map((project) => projectView(project, directory.roleInProject(project.id, p.user.id) ?? request.role!))
  })

  // A new project is workspace structure, like members and invites: owners only (docs/ROLES.md).
  app.post<P>('/api/workspaces/:workspaceId/projects', { config: ws('owner') }, async (request, reply) => {
    const { name } = CreateProject.parse(request.body)
    const project = directory.createProject(request.params.workspaceId, name)
    return reply.status(201).send(projectView(project, request.role!))
  })
}
