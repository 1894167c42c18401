import type { FastifyInstance, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { DOC_ID_PATTERN, type Limits } from '#shared/limits'
import {
  CloseCode,
  closeReason,
  COLLAB_PATH,
  MIN_CLIENT_PROTOCOL_VERSION,
  PROTOCOL_QUERY_PARAM,
} from '#shared/protocol/index'
import { Connection } from './connection.ts'
import type { RoomRegistry } from './registry.ts'

const Params = z.object({ docId: z.string() })
const Query = z.object({ [PROTOCOL_QUERY_PARAM]: z.coerce.number().int().nonnegative().optional() }).loose()

/** The sync socket: `/collab/:docId`, the standard y-websocket protocol plus opt-in acks. */
export async function collabRoutes(app: FastifyInstance, opts: { registry: RoomRegistry; limits: Limits }): Promise<void> {
  const { registry, limits } = opts
  const connections = new Set<Connection>()

  app.get(`${COLLAB_PATH}/:docId`, { websocket: true }, (socket, request: FastifyRequest) => {
    const { docId } = Params.parse(request.params)
    const query = Query.safeParse(request.query)
    if (!DOC_ID_PATTERN.test(docId)) {
      socket.close(CloseCode.DocumentNotFound, closeReason[CloseCode.DocumentNotFound])
      return
    }
    const version = query.success ? query.data[PROTOCOL_QUERY_PARAM] : undefined
    if (!query.success || (version !== undefined && version < MIN_CLIENT_PROTOCOL_VERSION)) {
      socket.close(CloseCode.ClientTooOld, closeReason[CloseCode.ClientTooOld])
      return
    }
    // The constructor attaches the message listener before anything can wait.
    const conn = new Connection(socket, registry, request.log, docId, {
      userId: 'anonymous',
      wantsAcks: version !== undefined,
      limits,
    })
    connections.add(conn)
    socket.on('close', () => connections.delete(conn))
    conn.start()
  })

  // Graceful stop: commit what is queued (acking it), then tell every client to come back later.
  app.addHook('preClose', async () => {
    registry.shutdown((peer) => peer.close(CloseCode.ShuttingDown))
    for (const conn of connections) conn.close(CloseCode.ShuttingDown)
  })
}
