import type { FastifyInstance } from 'fastify'
import type { Health, HealthDetails } from '#shared/api/docs'
import { type InstanceAdmins, isInstanceAdmin, notInstanceAdmin } from '../auth/admin.ts'
import type { RoomRegistry } from '../collab/registry.ts'

const started = Date.now()

/**
 * `/api/health` is public and says only that the server is up (load balancers, `npm start`).
 * How busy it is (open documents, sockets) is for the people running it: `/api/health/details`
 * answers an instance administrator's session only. Figures of the whole instance: any signed-in
 * user can create a workspace and own it, so a workspace owner is no one in particular.
 */
export async function healthRoutes(app: FastifyInstance, opts: { registry: RoomRegistry; admins: InstanceAdmins; version: string }): Promise<void> {
  const basic = (): Health => ({ ok: true, version: opts.version, uptimeSeconds: Math.round((Date.now() - started) / 1000) })

  app.get('/api/health', { config: { access: { who: 'public' } } }, async (): Promise<Health> => basic())

  app.get('/api/health/details', { config: { access: { who: 'user', session: true } } }, async (request): Promise<HealthDetails> => {
    if (!isInstanceAdmin(request.principal, opts.admins)) throw notInstanceAdmin()
    return { ...basic(), rooms: opts.registry.size, connections: opts.registry.connectionCount }
  })
}
