import type { FastifyInstance, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { DOC_ID_PATTERN, type Limits } from '#shared/limits'
import { CloseCode, closeReason, COLLAB_PATH, MIN_CLIENT_PROTOCOL_VERSION, PROTOCOL_QUERY_PARAM } from '#shared/protocol/index'
import type { Accounts } from '../auth/accounts.ts'
import type { Site } from '../auth/origin.ts'
import { ANONYMOUS, type Principal, roleOn } from '../auth/principal.ts'
import type { Directory } from '../workspaces/directory.ts'
import { Connection } from './connection.ts'
import type { LiveChannels } from './live-sockets.ts'
import type { RoomRegistry } from './registry.ts'
import type { Tickets } from './tickets.ts'

const Params = z.object({ docId: z.string() })
const Query = z
  .object({
    [PROTOCOL_QUERY_PARAM]: z.coerce.number().int().nonnegative().optional(),
    ticket: z.string().max(200).optional(),
  })
  .loose()

export interface CollabOptions {
  registry: RoomRegistry
  limits: Limits
  accounts: Accounts
  directory: Directory
  tickets: Tickets
  live: LiveChannels
  /** Our own origins: a browser's upgrade from any other page is cross-site. */
  site: Site
}

/**
 * The sync socket: `/collab/:docId`, the standard y-websocket protocol plus opt-in acks.
 *
 * Order of checks: a Host that is not ours was refused before routing (421, server/auth/boundary.ts);
 * an Origin that is not one of our own is refused before the upgrade (HTTP 403: the socket never
 * opens). Browsers always send Origin on upgrades; clients without one are scripts. After the upgrade, with the message listener attached at once, the caller is
 * authenticated (session cookie, or a single-use ticket for scripts) and authorised for this
 * document before its room is loaded; failures close with a documented code.
 */
export async function collabRoutes(app: FastifyInstance, opts: CollabOptions): Promise<void> {
  const { registry, accounts, directory, tickets, live } = opts

  app.get(
    `${COLLAB_PATH}/:docId`,
    {
      websocket: true,
      config: { access: { who: 'socket' } },
      preValidation: async (request, reply) => {
        const origin = request.headers.origin
        if (origin !== undefined && !opts.site.originAllowed(origin)) {
          request.log.warn({ origin: origin.slice(0, 100) }, 'cross-site WebSocket upgrade refused')
          return reply.status(403).send({ error: { code: 'forbidden', message: 'cross-site WebSocket refused' } })
        }
      },
    },
    (socket, request: FastifyRequest) => {
      try {
        accept(socket, request)
      } catch (err) {
        // A bug here must cost this one socket, never the process: 1011 is "internal error".
        request.log.error({ err }, 'sync socket setup failed')
        socket.close(1011, 'internal error')
      }
    },
  )

  function accept(socket: import('ws').WebSocket, request: FastifyRequest): void {
    {
      const { docId } = Params.parse(request.params)
      const query = Query.safeParse(request.query)
      const refuse = (code: CloseCode) => socket.close(code, closeReason[code])
      if (!DOC_ID_PATTERN.test(docId)) return refuse(CloseCode.DocumentNotFound)
      const version = query.success ? query.data[PROTOCOL_QUERY_PARAM] : undefined
      if (!query.success || (version !== undefined && version < MIN_CLIENT_PROTOCOL_VERSION)) {
        return refuse(CloseCode.ClientTooOld)
      }

      const ticket = query.data.ticket
      const principal = ticket ? redeem(ticket, docId) : (request.principal ?? ANONYMOUS)
      if (principal.kind === 'anonymous') return refuse(CloseCode.Unauthenticated)
      const role = roleOn(directory, principal, { docId })
      const owner = directory.docOwner(docId)
      // Not shared with you and does not exist look the same from outside.
      if (!role || !owner) return refuse(CloseCode.DocumentNotFound)
      // Counted over every document and tab: one account cannot hold the server's sockets.
      if (live.countOf(principal.user.id, 'socket') >= opts.limits.maxSocketsPerUser) return refuse(CloseCode.TooManySocketsForUser)

      // The constructor attaches the message listener before anything can wait.
      const conn = new Connection(socket, registry, request.log, docId, {
        identity: { id: principal.user.id, name: principal.user.name, color: principal.user.color },
        role,
        workspaceId: owner.workspaceId,
        sessionHash: principal.kind === 'session' ? principal.sessionHash : null,
        tokenId: principal.kind === 'token' ? principal.token.id : null,
        wantsAcks: version !== undefined,
        limits: opts.limits,
      })
      const forget = live.add(conn)
      socket.on('close', forget)
      conn.start()
    }
  }

  /**
   * A ticket stands for whoever bought it, as long as that token or session is still good: ending
   * a session burns its tickets, and this re-check covers a ticket redeemed in the same instant.
   */
  function redeem(ticket: string, docId: string): Principal {
    const grant = tickets.redeem(ticket, docId)
    const user = grant && accounts.user(grant.userId)
    if (!grant || !user) return ANONYMOUS
    if (grant.tokenId) {
      const token = accounts.token(grant.tokenId)
      return token && token.revokedAt === null ? { kind: 'token', user, token } : ANONYMOUS
    }
    if (!grant.sessionHash || !accounts.sessionAlive(grant.sessionHash)) return ANONYMOUS
    return { kind: 'session', user, sessionHash: grant.sessionHash }
  }
}
