import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { HttpError } from './errors.ts'

/**
 * JSON bodies, where an empty one (a DELETE sent with a JSON content type) means "no body", and
 * malformed JSON is a catalogued 400 rather than Fastify's own error. For every route
 * (fastify-plugin: not encapsulated).
 */
export const jsonBody = fp(
  async (app: FastifyInstance) => {
    app.removeContentTypeParser('application/json')
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
      if (body === '') return done(null, undefined)
      try {
        done(null, JSON.parse(body as string))
      } catch {
        done(new HttpError(400, 'bad_request', 'the body is not valid JSON'), undefined)
      }
    })
  },
  { name: 'keel-json-body' },
)
