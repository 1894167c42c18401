/**
 * What happened, for whoever listens in this process: the SSE stream, webhooks, and next
 * notifications and search. Each feature declares its own events by merging into `KeelEvents`
 * (as Fastify's decorators do), so the bus names no feature and a listener gets a typed payload:
 *
 *     declare module '../events/bus.ts' {
 *       interface KeelEvents { 'tasks.changed': { projectId: string; changes: readonly TaskChange[] } }
 *     }
 *
 * Every event belongs to one project (`projectId`): listeners can subscribe to one project
 * without seeing the rest. Emitting is synchronous and in subscription order; a listener that
 * throws is reported and the others still run, because the event is about work already committed.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by each feature's declaration merging
export interface KeelEvents {}

export type EventName = keyof KeelEvents
type Payload<K extends EventName> = KeelEvents[K] & { projectId: string }
type Listener<K extends EventName> = (event: Payload<K>) => void

export class EventBus {
  private readonly all = new Map<EventName, Set<Listener<never>>>()
  private readonly byProject = new Map<string, Set<Listener<never>>>()

  constructor(private readonly onError: (err: unknown, event: EventName) => void = () => {}) {}

  /** Every `name` event of every project. Returns the unsubscribe function. */
  on<K extends EventName>(name: K, listener: Listener<K>): () => void {
    return add(this.all, name, listener)
  }

  /** `name` events of one project only (an SSE stream watches one project). */
  onProject<K extends EventName>(name: K, projectId: string, listener: Listener<K>): () => void {
    return add(this.byProject, `${String(name)}\u0000${projectId}`, listener)
  }

  emit<K extends EventName>(name: K, event: Payload<K>): void {
    const listeners = [...(this.all.get(name) ?? []), ...(this.byProject.get(`${String(name)}\u0000${event.projectId}`) ?? [])]
    for (const listener of listeners) {
      try {
        ;(listener as Listener<K>)(event)
      } catch (err) {
        this.onError(err, name)
      }
    }
  }
}

function add<T>(map: Map<T, Set<Listener<never>>>, key: T, listener: Listener<never>): () => void {
  let set = map.get(key)
  if (!set) map.set(key, (set = new Set()))
  set.add(listener)
  return () => {
    set.delete(listener)
    if (set.size === 0) map.delete(key)
  }
}
