import type { FastifyError, FastifyInstance } from 'fastify'
import { ZodError } from 'zod'
import { ErrorCode } from '#shared/api/errors'
import { DocumentTooLarge } from '../collab/too-large.ts'

/** Thrown by routes for an expected failure: becomes `{ error: { code, message } }` with `status`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message)
  }
}

export const notFound = (what: string): HttpError => new HttpError(404, ErrorCode.NotFound, `${what} not found`)

/** One error shape for every route: a stable `code`, a human message, no stack traces. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | HttpError | ZodError | DocumentTooLarge, request, reply) => {
    if (err instanceof HttpError) {
      // Extra facts a client can act on (the blockers of a gated task), inside the error.
      const details = (err as HttpError & { details?: Record<string, unknown> }).details
      return reply.status(err.status).send({ error: { code: err.code, message: err.message, ...details } })
    }
    if (err instanceof DocumentTooLarge) {
      return reply.status(413).send({ error: { code: ErrorCode.DocumentTooLarge, message: err.message } })
    }
    if (err instanceof ZodError) {
      const message = err.issues.map((i) => `${i.path.join('.') || 'value'}: ${i.message}`).join('; ')
      return reply.status(400).send({ error: { code: ErrorCode.BadRequest, message } })
    }
    const status = err.statusCode ?? 500
    if (status >= 500) request.log.error({ err }, 'request failed')
    const code = status === 429 ? ErrorCode.RateLimited : status >= 500 ? ErrorCode.Internal : ErrorCode.BadRequest
    const message = status >= 500 ? 'internal error' : err.message
    return reply.status(status).send({ error: { code, message } })
  })
}
