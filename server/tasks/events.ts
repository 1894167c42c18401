import type { TaskChange } from './task-store.ts'

declare module '../events/bus.ts' {
  interface KeelEvents {
    /** The task index of a project changed (one application of the index: a commit, an API write, a rebuild). */
    'tasks.changed': { projectId: string; changes: readonly TaskChange[] }
  }
}
