import type { FastifyInstance } from 'fastify'
import { TicketRequest } from '#shared/api/accounts'
import { roleOn } from '../principal.ts'
import type { Tickets } from '../../collab/tickets.ts'
import type { Directory } from '../../workspaces/directory.ts'
import { HttpError } from '../../http/errors.ts'
import { iso } from '../../routes/views.ts'

/** `POST /api/collab/tickets {docId}`: a single-use ticket for `/collab/:docId?ticket=…`. */
export async function ticketRoutes(app: FastifyInstance, opts: { tickets: Tickets; directory: Directory; rateLimit: number }): Promise<void> {
  app.post(
    '/api/collab/tickets',
    { config: { access: { who: 'user' }, rateLimit: { max: opts.rateLimit, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const { docId } = TicketRequest.parse(request.body)
      const p = request.principal
      if (p.kind === 'anonymous') throw new HttpError(401, 'unauthenticated', 'sign in first')
      if (!roleOn(opts.directory, p, { docId })) throw new HttpError(404, 'not_found', 'document not found')
      const { ticket, expiresAt } = opts.tickets.issue({
        userId: p.user.id,
        docId,
        tokenId: p.kind === 'token' ? p.token.id : null,
        sessionHash: p.kind === 'session' ? p.sessionHash : null,
      })
      return reply.status(201).send({ ticket, expiresAt: iso(expiresAt) })
    },
  )
}
