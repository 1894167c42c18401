import type { FastifyRequest } from 'fastify'
import type { WebSocket } from 'ws'

const logged = new WeakSet<WebSocket>()

/**
 * @fastify/websocket's error handler for sync sockets. Its default logs every error at `error`
 * with a stack and terminates: a client sending frames over 1 MiB (ws' maxPayload) or other
 * protocol garbage could flood the log that way. These are the client's fault: one `warn` line
 * per socket with ws' code and message, no stack; the socket is terminated as before (ws has
 * already sent its close code, 1009 for an oversize frame). A throw from our own handler is a
 * bug and stays an error.
 */
export function socketErrorHandler(error: Error, socket: WebSocket, request: FastifyRequest): void {
  const code = (error as Error & { code?: string }).code
  const clientFault = typeof code === 'string' && (code.startsWith('WS_ERR_') || code === 'ECONNRESET' || code === 'EPIPE')
  if (!clientFault) {
    request.log.error({ err: error }, 'sync socket handler failed')
  } else if (!logged.has(socket)) {
    logged.add(socket)
    request.log.warn({ code, reason: error.message }, 'sync socket protocol error: closed')
  }
  socket.terminate()
}
