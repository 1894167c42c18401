import { isOpen } from '#shared/blocks/task'
import type { TaskGraph } from '#shared/tasks/graph'
import { systemUserName } from '../collab/system-users.ts'
import type { StoredTask, TaskChange } from '../tasks/task-store.ts'
import type { InboxStore, TaskSeen } from './inbox-store.ts'
import type { Notifier } from './notifier.ts'

export interface TaskNoticeDeps {
  store: InboxStore
  notifier: Notifier
  /** A project's live tasks with its graph (TaskViews.project): blocked state is the graph's. */
  project: (projectId: string) => { live: StoredTask[]; graph: TaskGraph }
  /** Who made the commit a task change came from (InboxExtension.actorOf), or null. */
  actorOf: (docId: string) => string | null
  followers: (docId: string, taskId: string) => string[]
}

const quoted = (t: StoredTask): string => `“${t.title || 'Untitled task'}”`

/**
 * 'tasks.changed' → inbox entries. The event names tasks only, and a task becomes blocked or
 * unblocked when another one changes (its dependency is done or reopened), so every application
 * compares the project's live tasks with what the inbox saw last (inbox_task_state): an assignee
 * that changed to someone is "assigned to you", blocked state that flipped tells the assignee.
 * A task the inbox never saw is news only when the event says it was created (an index built
 * for the first time notifies nobody).
 */
export function onTasksChanged(deps: TaskNoticeDeps, projectId: string, changes: readonly TaskChange[]): void {
  const { store, notifier } = deps
  const { live, graph } = deps.project(projectId)
  const seen = new Map(store.taskSeen(projectId).map((s) => [s.taskId, s]))
  const created = new Set(changes.filter((c) => c.kind === 'created').map((c) => c.id))
  const touched = new Set(changes.filter((c) => c.kind === 'changed' || c.kind === 'completed').map((c) => c.id))
  const next: TaskSeen[] = []
  const human = (id: string | null): string | null => (id && systemUserName(id) === null ? id : null)
  // Who made the change the event reports (a task elsewhere may become blocked by it).
  const changedDoc = live.find((t) => created.has(t.id) || touched.has(t.id))?.docId
  const eventActor = changedDoc ? deps.actorOf(changedDoc) : null
  for (const t of live) {
    const blocked = isOpen(t.status) && graph.blockers.has(t.id)
    const before = seen.get(t.id)
    seen.delete(t.id)
    // Only differences are written: a keystroke in a task's title changes no row here.
    if (!before || before.assignee !== t.assignee || before.blocked !== blocked) next.push({ taskId: t.id, projectId, assignee: t.assignee, blocked })
    if (!before && !created.has(t.id)) continue
    const actor = deps.actorOf(t.docId) ?? eventActor
    if (t.assignee && t.assignee !== before?.assignee) {
      notifier.notify({ userId: t.assignee, kind: 'assigned', docId: t.docId, blockId: t.id, actorId: actor, summary: `assigned you ${quoted(t)}` })
    } else if (before && t.assignee && blocked !== before.blocked && isOpen(t.status)) {
      // (A task finished while blocked is not "unblocked": only open tasks are told.)
      // Whoever changed the dependency caused it; the owner hears unless they did it themselves.
      notifier.notify({
        userId: t.assignee,
        kind: blocked ? 'blocked' : 'unblocked',
        docId: t.docId,
        blockId: t.id,
        actorId: actor,
        summary: blocked ? `${quoted(t)} is now blocked` : `${quoted(t)} is unblocked`,
      })
    }
    const author = human(actor)
    if (author && touched.has(t.id)) notifier.watched(deps.followers(t.docId, t.id), t.docId, author, t.id, `changed the task ${quoted(t)}`)
  }
  if (next.length > 0) store.putTaskSeen(next)
  // Tasks no longer live (deleted, their page in the trash) keep their row: restoring the page, or
  // undoing the delete, brings them back as they were, which is nobody's news ("assigned you" again).
}
