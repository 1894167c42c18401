import type { FastifyReply, FastifyRequest } from 'fastify'
import { SESSION_COOKIE } from './principal.ts'

/**
 * Secure when the browser's page is https: the request arrived over TLS (directly, or as a
 * trusted proxy's X-Forwarded-Proto says: KEEL_TRUSTED_PROXIES), it names an https
 * KEEL_PUBLIC_URL's host, or every public URL is https (a TLS terminator in front).
 */
function secure(request: FastifyRequest): boolean {
  const site = request.server.site
  return request.protocol === 'https' || site.httpsOnly || site.isHttpsPublicHost(request.host)
}

/** The session cookie: httpOnly (no script reads it), SameSite=Lax (no cross-site writes), Secure on https. */
export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, secret: string, expiresAt: number): void {
  reply.setCookie(SESSION_COOKIE, secret, {
    httpOnly: true,
    sameSite: 'lax',
    secure: secure(request),
    path: '/',
    expires: new Date(expiresAt),
  })
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure: secure(reply.request), path: '/' })
}
