import type { FastifyInstance } from 'fastify'
import { SetPassword, SignIn, UpdateMe } from '#shared/api/accounts'
import type { Accounts } from '../auth/accounts.ts'
import { clearSessionCookie, setSessionCookie } from '../auth/cookies.ts'
import { hashPassword, verifyAgainstNothing, verifyPassword } from '../auth/secrets.ts'
import type { LiveSockets } from '../collab/live-sockets.ts'
import type { Directory } from '../workspaces/directory.ts'
import { HttpError } from './errors.ts'
import { userView } from './views.ts'

/** Sign-in and out, the one-time sign-in link, who am I, name and password. */
export async function authRoutes(
  app: FastifyInstance,
  opts: { accounts: Accounts; directory: Directory; live: LiveSockets; signInRateLimit: number },
): Promise<void> {
  const { accounts, directory, live } = opts
  const rateLimit = { max: opts.signInRateLimit, timeWindow: '1 minute' }

  app.post('/api/auth/sign-in', { config: { access: { who: 'public' }, rateLimit } }, async (request, reply) => {
    const { email, password } = SignIn.parse(request.body)
    const found = accounts.credentials(email)
    const ok = found?.passwordHash ? await verifyPassword(password, found.passwordHash) : await verifyAgainstNothing(password)
    if (!ok || !found) throw new HttpError(401, 'invalid_credentials', 'wrong email or password')
    const session = accounts.createSession(found.user.id)
    setSessionCookie(request, reply, session.secret, session.expiresAt)
    return { user: userView(found.user) }
  })

  app.post('/api/auth/sign-out', { config: { access: { who: 'user', session: true } } }, async (request, reply) => {
    const p = request.principal
    if (p.kind === 'session') {
      accounts.endSession(p.sessionHash)
      live.closeSession(p.sessionHash)
    }
    clearSessionCookie(reply)
    return { ok: true }
  })

  // The one-time link printed for the first owner: signs in, then the app asks for a password.
  app.get<{ Params: { secret: string } }>(
    '/auth/link/:secret',
    { config: { access: { who: 'public' }, rateLimit } },
    async (request, reply) => {
      const userId = accounts.useSignInLink(request.params.secret)
      if (!userId) return reply.redirect('/sign-in?error=link')
      const session = accounts.createSession(userId)
      setSessionCookie(request, reply, session.secret, session.expiresAt)
      return reply.redirect('/settings/account?welcome=1')
    },
  )

  app.get('/api/auth/me', { config: { access: { who: 'user' } } }, async (request) => {
    const p = request.principal
    if (p.kind === 'anonymous') throw new HttpError(401, 'unauthenticated', 'sign in first')
    const workspaces = directory
      .workspacesOf(p.user.id)
      .filter((w) => p.kind === 'session' || w.id === p.token.workspaceId)
      .map((w) => ({ id: w.id, name: w.name, role: w.role }))
    return { user: userView(p.user), workspaces, via: p.kind }
  })

  app.patch('/api/auth/me', { config: { access: { who: 'user', session: true } } }, async (request) => {
    const { name } = UpdateMe.parse(request.body)
    const p = request.principal
    if (p.kind !== 'session') throw new HttpError(403, 'forbidden', 'session only')
    accounts.setName(p.user.id, name)
    return { user: userView(accounts.user(p.user.id)!) }
  })

  app.put('/api/auth/password', { config: { access: { who: 'user', session: true }, rateLimit } }, async (request) => {
    const { password, current } = SetPassword.parse(request.body)
    const p = request.principal
    if (p.kind !== 'session') throw new HttpError(403, 'forbidden', 'session only')
    const found = accounts.credentials(p.user.email)!
    // Changing a password needs the current one; setting the first one (after the link) does not.
    if (found.passwordHash && !(current && (await verifyPassword(current, found.passwordHash)))) {
      throw new HttpError(403, 'invalid_credentials', 'the current password is wrong')
    }
    accounts.setPassword(p.user.id, await hashPassword(password))
    return { ok: true }
  })
}
