import type { FastifyInstance } from 'fastify'
import { type SessionsEnded, type SessionView, SignOutEverywhere } from '#shared/api/accounts'
import type { AuditLog } from '../../audit/audit-log.ts'
import { iso } from '../../http/iso.ts'
import type { Accounts, SessionInfo } from '../accounts.ts'
import { clearSessionCookie } from '../cookies.ts'
import { requireSession } from '../principal.ts'
import type { Revocation } from '../revocation.ts'
import { deviceSummary } from '../user-agent.ts'
import { HttpError } from '../../http/errors.ts'

const sessionView = (s: SessionInfo, currentHash: string): SessionView => ({
  id: s.id,
  device: deviceSummary(s.userAgent),
  address: s.address,
  createdAt: iso(s.createdAt),
  lastSeenAt: iso(s.lastSeenAt),
  current: s.hash === currentHash,
})

/**
 * Your own sessions (browser only): list them, end one, or sign out everywhere. "Everywhere"
 * means every session including this one unless `keepCurrent: true`; API tokens are not sessions
 * and stay (they are revoked on their own page).
 */
export async function sessionRoutes(app: FastifyInstance, opts: { accounts: Accounts; revocation: Revocation; audit: AuditLog }): Promise<void> {
  const { accounts, revocation, audit } = opts
  const config = { access: { who: 'user' as const, session: true } }
  const sessionOf = requireSession

  app.get('/api/auth/sessions', { config }, async (request): Promise<SessionView[]> => {
    const p = sessionOf(request.principal)
    return accounts.sessionsOf(p.user.id).map((s) => sessionView(s, p.sessionHash))
  })

  app.delete<{ Params: { sessionId: string } }>('/api/auth/sessions/:sessionId', { config }, async (request, reply) => {
    const p = sessionOf(request.principal)
    const target = accounts.sessionsOf(p.user.id).find((s) => s.id === request.params.sessionId)
    if (!target) throw new HttpError(404, 'not_found', 'session not found')
    revocation.endSession(target.hash, 'session revoked')
    audit.record({
      kind: 'auth.session_revoked',
      actorId: p.user.id,
      subjectId: p.user.id,
      address: request.ip,
      detail: { device: deviceSummary(target.userAgent) },
    })
    if (target.hash === p.sessionHash) clearSessionCookie(reply)
    return { ok: true, current: target.hash === p.sessionHash }
  })

  app.post('/api/auth/sign-out-everywhere', { config }, async (request, reply) => {
    const p = sessionOf(request.principal)
    const { keepCurrent } = SignOutEverywhere.parse(request.body ?? {})
    const ended = revocation.endSessionsOf(p.user.id, keepCurrent ? p.sessionHash : null, 'signed out everywhere')
    audit.record({
      kind: 'auth.sign_out_everywhere',
      actorId: p.user.id,
      subjectId: p.user.id,
      address: request.ip,
      detail: { sessionsEnded: ended, keptCurrent: keepCurrent },
    })
    if (!keepCurrent) clearSessionCookie(reply)
    const answer: SessionsEnded = { ok: true, sessionsEnded: ended }
    return answer
  })
}
