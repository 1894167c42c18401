import type { DeliveryStatus, WebhookEvent } from '#shared/api/webhooks'

export interface Webhook {
  id: string
  projectId: string
  url: string
  events: WebhookEvent[]
  createdAt: number
}

export interface Delivery {
  id: string
  webhookId: string
  event: WebhookEvent
  payload: string
  status: DeliveryStatus
  attempts: number
  nextAttempt: number
  lastCode: number | null
  lastError: string | null
  createdAt: number
  deliveredAt: number | null
}

/** What an attempt changes on its delivery row. */
export type DeliveryRecord = Pick<Delivery, 'id' | 'status' | 'attempts' | 'nextAttempt' | 'lastCode' | 'lastError' | 'deliveredAt'>

/**
 * Webhooks and their delivery log. Deliveries are rows first, sent after: a restart resumes them.
 * Signing secrets are stored sealed (AES-256-GCM under the server's key, bound to the webhook's
 * id) and are only read back to sign.
 *
 * Synchronous, like every store (see server/store/store.ts): the dispatcher enqueues inside the
 * bus listener of the commit that changed the tasks, so a delivery row exists before anyone can
 * observe the change. The SQLite implementation is `SqliteWebhookStore`; `describeWebhookStore`
 * (webhook-store.contract.ts) is the behaviour every implementation must show.
 */
export interface WebhookStore {
  /** A new webhook and its signing secret (returned this once, stored sealed). */
  create(input: { projectId: string; url: string; events: WebhookEvent[]; createdBy: string }, now?: number): { webhook: Webhook; secret: string }
  get(id: string): Webhook | null
  /** The signing secret of a webhook; throws SecretBoxError when the key is not the one it was sealed with. */
  secret(id: string): string | null
  /** Ids of the webhooks whose secret does not open with the current key (checked at start-up). */
  unreadableSecrets(): string[]
  /** A project's webhooks, oldest first. */
  ofProject(projectId: string): Webhook[]
  /** Removes a webhook and its delivery log; false if there was none. */
  remove(id: string): boolean
  /** Writes a pending delivery, due at `now`; returns its id. */
  enqueue(webhookId: string, event: WebhookEvent, payload: string, now?: number): string
  /** Pending deliveries due at `now`, soonest first, `limit` at most. */
  due(now: number, limit: number): Delivery[]
  /** When the next pending delivery is due, or null when none is. */
  nextDue(): number | null
  record(d: DeliveryRecord): void
  /** Deliveries that waited for a readable secret are due again (the key may be right now). */
  retryUnsigned(now?: number): void
  /** A webhook's deliveries, newest first (`limit` defaults to 50). */
  log(webhookId: string, limit?: number): Delivery[]
}
