import fastifyHelmet from '@fastify/helmet'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

/** The Content-Security-Policy every answer carries: our own origin only, sockets to it. */
export const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  // Tiptap and the caret colours set inline style attributes.
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'", 'ws:', 'wss:'],
  workerSrc: ["'self'"],
  manifestSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  frameAncestors: ["'none'"],
  formAction: ["'self'"],
  upgradeInsecureRequests: null,
}

/**
 * Helmet's security headers with Keel's CSP, for every route (fastify-plugin: not encapsulated).
 * Registered first: it only sets headers, and every later refusal should carry them too.
 */
export const securityHeaders = fp(
  async (app: FastifyInstance) => {
    await app.register(fastifyHelmet, {
      contentSecurityPolicy: { directives: CSP_DIRECTIVES },
      // Plain http on localhost must keep working; HSTS belongs to the TLS terminator.
      hsts: false,
    })
  },
  { name: 'keel-security-headers' },
)
