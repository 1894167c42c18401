import type { TaskChange } from './task-store.ts'

type Listener = (changes: readonly TaskChange[]) => void

/** "Tasks changed" per project, for live views (server-sent events) and anything else in process. */
export class TaskEvents {
  private readonly listeners = new Map<string, Set<Listener>>()

  subscribe(projectId: string, fn: Listener): () => void {
    let set = this.listeners.get(projectId)
    if (!set) this.listeners.set(projectId, (set = new Set()))
    set.add(fn)
    return () => {
      set.delete(fn)
      if (set.size === 0) this.listeners.delete(projectId)
    }
  }

  emit(projectId: string, changes: readonly TaskChange[]): void {
    for (const fn of this.listeners.get(projectId) ?? []) fn(changes)
  }
}
