import type { FastifyContextConfig, FastifyPluginAsync, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { InboxListQuery, type InboxEntryView, type InboxList } from '#shared/api/inbox'
import { requireUser, roleOn } from '../auth/principal.ts'
import type { Directory } from '../workspaces/directory.ts'
import type { InboxEntry, InboxStore } from './inbox-store.ts'

export interface InboxRouteDeps {
  store: InboxStore
  directory: Directory
  nameOf: (userId: string | null) => string
  /** The page a task's block lives in (the route's access check has resolved it already). */
  taskDoc: (taskId: string) => string | null
  now?: () => number
}

const Settings = z.object({ digest: z.boolean() })
const EntryParams = z.object({ entryId: z.string().min(1).max(64) })

/**
 * The inbox API. Every entry route is about the caller's own entries only (a browser session:
 * the inbox is a person's, not a script's), and an entry about a page the caller can no longer
 * read is neither listed nor counted. Following needs read access to the page or task.
 */
export function inboxRoutes(deps: InboxRouteDeps): FastifyPluginAsync {
  const { store, directory } = deps
  const now = deps.now ?? Date.now
  const own = { access: { who: 'user' as const, session: true } }
  const readable = (request: FastifyRequest) => (e: InboxEntry) => !!roleOn(directory, request.principal, { docId: e.docId })
  const view = (e: InboxEntry): InboxEntryView => ({
    id: e.id,
    kind: e.kind,
    projectId: e.projectId,
    docId: e.docId,
    docTitle: directory.docTitle(e.docId),
    blockId: e.blockId,
    threadId: e.threadId,
    actorId: e.actorId,
    actorName: deps.nameOf(e.actorId),
    summary: e.summary,
    // A watch batch shows when it last absorbed a change.
    createdAt: e.kind === 'watch' ? e.updatedAt : e.createdAt,
    readAt: e.readAt,
  })
  const unreadOf = (request: FastifyRequest) => store.unread(requireUser(request.principal).id).filter(readable(request))

  return async (app) => {
    app.get('/api/inbox', { config: own }, async (request): Promise<InboxList> => {
      const q = InboxListQuery.parse(request.query)
      const rows = store.list(requireUser(request.principal).id, { unreadOnly: q.unread === 'true', before: q.before, limit: q.limit })
      const next = rows.length === q.limit ? rows[rows.length - 1]!.createdAt : null
      return { entries: rows.filter(readable(request)).map(view), unread: unreadOf(request).length, next }
    })

    // Polled by every open tab (client/components/inbox/unread.ts): an unchanged count answers 304.
    app.get('/api/inbox/unread-count', { config: own }, async (request, reply) => {
      const unread = unreadOf(request)
      const etag = `"${unread.length}-${unread[0]?.id ?? 'none'}"`
      reply.header('etag', etag).header('cache-control', 'private, no-cache')
      if (request.headers['if-none-match'] === etag) return reply.status(304).send()
      return { unread: unread.length }
    })

    app.post('/api/inbox/read-all', { config: own }, async (request) => {
      store.markAllRead(requireUser(request.principal).id, now())
      return { unread: 0 }
    })

    // Idempotent, and silent about ids that are not the caller's: marking never tells whose an entry is.
    app.post('/api/inbox/:entryId/read', { config: own }, async (request) => {
      const { entryId } = EntryParams.parse(request.params)
      store.markRead(requireUser(request.principal).id, entryId, now())
      return { unread: unreadOf(request).length }
    })

    app.get('/api/inbox/settings', { config: own }, async (request) => ({ digest: store.digestEnabled(requireUser(request.principal).id) }))

    app.put('/api/inbox/settings', { config: own }, async (request) => {
      const body = Settings.parse(request.body)
      store.setDigestEnabled(requireUser(request.principal).id, body.digest)
      return body
    })

    const doc: FastifyContextConfig = { access: { on: 'doc', param: 'id', min: 'viewer', session: true } }
    const task: FastifyContextConfig = { access: { on: 'task', param: 'taskId', min: 'viewer', session: true } }
    const target = (request: FastifyRequest): { docId: string; taskId: string | null } => {
      const p = request.params as { id?: string; taskId?: string }
      if (p.taskId) return { docId: deps.taskDoc(p.taskId)!, taskId: p.taskId }
      return { docId: p.id!, taskId: null }
    }
    const follows: [string, FastifyContextConfig][] = [
      ['/api/docs/:id/follow', doc],
      ['/api/tasks/:taskId/follow', task],
    ]
    for (const [url, config] of follows) {
      app.get(url, { config }, async (request) => {
        const t = target(request)
        return { following: store.isFollowing(requireUser(request.principal).id, t.docId, t.taskId) }
      })
      app.put(url, { config }, async (request) => {
        const t = target(request)
        store.follow(requireUser(request.principal).id, t.docId, t.taskId, now())
        return { following: true }
      })
      app.delete(url, { config }, async (request) => {
        const t = target(request)
        store.unfollow(requireUser(request.principal).id, t.docId, t.taskId)
        return { following: false }
      })
    }
  }
}
