import type { FastifyBaseLogger } from 'fastify'
import type { TaskChange, TaskStore } from '../tasks/task-store.ts'
import { signature } from './sign.ts'
import type { Delivery, WebhookEvent, WebhookStore } from './webhook-store.ts'

export interface DispatcherOptions {
  /** First retry delay; each further one doubles (1 s, 2 s, 4 s … capped at 10 min). */
  backoffBaseMs: number
  /** Attempts before a delivery is marked failed. */
  maxAttempts: number
  /** Per-request timeout. */
  timeoutMs: number
}

export const DEFAULT_DISPATCHER: DispatcherOptions = { backoffBaseMs: 1000, maxAttempts: 8, timeoutMs: 5000 }

const EVENT_OF: Record<TaskChange['kind'], WebhookEvent> = {
  created: 'task.created',
  changed: 'task.changed',
  completed: 'task.completed',
  deleted: 'task.deleted',
}

/**
 * Turns task changes into signed webhook deliveries. Each delivery is written to the log before
 * it is sent and updated after every attempt, so nothing is lost across a restart and the owner
 * can see exactly what was sent, when, and what came back.
 */
export class WebhookDispatcher {
  private timer: NodeJS.Timeout | null = null
  private readonly inFlight = new Set<string>()
  private closed = false
  /** The pump running now, so close() can wait until it no longer touches the database. */
  private running: Promise<void> | null = null
  /** Aborts the requests in flight when the server shuts down. */
  private readonly shutdown = new AbortController()

  constructor(
    private readonly store: WebhookStore,
    private readonly tasks: TaskStore,
    private readonly log: FastifyBaseLogger,
    private readonly options: DispatcherOptions = DEFAULT_DISPATCHER,
  ) {
    this.schedule(0)
  }

  /** Called by the task indexer after each commit that changed task rows. */
  notify(projectId: string, changes: readonly TaskChange[]): void {
    const hooks = this.store.ofProject(projectId)
    if (hooks.length === 0) return
    const at = new Date().toISOString()
    for (const change of changes) {
      const event = EVENT_OF[change.kind]
      const task = change.kind === 'deleted' ? { id: change.id } : this.tasks.get(change.id)
      for (const hook of hooks) {
        if (!hook.events.includes(event)) continue
        this.store.enqueue(hook.id, event, JSON.stringify({ event, projectId, at, task }))
      }
      // A completion is also a change: subscribers of task.changed hear it as one.
      if (change.kind === 'completed') {
        for (const hook of hooks) if (hook.events.includes('task.changed')) this.store.enqueue(hook.id, 'task.changed', JSON.stringify({ event: 'task.changed', projectId, at, task }))
      }
    }
    this.schedule(0)
  }

  private schedule(delayMs: number): void {
    if (this.closed) return
    if (this.timer) clearTimeout(this.timer)
    this.timer = setTimeout(() => {
      const run = this.pump().finally(() => {
        if (this.running === run) this.running = null
      })
      this.running = run
    }, Math.max(0, delayMs))
    this.timer.unref()
  }

  private async pump(): Promise<void> {
    this.timer = null
    const due = this.store.due(Date.now(), 20).filter((d) => !this.inFlight.has(d.id))
    await Promise.all(due.map((d) => this.attempt(d)))
    // Closed meanwhile: the database may be closing too; what is due stays due for the next start.
    if (this.closed) return
    const next = this.store.nextDue()
    if (next !== null) this.schedule(next - Date.now())
  }

  private async attempt(d: Delivery): Promise<void> {
    const hook = this.store.get(d.webhookId)
    if (!hook) return
    this.inFlight.add(d.id)
    const attempts = d.attempts + 1
    let code: number | null = null
    let error: string | null = null
    try {
      const res = await fetch(hook.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Keel-Webhooks/1',
          'x-keel-event': d.event,
          'x-keel-delivery': d.id,
          'x-keel-signature': signature(hook.secret, d.payload, Math.floor(Date.now() / 1000)),
        },
        body: d.payload,
        signal: AbortSignal.any([AbortSignal.timeout(this.options.timeoutMs), this.shutdown.signal]),
        redirect: 'manual',
      })
      code = res.status
      await res.body?.cancel()
      if (res.status < 200 || res.status >= 300) error = `HTTP ${res.status}`
    } catch (err) {
      error = (err as Error).message.slice(0, 200)
    } finally {
      this.inFlight.delete(d.id)
    }
    // An attempt cut short by shutdown is not counted: the delivery stays pending, sent after restart.
    if (this.closed) return
    const delivered = error === null
    const failed = !delivered && attempts >= this.options.maxAttempts
    const backoff = Math.min(this.options.backoffBaseMs * 2 ** (attempts - 1), 10 * 60_000)
    this.store.record({
      id: d.id,
      status: delivered ? 'delivered' : failed ? 'failed' : 'pending',
      attempts,
      nextAttempt: Date.now() + (delivered || failed ? 0 : backoff),
      lastCode: code,
      lastError: error,
      deliveredAt: delivered ? Date.now() : null,
    })
    if (!delivered) this.log.warn({ delivery: d.id, attempts, code, error }, failed ? 'webhook delivery failed for good' : 'webhook delivery failed; will retry')
  }

  /**
   * Stops sending: no new pump starts, requests in flight are aborted, and the returned promise
   * settles once the running pump no longer touches the store, so the database can close after.
   */
  async close(): Promise<void> {
    this.closed = true
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    this.shutdown.abort()
    await this.running
  }
}
