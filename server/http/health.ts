import type { FastifyInstance } from 'fastify'
import type { Health, HealthDetails } from '#shared/api/docs'
import type { Role } from '#shared/auth/roles'
import type { RoomRegistry } from '../collab/registry.ts'
import { HttpError } from './errors.ts'

const started = Date.now()

/** Who owns which workspace (the workspaces Directory), declared here so the platform imports no feature. */
export interface WorkspaceRoles {
  workspacesOf(userId: string): { id: string; role: Role }[]
}

/**
 * `/api/health` is public and says only that the server is up (load balancers, `npm start`).
 * How busy it is (open documents, sockets) is for the people running it: `/api/health/details`
 * answers a workspace owner (a session, or a token of a workspace its user owns).
 */
export async function healthRoutes(app: FastifyInstance, opts: { registry: RoomRegistry; directory: WorkspaceRoles; version: string }): Promise<void> {
  const basic = (): Health => ({ ok: true, version: opts.version, uptimeSeconds: Math.round((Date.now() - started) / 1000) })

  app.get('/api/health', { config: { access: { who: 'public' } } }, async (): Promise<Health> => basic())

  app.get('/api/health/details', { config: { access: { who: 'user' } } }, async (request): Promise<HealthDetails> => {
    const p = request.principal
    const owns =
      p.kind !== 'anonymous' && opts.directory.workspacesOf(p.user.id).some((w) => w.role === 'owner' && (p.kind === 'session' || w.id === p.token.workspaceId))
    if (!owns) throw new HttpError(403, 'forbidden', 'server details are for workspace owners')
    return { ...basic(), rooms: opts.registry.size, connections: opts.registry.connectionCount }
  })
}
