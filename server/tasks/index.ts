import type { FastifyBaseLogger } from 'fastify'
import type { RoomRegistry } from '../collab/registry.ts'
import type { EventBus } from '../events/bus.ts'
import type { Feature } from '../feature.ts'
import type { HubStore } from '../hub/hub-store.ts'
import type { ApprovalStore } from '../ml/approvals/approval-store.ts'
import type { Store } from '../store/store.ts'
import type { Directory } from '../workspaces/directory.ts'
import type {} from './events.ts'
import { TaskIndexer } from './indexer.ts'
import { taskRoutes } from './routes.ts'
import type { TaskStore } from './task-store.ts'
import { TaskViews } from './task-views.ts'
import { TaskWrites } from './task-writes.ts'

export interface TasksDeps {
  /** The task rows (SqliteTaskStore in app.ts). */
  tasks: TaskStore
  /** The documents store: a rebuild reads documents that are not loaded from it. */
  store: Store
  registry: RoomRegistry
  hub: HubStore
  directory: Directory
  /** Done-while-blocked overrides are approvals records (server/ml/approvals). */
  approvals: ApprovalStore
  bus: EventBus
  log: FastifyBaseLogger
}

/**
 * Tasks: the index of task blocks (a document extension, registered after the hub's, whose rows
 * it reads), the done-gate, and the task API. Every application of the index is announced on the
 * bus as 'tasks.changed' (webhooks and the SSE stream listen there).
 */
export function tasksFeature(deps: TasksDeps): Feature & { store: TaskStore; indexer: TaskIndexer; views: TaskViews } {
  const { tasks, store, registry, hub, directory, approvals, bus, log } = deps
  const indexer = new TaskIndexer(registry, hub, tasks, approvals, store, log, (projectId, changes) => bus.emit('tasks.changed', { projectId, changes }))
  const views = new TaskViews({ tasks, hub })
  const writes = new TaskWrites({ tasks, views, indexer, registry, hub, directory, approvals })
  return {
    name: 'tasks',
    store: tasks,
    indexer,
    views,
    extension: indexer,
    routes: taskRoutes({ views, writes, directory }),
    close: () => indexer.stopTimers(),
  }
}
