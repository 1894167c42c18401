import type { FastifyInstance } from 'fastify'
import {
  CompletePasswordReset,
  InspectPasswordReset,
  type PasswordResetDone,
  type PasswordResetInfo,
  type PasswordResetRequested,
  RequestPasswordReset,
} from '#shared/api/accounts'
import { ErrorCode } from '#shared/api/errors'
import { passwordProblem } from '#shared/auth/password'
import type { AuditLog } from '../../audit/audit-log.ts'
import { HttpError } from '../../http/errors.ts'
import { iso } from '../../http/iso.ts'
import type { Accounts } from '../accounts.ts'
import { setSessionCookie } from '../cookies.ts'
import type { PasswordResets } from '../password-resets.ts'
import type { Revocation } from '../revocation.ts'
import { hashPassword } from '../secrets.ts'
import type { SignInGuard } from '../sign-in-guard.ts'
import { userView } from '../views.ts'
import { originOf } from './sign-in.ts'

export interface PasswordResetRouteOptions {
  accounts: Accounts
  resets: PasswordResets
  revocation: Revocation
  guard: SignInGuard
  audit: AuditLog
  signInRateLimit: number
}

/**
 * "Forgot password?" and the reset link. All public (the caller cannot sign in, that is the
 * point), rate limited per address like sign-in, and same-origin like every write
 * (server/auth/boundary.ts: a foreign page cannot complete a reset and sign its victim into an
 * account of its choosing). The secret arrives in bodies only, so no request log holds it.
 */
export async function passwordResetRoutes(app: FastifyInstance, opts: PasswordResetRouteOptions): Promise<void> {
  const { accounts, resets, revocation, guard, audit } = opts
  const rateLimit = { max: opts.signInRateLimit, timeWindow: '1 minute' }

  app.post('/api/auth/password-reset', { config: { access: { who: 'public' }, rateLimit } }, async (request, reply) => {
    const { email } = RequestPasswordReset.parse(request.body)
    const { wait, userId } = resets.request(email, request.ip)
    if (wait !== null) {
      reply.header('retry-after', String(Math.ceil(wait / 1000)))
      throw new HttpError(429, ErrorCode.TooManyAttempts, `too many password reset requests for this email: try again in ${Math.ceil(wait / 60_000)} min`)
    }
    if (userId) audit.record({ kind: 'auth.password_reset_requested', subjectId: userId, address: request.ip })
    // The same answer, status and body whether or not the email has an account.
    const answer: PasswordResetRequested = { ok: true }
    return reply.status(202).send(answer)
  })

  app.post('/api/auth/password-reset/inspect', { config: { access: { who: 'public' }, rateLimit } }, async (request): Promise<PasswordResetInfo> => {
    const { secret } = InspectPasswordReset.parse(request.body)
    const { user, expiresAt } = resets.inspect(secret)
    return { email: user.email, expiresAt: iso(expiresAt) }
  })

  app.post('/api/auth/password-reset/complete', { config: { access: { who: 'public' }, rateLimit } }, async (request, reply): Promise<PasswordResetDone> => {
    const { secret, password } = CompletePasswordReset.parse(request.body)
    // The link first (a dead link is the answer, whatever the password), then the rule, then the slow hash.
    const { user: whose } = resets.inspect(secret)
    const problem = passwordProblem(password, whose.email)
    if (problem) throw new HttpError(400, ErrorCode.WeakPassword, problem)
    const hash = await hashPassword(password)
    // Used here, after the await: of two requests racing with one link, one wins.
    const { user, issuedBy } = resets.use(secret)
    accounts.setPassword(user.id, hash)
    // Whoever holds a session of this account (perhaps why it is being reset) is out, with their sockets and streams.
    const ended = revocation.endSessionsOf(user.id, null, 'password reset')
    guard.succeeded(user.email)
    const session = accounts.createSession(user.id, originOf(request))
    setSessionCookie(request, reply, session.secret, session.expiresAt)
    audit.record({
      kind: 'auth.password_reset_completed',
      actorId: user.id,
      subjectId: user.id,
      address: request.ip,
      detail: { sessionsEnded: ended, issuedByOwner: issuedBy !== null },
    })
    return { user: userView(accounts.user(user.id)!), sessionsEnded: ended }
  })
}
