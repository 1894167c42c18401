import type { FastifyInstance } from 'fastify'
import { type Ticket, TicketRequest } from '#shared/api/accounts'
import { iso } from '../../http/iso.ts'
import { requireSignedIn, type RoleSource, roleOn } from '../principal.ts'
import type { Tickets } from '../../collab/tickets.ts'
import { HttpError } from '../../http/errors.ts'

/** `POST /api/collab/tickets {docId}`: a single-use ticket for `/collab/:docId?ticket=…`. */
export async function ticketRoutes(app: FastifyInstance, opts: { tickets: Tickets; directory: RoleSource; rateLimit: number }): Promise<void> {
  app.post(
    '/api/collab/tickets',
    { config: { access: { who: 'user' }, rateLimit: { max: opts.rateLimit, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const { docId } = TicketRequest.parse(request.body)
      const p = requireSignedIn(request.principal)
      if (!roleOn(opts.directory, p, { docId })) throw new HttpError(404, 'not_found', 'document not found')
      const { ticket, expiresAt } = opts.tickets.issue({
        userId: p.user.id,
        docId,
        tokenId: p.kind === 'token' ? p.token.id : null,
        sessionHash: p.kind === 'session' ? p.sessionHash : null,
      })
      const answer: Ticket = { ticket, expiresAt: iso(expiresAt) }
      return reply.status(201).send(answer)
    },
  )
}
