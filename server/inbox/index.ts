import type { FastifyBaseLogger } from 'fastify'
import type { EventBus } from '../events/bus.ts'
import type { Feature } from '../feature.ts'
import type { HubStore } from '../hub/hub-store.ts'
import type { MailInput } from '../mail/mailer.ts'
import type { TaskStore } from '../tasks/task-store.ts'
import type { TaskViews } from '../tasks/task-views.ts'
import type { Directory } from '../workspaces/directory.ts'
import type {} from '../comments/events.ts'
import type {} from '../tasks/events.ts'
import { onCommentChanged } from './comment-notices.ts'
import { runDigests } from './digest.ts'
import { InboxExtension } from './extension.ts'
import type { InboxStore } from './inbox-store.ts'
import { Notifier } from './notifier.ts'
import { inboxRoutes } from './routes.ts'
import { onTasksChanged } from './task-notices.ts'
import type { QuietWrites } from '../events/quiet-writes.ts'

export interface InboxDeps {
  store: InboxStore
  directory: Directory
  hub: HubStore
  tasks: TaskStore
  views: TaskViews
  bus: EventBus
  queueMail: (mail: MailInput, now: number) => void
  emailOf: (userId: string) => string | null
  nameOf: (userId: string | null) => string
  link: (path: string) => string
  log: FastifyBaseLogger
  /** Injected by tests (watch batching, digests); Date.now otherwise. */
  now?: () => number
  /** How often digests are looked for (a minute). */
  digestCheckMs?: number
  /** Pages written in bulk (imports) whose commits notify nobody. */
  quiet?: QuietWrites
}

/**
 * The inbox (issue #15): entries from @mentions in pages (a document extension, registered after
 * the task index), comments ('comments.changed'), tasks ('tasks.changed': assigned, blocked,
 * unblocked), deployment checklist decisions and followed pages and tasks; its API; and the
 * email digest, queued through the outbox.
 */
export function inboxFeature(deps: InboxDeps): Feature & { store: InboxStore; notifier: Notifier; digests: (now?: number) => number } {
  const { store, directory, hub, bus } = deps
  const now = deps.now ?? Date.now
  const canRead = (userId: string, docId: string): boolean => {
    const owner = directory.docOwner(docId)
    return !!owner && directory.roleInProject(owner.projectId, userId) !== null
  }
  const projectOf = (docId: string): string | null => directory.docOwner(docId)?.projectId ?? null
  const notifier = new Notifier({ store, projectOf, canRead, now, quiet: deps.quiet })
  const extension = new InboxExtension({
    notifier,
    followers: (docId) => store.followers(docId, null),
    isProjectDoc: (docId) => {
      const row = hub.doc(docId)
      return !!row?.projectId && row.kind === 'doc'
    },
  })
  const digests = (at = now()): number =>
    runDigests(
      { store, queue: deps.queueMail, emailOf: deps.emailOf, nameOf: deps.nameOf, titleOf: (id) => directory.docTitle(id), canRead, link: deps.link },
      at,
    )
  const unsubscribe: (() => void)[] = []
  let timer: NodeJS.Timeout | null = null
  return {
    name: 'inbox',
    store,
    notifier,
    digests,
    extension,
    routes: inboxRoutes({ store, directory, nameOf: deps.nameOf, taskDoc: (id) => deps.tasks.owner(id)?.docId ?? null, now }),
    start() {
      unsubscribe.push(
        bus.on('comments.changed', (e) => onCommentChanged(notifier, e)),
        bus.on('tasks.changed', (e) =>
          onTasksChanged(
            {
              store,
              notifier,
              project: (id) => deps.views.project(id),
              actorOf: (docId) => extension.actorOf(docId),
              followers: (docId, taskId) => store.followers(docId, taskId),
            },
            e.projectId,
            e.changes,
          ),
        ),
      )
      timer = setInterval(() => {
        try {
          digests()
        } catch (err) {
          deps.log.error({ err }, 'inbox digest failed')
        }
      }, deps.digestCheckMs ?? 60_000)
      timer.unref()
    },
    close() {
      if (timer) clearInterval(timer)
      for (const off of unsubscribe.splice(0)) off()
    },
  }
}
