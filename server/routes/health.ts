import type { FastifyInstance } from 'fastify'
import type { Health } from '#shared/api/docs'
import type { RoomRegistry } from '../collab/registry.ts'

const started = Date.now()

export async function healthRoutes(app: FastifyInstance, opts: { registry: RoomRegistry; version: string }): Promise<void> {
  app.get('/api/health', { config: { access: { who: 'public' } } }, async (): Promise<Health> => ({
    ok: true,
    version: opts.version,
    uptimeSeconds: Math.round((Date.now() - started) / 1000),
    rooms: opts.registry.size,
    connections: opts.registry.connectionCount,
  }))
}
