import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { HttpError } from '../http/errors.ts'
import type { Site } from './origin.ts'
import { SESSION_COOKIE, usesBearer } from './principal.ts'

declare module 'fastify' {
  interface FastifyInstance {
    /** The server's own hosts and origins, and the base of every absolute link. */
    site: Site
  }
}

/** GET and HEAD change nothing (the one exception, the sign-in link, is a top-level navigation). */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])
const SESSION_COOKIE_PRESENT = new RegExp(`(?:^|;)\\s*${SESSION_COOKIE}=`)

/**
 * Why a state-changing request is refused as cross-site, or null. Every POST/PUT/PATCH/DELETE,
 * public routes included (sign-in and invite acceptance set a session: login CSRF):
 * - an Origin header must be one of ours (browsers send it on every non-GET request);
 * - without Origin, a request carrying the session cookie is refused unless the browser says
 *   `Sec-Fetch-Site: same-origin` (`none` means user-typed, which only a GET can be);
 * - a Bearer token is no ambient credential: scripts without Origin are fine.
 */
export function crossSiteRefusal(request: FastifyRequest, site: Site): string | null {
  if (SAFE_METHODS.has(request.method)) return null
  const origin = request.headers.origin
  if (origin !== undefined) return site.originAllowed(origin) ? null : 'cross-site request refused: the Origin is not this server'
  // With the Bearer scheme resolvePrincipal never falls back to the cookie (same test).
  if (usesBearer(request.headers.authorization)) return null
  if (!SESSION_COOKIE_PRESENT.test(request.headers.cookie ?? '')) return null
  if (request.headers['sec-fetch-site'] === 'same-origin') return null
  return 'a signed-in write without an Origin header is refused'
}

/**
 * The first hooks of every request (REST, static files, sync upgrades) after the security
 * headers, before cookies, principals, rate limits and handlers: the Host must be ours (421
 * otherwise), then state-changing requests must be same-origin.
 */
async function boundaryPlugin(app: FastifyInstance, opts: { site: Site }): Promise<void> {
  const { site } = opts
  app.decorate('site', site)
  app.addHook('onRequest', async (request) => {
    // request.host is X-Forwarded-Host only when the peer is a trusted proxy (KEEL_TRUSTED_PROXIES).
    const host = request.host
    if (!site.hostAllowed(host, request.protocol === 'https' ? 'https' : 'http')) {
      request.log.warn({ host: host.slice(0, 100) }, 'request for a host this server does not serve refused')
      // The Host is logged, not echoed back: the answer carries nothing the caller chose.
      throw new HttpError(421, 'misdirected', 'this server does not answer to this Host; set KEEL_PUBLIC_URL to the address users open')
    }
    const refusal = crossSiteRefusal(request, site)
    if (refusal) throw new HttpError(403, 'forbidden', refusal)
  })
  // A refused WebSocket upgrade answered over its raw socket: nothing else closes that socket
  // when our hook threw before @fastify/websocket's own onRequest marked the request.
  app.addHook('onResponse', async (request, reply) => {
    if (request.headers.upgrade !== undefined && reply.statusCode >= 400) request.raw.socket?.destroy()
  })
}

export const boundary = fp(boundaryPlugin, { name: 'keel-boundary' })
