import type { FastifyInstance, FastifyRequest } from 'fastify'
import { type Me, type SessionsEnded, SetPassword, SignIn, UpdateMe, type UserView } from '#shared/api/accounts'
import { passwordProblem } from '#shared/auth/password'
import type { AuditLog } from '../../audit/audit-log.ts'
import type { Accounts } from '../accounts.ts'
import { clearSessionCookie, setSessionCookie } from '../cookies.ts'
import type { Revocation } from '../revocation.ts'
import { hashPassword, verifyAgainstNothing, verifyPassword } from '../secrets.ts'
import type { SignInGuard } from '../sign-in-guard.ts'
import { HttpError } from '../../http/errors.ts'
import { type InstanceAdmins, isInstanceAdmin } from '../admin.ts'
import { type Memberships, requireSession, requireSignedIn } from '../principal.ts'
import { userView } from '../views.ts'

export interface AuthRouteOptions {
  accounts: Accounts
  directory: Memberships
  revocation: Revocation
  guard: SignInGuard
  audit: AuditLog
  signInRateLimit: number
  admins: InstanceAdmins
}

/** Where a new session comes from, as the list of sessions shows it. */
export const originOf = (request: FastifyRequest) => ({ userAgent: request.headers['user-agent'], address: request.ip })

/** Sign-in and out, the one-time sign-in link, who am I, name and password. */
export async function signInRoutes(app: FastifyInstance, opts: AuthRouteOptions): Promise<void> {
  const { accounts, directory, revocation, guard, audit } = opts
  const rateLimit = { max: opts.signInRateLimit, timeWindow: '1 minute' }

  app.post('/api/auth/sign-in', { config: { access: { who: 'public' }, rateLimit } }, async (request, reply) => {
    const { email, password } = SignIn.parse(request.body)
    // Per account, whatever the address: rotating addresses buys no extra guesses.
    const wait = guard.attempt(email, request.ip)
    if (wait !== null) {
      reply.header('retry-after', String(Math.ceil(wait / 1000)))
      throw new HttpError(
        429,
        'too_many_attempts',
        `too many failed sign-ins for this account: try again in ${Math.ceil(wait / 60_000)} min, or use a one-time sign-in link`,
      )
    }
    const found = accounts.credentials(email)
    const ok = found?.passwordHash ? await verifyPassword(password, found.passwordHash) : await verifyAgainstNothing(password)
    if (!ok || !found) {
      // Already counted by `attempt`, before the password was checked.
      audit.record({ kind: 'auth.sign_in_failed', subjectId: found?.user.id ?? null, address: request.ip })
      throw new HttpError(401, 'invalid_credentials', 'wrong email or password')
    }
    guard.succeeded(email)
    const session = accounts.createSession(found.user.id, originOf(request))
    audit.record({ kind: 'auth.sign_in', actorId: found.user.id, subjectId: found.user.id, address: request.ip })
    setSessionCookie(request, reply, session.secret, session.expiresAt)
    const answer: { user: UserView } = { user: userView(found.user) }
    return answer
  })

  app.post('/api/auth/sign-out', { config: { access: { who: 'user', session: true } } }, async (request, reply) => {
    const p = request.principal
    if (p.kind === 'session') {
      // The session row, its unused sync tickets and its open sockets and streams, all at once.
      revocation.endSession(p.sessionHash)
      audit.record({ kind: 'auth.sign_out', actorId: p.user.id, subjectId: p.user.id, address: request.ip })
    }
    clearSessionCookie(reply)
    return { ok: true }
  })

  // A one-time link (the first owner's, or one an operator issues): not gated by the per-account
  // pause on passwords, so a user locked out by someone else's guessing can still get in.
  app.get<{ Params: { secret: string } }>('/auth/link/:secret', { config: { access: { who: 'public' }, rateLimit } }, async (request, reply) => {
    const userId = accounts.useSignInLink(request.params.secret)
    const user = userId ? accounts.user(userId) : null
    if (!user) return reply.redirect('/sign-in?error=link')
    guard.succeeded(user.email)
    const session = accounts.createSession(user.id, originOf(request))
    audit.record({ kind: 'auth.sign_in_link', actorId: user.id, subjectId: user.id, address: request.ip })
    setSessionCookie(request, reply, session.secret, session.expiresAt)
    return reply.redirect('/settings/account?welcome=1')
  })

  app.get('/api/auth/me', { config: { access: { who: 'user' } } }, async (request): Promise<Me> => {
    const p = requireSignedIn(request.principal)
    const workspaces = directory
      .workspacesOf(p.user.id)
      .filter((w) => p.kind === 'session' || w.id === p.token.workspaceId)
      .map((w) => ({ id: w.id, name: w.name, role: w.role }))
    // The client shows instance settings (backups) only to admins; the routes check for themselves.
    return { user: userView(p.user), workspaces, via: p.kind, admin: isInstanceAdmin(p, opts.admins) }
  })

  app.patch('/api/auth/me', { config: { access: { who: 'user', session: true } } }, async (request): Promise<{ user: UserView }> => {
    const { name } = UpdateMe.parse(request.body)
    const p = requireSession(request.principal)
    accounts.setName(p.user.id, name)
    return { user: userView(accounts.user(p.user.id)!) }
  })

  app.put('/api/auth/password', { config: { access: { who: 'user', session: true }, rateLimit } }, async (request): Promise<SessionsEnded> => {
    const { password, current } = SetPassword.parse(request.body)
    const p = requireSession(request.principal)
    const problem = passwordProblem(password, p.user.email)
    if (problem) throw new HttpError(400, 'weak_password', problem)
    const found = accounts.credentials(p.user.email)!
    // Changing a password needs the current one; setting the first one (after the link) does not.
    if (found.passwordHash && !(current && (await verifyPassword(current, found.passwordHash)))) {
      throw new HttpError(403, 'invalid_credentials', 'the current password is wrong')
    }
    accounts.setPassword(p.user.id, await hashPassword(password))
    // Whoever else holds a session (perhaps the reason for the change) is out; this one stays.
    const ended = revocation.endSessionsOf(p.user.id, p.sessionHash, 'password changed')
    audit.record({
      kind: 'auth.password_changed',
      actorId: p.user.id,
      subjectId: p.user.id,
      address: request.ip,
      detail: { sessionsEnded: ended, first: !found.passwordHash },
    })
    return { ok: true, sessionsEnded: ended }
  })
}
