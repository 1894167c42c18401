import type { FastifyReply, FastifyRequest } from 'fastify'
import { SESSION_COOKIE } from './principal.ts'

/** The session cookie: httpOnly (no script reads it), SameSite=Lax (no cross-site writes), Secure on https. */
export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, secret: string, expiresAt: number): void {
  reply.setCookie(SESSION_COOKIE, secret, {
    httpOnly: true,
    sameSite: 'lax',
    secure: request.protocol === 'https',
    path: '/',
    expires: new Date(expiresAt),
  })
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' })
}
