import type { FastifyBaseLogger } from 'fastify'
import type { AddressCheck } from '../net/address-policy.ts'
import { type OutboundResult, postOnce, type Resolve } from '../net/outbound.ts'
import type { TaskChange, TaskStore } from '../tasks/task-store.ts'
import { type DeliveryOutcome, outcomeOf } from './outcome.ts'
import { signature } from './sign.ts'
import type { WebhookEvent } from '#shared/api/webhooks'
import type { Delivery, WebhookStore } from './webhook-store.ts'

export interface DispatcherOptions {
  /** First retry delay; each further one doubles (1 s, 2 s, 4 s … capped at 10 min). */
  backoffBaseMs: number
  /** Attempts before a delivery is marked failed. */
  maxAttempts: number
  /** Per-request bound on everything: lookup, connect, sending and the answer. */
  timeoutMs: number
  /** Bytes of a receiver's answer read at most (only its status matters). */
  maxResponseBytes: number
  /** KEEL_WEBHOOK_ALLOW_PRIVATE: receivers on loopback and private networks are allowed. */
  allowPrivate: boolean
  /** Host name resolution; tests inject one that maps names to the addresses under test. */
  resolve?: Resolve
  /** Replaces the address policy; tests admit a single loopback address with it. */
  checkAddress?: AddressCheck
}

export const DEFAULT_DISPATCHER: DispatcherOptions = { backoffBaseMs: 1000, maxAttempts: 8, timeoutMs: 5000, maxResponseBytes: 4096, allowPrivate: false }

/** A webhook whose secret does not open with the key: not the receiver's fault, not an attempt. */
const SECRET_RETRY_MS = 10 * 60_000

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
  /** Pumps running now (a notify() can start one while another waits on a request). */
  private readonly running = new Set<Promise<void>>()
  /** One per request in flight, so shutdown can abort them (and none outlives its request). */
  private readonly requests = new Set<AbortController>()

  constructor(
    private readonly store: WebhookStore,
    private readonly tasks: TaskStore,
    private readonly log: FastifyBaseLogger,
    private readonly options: DispatcherOptions = DEFAULT_DISPATCHER,
  ) {
    // A start is when a key can have been fixed: what waited for it is tried at once.
    this.store.retryUnsigned()
    this.schedule(0)
  }

  /** Called for each 'tasks.changed' event (webhooksFeature subscribes it to the bus). */
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
        for (const hook of hooks)
          if (hook.events.includes('task.changed')) this.store.enqueue(hook.id, 'task.changed', JSON.stringify({ event: 'task.changed', projectId, at, task }))
      }
    }
    this.schedule(0)
  }

  private schedule(delayMs: number): void {
    if (this.closed) return
    if (this.timer) clearTimeout(this.timer)
    this.timer = setTimeout(
      () => {
        const run = this.pump()
          .catch((err: unknown) => this.log.error({ err }, 'webhook dispatch failed'))
          .finally(() => this.running.delete(run))
        this.running.add(run)
      },
      Math.max(0, delayMs),
    )
    this.timer.unref()
  }

  private async pump(): Promise<void> {
    this.timer = null
    const due = this.store.due(Date.now(), 20).filter((d) => !this.inFlight.has(d.id))
    await Promise.all(due.map((d) => this.attempt(d)))
    // Closed meanwhile: no further round; what is still due is sent after the next start.
    if (this.closed) return
    const next = this.store.nextDue()
    if (next !== null) this.schedule(next - Date.now())
  }

  private async attempt(d: Delivery): Promise<void> {
    const hook = this.store.get(d.webhookId)
    if (!hook) return
    let secret: string | null
    try {
      secret = this.store.secret(hook.id)
    } catch (err) {
      // The key is not the one the secret was sealed with (start-up said so too): nothing can be
      // signed. The delivery waits, uncounted, for the right key or for the owner to replace it.
      this.log.error({ webhook: hook.id, err: (err as Error).message }, 'webhook secret cannot be decrypted: check KEEL_SECRET_KEY / keel-secret.key')
      this.store.record({
        id: d.id,
        status: 'pending',
        attempts: d.attempts,
        nextAttempt: Date.now() + SECRET_RETRY_MS,
        lastCode: null,
        lastError: 'secret_unavailable',
        deliveredAt: null,
      })
      return
    }
    if (secret === null) return
    this.inFlight.add(d.id)
    const request = new AbortController()
    this.requests.add(request)
    const attempts = d.attempts + 1
    let result: OutboundResult
    try {
      const headers = {
        'content-type': 'application/json',
        'user-agent': 'Keel-Webhooks/1',
        'x-keel-event': d.event,
        'x-keel-delivery': d.id,
        'x-keel-signature': signature(secret, d.payload, Math.floor(Date.now() / 1000)),
      }
      result = await postOnce(hook.url, headers, d.payload, { ...this.options, policy: this.options, signal: request.signal })
    } finally {
      this.inFlight.delete(d.id)
      this.requests.delete(request)
    }
    // Aborted by shutdown: not counted, the delivery stays pending and is sent after the
    // restart. An answer that did arrive is recorded (close() waits for this before the
    // database closes).
    if (result.kind === 'aborted' || (this.closed && result.kind !== 'answered')) return
    const outcome: DeliveryOutcome = outcomeOf(result)
    const delivered = outcome.error === null
    const failed = !delivered && attempts >= this.options.maxAttempts
    const backoff = Math.min(this.options.backoffBaseMs * 2 ** (attempts - 1), 10 * 60_000)
    this.store.record({
      id: d.id,
      status: delivered ? 'delivered' : failed ? 'failed' : 'pending',
      attempts,
      nextAttempt: Date.now() + (delivered || failed ? 0 : backoff),
      lastCode: outcome.code,
      lastError: outcome.error,
      deliveredAt: delivered ? Date.now() : null,
    })
    // The operator's log keeps the detail (errno, the refused address); the owner's view does not.
    if (!delivered)
      this.log.warn(
        { delivery: d.id, attempts, outcome: outcome.error, code: outcome.code, detail: 'detail' in result ? result.detail : undefined },
        failed ? 'webhook delivery failed for good' : 'webhook delivery failed; will retry',
      )
  }

  /**
   * Stops sending: no new pump starts, requests in flight are aborted, and the returned promise
   * settles once no running pump touches the store any more, so the database can close after.
   */
  async close(): Promise<void> {
    this.closed = true
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    for (const request of this.requests) request.abort()
    await Promise.all(this.running)
  }
}
