import type { FastifyInstance } from 'fastify'
import { type AcceptedInvite, AcceptInviteNewAccount, type InvitePreview } from '#shared/api/workspaces'
import type { AuditLog } from '../../audit/audit-log.ts'
import type { Accounts } from '../../auth/accounts.ts'
import { setSessionCookie } from '../../auth/cookies.ts'
import { hashPassword } from '../../auth/secrets.ts'
import { HttpError } from '../../http/errors.ts'
import { iso } from '../../http/iso.ts'
import type { Directory } from '../directory.ts'

type P = { Params: { secret: string } }

/** Invite links: anyone holding one may look at it, and accept it once (creating an account if needed). */
export async function inviteRoutes(
  app: FastifyInstance,
  opts: { accounts: Accounts; directory: Directory; audit: AuditLog; rateLimit: number; reserved: (email: string) => boolean },
): Promise<void> {
  const { accounts, directory } = opts
  const rateLimit = { max: opts.rateLimit, timeWindow: '1 minute' }
  const gone = () => new HttpError(404, 'not_found', 'this invite is not valid any more')

  app.get<P>('/api/invites/:secret', { config: { access: { who: 'public' }, rateLimit } }, async (request): Promise<InvitePreview> => {
    const invite = directory.pendingInvite(request.params.secret)
    if (!invite) throw gone()
    return { workspaceName: directory.workspace(invite.workspaceId)!.name, role: invite.role, expiresAt: iso(invite.expiresAt) }
  })

  app.post<P>('/api/invites/:secret/accept', { config: { access: { who: 'public' }, rateLimit } }, async (request, reply): Promise<AcceptedInvite> => {
    const p = request.principal
    let userId: string
    if (p.kind === 'session') {
      userId = p.user.id
    } else {
      const body = AcceptInviteNewAccount.parse(request.body)
      if (!directory.pendingInvite(request.params.secret)) throw gone()
      if (accounts.credentials(body.email)) throw new HttpError(409, 'email_taken', 'that email has an account: sign in, then open the invite again')
      // An admin's email (or the owner's) is the operator's to create, with `keel sign-in-link`, whose link
      // goes to that address; typed in here, unverified, it would make whoever typed it the instance admin.
      if (opts.reserved(body.email)) throw new HttpError(403, 'forbidden', 'this email is reserved for the instance administrator: ask them for a sign-in link')
      userId = accounts.createUser({ email: body.email, name: body.name, passwordHash: await hashPassword(body.password) }).id
      const session = accounts.createSession(userId, { userAgent: request.headers['user-agent'], address: request.ip })
      setSessionCookie(request, reply, session.secret, session.expiresAt)
    }
    const invite = directory.acceptInvite(request.params.secret, userId)
    if (!invite) throw gone()
    opts.audit.record({
      kind: 'invite.accepted',
      actorId: userId,
      subjectId: userId,
      workspaceId: invite.workspaceId,
      address: request.ip,
      detail: { role: invite.role, newAccount: p.kind !== 'session' },
    })
    return { workspaceId: invite.workspaceId, role: directory.workspaceRole(invite.workspaceId, userId) }
  })
}
