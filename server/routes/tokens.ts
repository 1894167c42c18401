import type { FastifyInstance } from 'fastify'
import { CreateToken } from '#shared/api/accounts'
import type { Accounts } from '../auth/accounts.ts'
import type { Principal } from '../auth/principal.ts'
import type { LiveSockets } from '../collab/live-sockets.ts'
import type { Directory } from '../workspaces/directory.ts'
import { HttpError } from './errors.ts'
import { tokenView } from './views.ts'

/**
 * API tokens for scripts and the CLI. Managed from a browser session only: a token cannot mint
 * or revoke tokens. The secret is in the creation answer and nowhere else.
 */
export async function tokenRoutes(app: FastifyInstance, opts: { accounts: Accounts; directory: Directory; live: LiveSockets }): Promise<void> {
  const { accounts, directory, live } = opts
  const session = { access: { who: 'user' as const, session: true } }
  const userOf = (p: Principal) => {
    if (p.kind !== 'session') throw new HttpError(403, 'forbidden', 'session only')
    return p.user
  }

  app.get('/api/tokens', { config: session }, async (request) => accounts.tokensOf(userOf(request.principal).id).map(tokenView))

  app.post('/api/tokens', { config: session }, async (request, reply) => {
    const user = userOf(request.principal)
    const input = CreateToken.parse(request.body)
    if (!directory.workspaceRole(input.workspaceId, user.id)) throw new HttpError(404, 'not_found', 'workspace not found')
    const { token, secret } = accounts.createToken({ ...input, userId: user.id })
    return reply.status(201).send({ token: tokenView(token), secret })
  })

  app.delete<{ Params: { tokenId: string } }>('/api/tokens/:tokenId', { config: session }, async (request) => {
    const user = userOf(request.principal)
    const token = accounts.token(request.params.tokenId)
    if (!token || token.userId !== user.id) throw new HttpError(404, 'not_found', 'token not found')
    accounts.revokeToken(token.id)
    live.closeToken(token.id)
    return { ok: true }
  })
}
