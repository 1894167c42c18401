import type { FastifyInstance } from 'fastify'
import { type CreatedToken, CreateToken, type TokenView } from '#shared/api/accounts'
import type { Accounts } from '../accounts.ts'
import { type Memberships, type Principal, requireSession } from '../principal.ts'
import type { AuditLog } from '../../audit/audit-log.ts'
import type { Revocation } from '../revocation.ts'
import { HttpError } from '../../http/errors.ts'
import { tokenView } from '../views.ts'

/**
 * API tokens for scripts and the CLI. Managed from a browser session only: a token cannot mint
 * or revoke tokens. The secret is in the creation answer and nowhere else.
 */
export async function tokenRoutes(
  app: FastifyInstance,
  opts: { accounts: Accounts; directory: Memberships; revocation: Revocation; audit: AuditLog },
): Promise<void> {
  const { accounts, directory, revocation, audit } = opts
  const session = { access: { who: 'user' as const, session: true } }
  const sessionUser = (p: Principal) => requireSession(p).user

  app.get('/api/tokens', { config: session }, async (request): Promise<TokenView[]> => accounts.tokensOf(sessionUser(request.principal).id).map(tokenView))

  app.post('/api/tokens', { config: session }, async (request, reply) => {
    const user = sessionUser(request.principal)
    const input = CreateToken.parse(request.body)
    if (!directory.workspaceRole(input.workspaceId, user.id)) throw new HttpError(404, 'not_found', 'workspace not found')
    const { token, secret } = accounts.createToken({ ...input, userId: user.id })
    audit.record({
      kind: 'token.created',
      actorId: user.id,
      subjectId: user.id,
      workspaceId: token.workspaceId,
      address: request.ip,
      detail: { tokenId: token.id, name: token.name, scope: token.scope },
    })
    const created: CreatedToken = { token: tokenView(token), secret }
    return reply.status(201).send(created)
  })

  app.delete<{ Params: { tokenId: string } }>('/api/tokens/:tokenId', { config: session }, async (request) => {
    const user = sessionUser(request.principal)
    const token = accounts.token(request.params.tokenId)
    if (!token || token.userId !== user.id) throw new HttpError(404, 'not_found', 'token not found')
    // The row, the tickets it bought, and the sockets and streams it opened.
    revocation.revokeToken(token.id)
    audit.record({
      kind: 'token.revoked',
      actorId: user.id,
      subjectId: user.id,
      workspaceId: token.workspaceId,
      address: request.ip,
      detail: { tokenId: token.id, name: token.name },
    })
    return { ok: true }
  })
}
