import type { FastifyInstance, FastifyPluginAsync } from 'fastify'
import type { Limits } from '#shared/limits'
import { requireSignedIn, roleOn } from '../auth/principal.ts'
import type { LiveChannel, LiveChannels } from '../collab/live-sockets.ts'
import type { Feature } from '../feature.ts'
import type {} from '../tasks/events.ts'
import type {} from '../comments/events.ts'
import type { EventBus } from './bus.ts'
import type { Directory } from '../workspaces/directory.ts'
import { HttpError } from '../http/errors.ts'

type P = { Params: { projectId: string } }

/** Keeps proxies and browsers from timing out an idle stream. */
const HEARTBEAT_MS = 25_000

export interface StreamDeps {
  bus: EventBus
  directory: Directory
  live: LiveChannels
  limits: Limits
}

/** The event stream as a feature: routes only (it listens on the bus per open stream). */
export function streamFeature(deps: StreamDeps): Feature & { routes: FastifyPluginAsync } {
  return { name: 'events', routes: async (app) => eventStream(app, deps) }
}

/**
 * `GET /api/projects/:projectId/events`, server-sent events: `event: tasks` with the changed ids,
 * so open task views refresh at once; `event: comments` with `{ docId, threadId, change }`, so open
 * editors refetch the document's comment threads.
 *
 * A stream outlives the request's access check, so it is a live channel like a sync socket: it
 * ends when the session or token that opened it ends, and when the user's access in the
 * workspace changes it re-checks the role and ends if the project is no longer visible. Before it
 * ends it sends `event: end` with the reason; a browser's EventSource then reconnects and is
 * refused (401/404) if access is gone.
 */
export async function eventStream(app: FastifyInstance, opts: StreamDeps): Promise<void> {
  const { bus, directory, live } = opts

  app.get<P>('/api/projects/:projectId/events', { config: { access: { on: 'project', param: 'projectId', min: 'viewer' } } }, async (request, reply) => {
    const p = requireSignedIn(request.principal)
    const { projectId } = request.params
    if (live.countOf(p.user.id, 'stream') >= opts.limits.maxStreamsPerUser) {
      throw new HttpError(429, 'too_many_streams', `at most ${opts.limits.maxStreamsPerUser} event streams per user: close another tab or view`)
    }
    const project = directory.project(projectId)!
    reply.hijack()
    const res = reply.raw
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' })
    res.write(': connected\n\n')

    let ended = false
    const end = (reason: string) => {
      if (ended) return
      ended = true
      cleanup()
      res.end(`event: end\ndata: ${JSON.stringify({ reason })}\n\n`)
    }
    const channel: LiveChannel = {
      kind: 'stream',
      userId: p.user.id,
      workspaceId: project.workspaceId,
      sessionHash: p.kind === 'session' ? p.sessionHash : null,
      tokenId: p.kind === 'token' ? p.token.id : null,
      close: (_code, detail) => end(detail ?? 'closed'),
      // Any role on the project still reads the stream; none ends it.
      accessChanged: () => {
        if (!roleOn(directory, p, { projectId })) end('access changed')
      },
    }
    const forget = live.add(channel)
    const off = bus.onProject('tasks.changed', projectId, ({ changes }) => {
      res.write(`event: tasks\ndata: ${JSON.stringify({ changes })}\n\n`)
    })
    // Only which thread of which document changed: an open editor refetches that document's threads.
    const offComments = bus.onProject('comments.changed', projectId, ({ docId, threadId, change }) => {
      res.write(`event: comments\ndata: ${JSON.stringify({ docId, threadId, change })}\n\n`)
    })
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS)
    heartbeat.unref()
    function cleanup(): void {
      forget()
      off()
      offComments()
      clearInterval(heartbeat)
    }
    request.raw.on('close', () => {
      ended = true
      cleanup()
    })
  })
}
