import type { FastifyInstance } from 'fastify'
import { type DocContent, DocIdParams, type DocMeta } from '#shared/api/docs'
import type { RoomRegistry } from '../collab/registry.ts'
import type { Renderings } from './renderings.ts'
import type { Store } from '../store/store.ts'
import type { Directory } from '../workspaces/directory.ts'
import { notFound } from '../http/errors.ts'

/**
 * Read-only document routes. Content comes from `Renderings`: cached per committed seq, else
 * rendered once from the document's room (loaded once however many read it at the same time).
 */
export async function docRoutes(
  app: FastifyInstance,
  opts: { store: Store; registry: RoomRegistry; directory: Directory; renderings: Renderings },
): Promise<void> {
  const { store, registry, directory, renderings } = opts

  const access = { access: { on: 'doc' as const, param: 'id', min: 'viewer' as const } }

  app.get('/api/docs/:id', { config: access }, async (request): Promise<DocMeta> => {
    const { id } = DocIdParams.parse(request.params)
    const base = store.meta(id)
    if (!base) throw notFound('document')
    const room = registry.get(id)
    const meta = room ? room.meta(base) : base
    // The page's name in the tree, else its first heading (rendered only when there is no name).
    const title = directory.docTitle(id) || (renderings.content(id)?.title ?? '')
    return {
      id,
      title,
      createdAt: new Date(meta.createdAt).toISOString(),
      updatedAt: new Date(meta.updatedAt).toISOString(),
      lastSeq: meta.lastSeq,
      sizeBytes: meta.storedBytes,
      live: { loaded: room !== undefined, connections: room?.peers.size ?? 0 },
      role: request.role ?? 'viewer',
      projectId: directory.docOwner(id)?.projectId ?? null,
    }
  })

  app.get('/api/docs/:id/content', { config: access }, async (request, reply) => {
    const { id } = DocIdParams.parse(request.params)
    const rendering = renderings.content(id)
    if (!rendering) throw notFound('document')
    // DocContent, with the cached content text spliced in rather than parsed and encoded again.
    const head: Omit<DocContent, 'content'> = { id, lastSeq: rendering.lastSeq }
    return reply.type('application/json; charset=utf-8').send(`${JSON.stringify(head).slice(0, -1)},"content":${rendering.json}}`)
  })
}
