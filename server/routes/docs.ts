import type { FastifyInstance } from 'fastify'
import * as Y from 'yjs'
import { type DocContent, DocIdParams, type DocMeta } from '#shared/api/docs'
import { EDITOR_FRAGMENT, fragmentToJson, titleOf } from '#shared/doc/fragment'
import type { RoomRegistry } from '../collab/registry.ts'
import type { Store } from '../store/store.ts'
import type { Directory } from '../workspaces/directory.ts'
import { notFound } from './errors.ts'

/**
 * Read-only document routes. A loaded room answers from memory (committed state only); otherwise
 * the document is read from the store without loading a room for it.
 */
export async function docRoutes(app: FastifyInstance, opts: { store: Store; registry: RoomRegistry; directory: Directory }): Promise<void> {
  const { store, registry, directory } = opts

  function readDoc(id: string): { doc: Y.Doc; lastSeq: number; live: boolean } {
    const room = registry.get(id)
    if (room) return { doc: room.doc, lastSeq: room.lastSeq, live: true }
    const stored = store.load(id)
    if (!stored) throw notFound('document')
    const doc = new Y.Doc()
    doc.transact(() => {
      if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot)
      for (const u of stored.updates) Y.applyUpdate(doc, u)
    })
    return { doc, lastSeq: stored.meta.lastSeq, live: false }
  }

  const access = { access: { on: 'doc' as const, param: 'id', min: 'viewer' as const } }

  app.get('/api/docs/:id', { config: access }, async (request): Promise<DocMeta> => {
    const { id } = DocIdParams.parse(request.params)
    const base = store.meta(id)
    if (!base) throw notFound('document')
    const room = registry.get(id)
    const meta = room ? room.meta(base) : base
    const { doc, live } = readDoc(id)
    // The page's name in the tree, else its first heading.
    const title = directory.docTitle(id) || titleOf(fragmentToJson(doc.getXmlFragment(EDITOR_FRAGMENT)))
    if (!live) doc.destroy()
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

  app.get('/api/docs/:id/content', { config: access }, async (request): Promise<DocContent> => {
    const { id } = DocIdParams.parse(request.params)
    const { doc, lastSeq, live } = readDoc(id)
    const content = fragmentToJson(doc.getXmlFragment(EDITOR_FRAGMENT))
    if (!live) doc.destroy()
    return { id, lastSeq, content }
  })
}
