/**
 * A minimal external store for useSyncExternalStore: an immutable snapshot plus listeners. The
 * snapshot object only changes when a field changes, so React re-renders only on real changes.
 */
export class ExternalStore<T extends object> {
  private snapshot: T
  private readonly listeners = new Set<() => void>()

  constructor(initial: T) {
    this.snapshot = initial
  }

  get = (): T => this.snapshot

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  update(patch: Partial<T>): void {
    const keys = Object.keys(patch) as Array<keyof T>
    if (keys.every((k) => Object.is(this.snapshot[k], patch[k]))) return
    this.snapshot = { ...this.snapshot, ...patch }
    for (const listener of this.listeners) listener()
  }
}
