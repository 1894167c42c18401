import type Database from 'better-sqlite3'
import { newId, newSecret } from '../auth/secrets.ts'
import type { SecretBox } from '../crypto/secret-box.ts'
import type { WebhookEvent } from '#shared/api/webhooks'
import type { Delivery, DeliveryRecord, Webhook, WebhookStore } from './webhook-store.ts'

interface HookRow {
  id: string
  project_id: string
  url: string
  secret: string
  secret_enc: string | null
  events: string
  created_at: number
}
interface DeliveryRow {
  id: string
  webhook_id: string
  event: WebhookEvent
  payload: string
  status: Delivery['status']
  attempts: number
  next_attempt: number
  last_code: number | null
  last_error: string | null
  created_at: number
  delivered_at: number | null
}

const toHook = (r: HookRow): Webhook => ({
  id: r.id,
  projectId: r.project_id,
  url: r.url,
  events: JSON.parse(r.events) as WebhookEvent[],
  createdAt: r.created_at,
})
const toDelivery = (r: DeliveryRow): Delivery => ({
  id: r.id,
  webhookId: r.webhook_id,
  event: r.event,
  payload: r.payload,
  status: r.status,
  attempts: r.attempts,
  nextAttempt: r.next_attempt,
  lastCode: r.last_code,
  lastError: r.last_error,
  createdAt: r.created_at,
  deliveredAt: r.delivered_at,
})

/**
 * Webhooks and their delivery log in SQLite (migrations 5, 7). Secrets are in `secret_enc`; the
 * old plain `secret` column stays empty.
 */
export class SqliteWebhookStore implements WebhookStore {
  private readonly q

  constructor(
    private readonly db: Database.Database,
    private readonly box: SecretBox,
  ) {
    this.q = {
      insert: db.prepare<[string, string, string, string, string, string, number]>(
        "INSERT INTO webhooks (id, project_id, url, secret, secret_enc, events, created_by, created_at) VALUES (?, ?, ?, '', ?, ?, ?, ?)",
      ),
      plain: db.prepare<[], { id: string; secret: string }>('SELECT id, secret FROM webhooks WHERE secret_enc IS NULL'),
      seal: db.prepare<[string, string]>("UPDATE webhooks SET secret_enc = ?, secret = '' WHERE id = ?"),
      sealed: db.prepare<[], { id: string; secret_enc: string }>('SELECT id, secret_enc FROM webhooks WHERE secret_enc IS NOT NULL'),
      get: db.prepare<[string], HookRow>('SELECT * FROM webhooks WHERE id = ?'),
      ofProject: db.prepare<[string], HookRow>('SELECT * FROM webhooks WHERE project_id = ? ORDER BY created_at'),
      remove: db.prepare<[string]>('DELETE FROM webhooks WHERE id = ?'),
      enqueue: db.prepare<[string, string, string, string, number, number]>(
        "INSERT INTO webhook_deliveries (id, webhook_id, event, payload, status, next_attempt, created_at) VALUES (?, ?, ?, ?, 'pending', ?, ?)",
      ),
      due: db.prepare<[number, number], DeliveryRow>(
        "SELECT * FROM webhook_deliveries WHERE status = 'pending' AND next_attempt <= ? ORDER BY next_attempt LIMIT ?",
      ),
      nextDue: db.prepare<[], { t: number | null }>("SELECT min(next_attempt) AS t FROM webhook_deliveries WHERE status = 'pending'"),
      record: db.prepare<[string, number, number, number | null, string | null, number | null, string]>(
        'UPDATE webhook_deliveries SET status = ?, attempts = ?, next_attempt = ?, last_code = ?, last_error = ?, delivered_at = ? WHERE id = ?',
      ),
      retryUnsigned: db.prepare<[number]>("UPDATE webhook_deliveries SET next_attempt = ? WHERE status = 'pending' AND last_error = 'secret_unavailable'"),
      log: db.prepare<[string, number], DeliveryRow>('SELECT * FROM webhook_deliveries WHERE webhook_id = ? ORDER BY created_at DESC LIMIT ?'),
    }
  }

  create(input: { projectId: string; url: string; events: WebhookEvent[]; createdBy: string }, now = Date.now()): { webhook: Webhook; secret: string } {
    const id = newId()
    const secret = newSecret('kw')
    this.q.insert.run(id, input.projectId, input.url, this.box.seal(secret, id), JSON.stringify(input.events), input.createdBy, now)
    return { webhook: toHook(this.q.get.get(id)!), secret }
  }

  get(id: string): Webhook | null {
    const r = this.q.get.get(id)
    return r ? toHook(r) : null
  }

  /** The signing secret of a webhook; throws SecretBoxError when the key is not the one it was sealed with. */
  secret(id: string): string | null {
    const r = this.q.get.get(id)
    if (!r) return null
    return r.secret_enc === null ? r.secret : this.box.open(r.secret_enc, r.id)
  }

  /**
   * Seals the secrets stored in plain text before migration 7, at start-up. secure_delete makes
   * SQLite zero the bytes it frees, and the WAL is checkpointed and truncated after, so the plain
   * secrets do not linger in the file's free space or in the old page images of the WAL.
   */
  /** Seals secrets still stored in plain text (rows from before migration 7, SQLite's own history); returns how many. */
  sealPlaintextSecrets(): number {
    const rows = this.q.plain.all()
    if (rows.length === 0) return 0
    const before = this.db.pragma('secure_delete', { simple: true }) as number
    this.db.pragma('secure_delete = ON')
    try {
      this.db.transaction(() => {
        for (const r of rows) this.q.seal.run(this.box.seal(r.secret, r.id), r.id)
      })()
    } finally {
      this.db.pragma(`secure_delete = ${before}`)
    }
    this.db.pragma('wal_checkpoint(TRUNCATE)')
    return rows.length
  }

  /** Ids of the webhooks whose secret does not open with the current key (checked at start-up). */
  unreadableSecrets(): string[] {
    return this.q.sealed
      .all()
      .filter((r) => {
        try {
          this.box.open(r.secret_enc, r.id)
          return false
        } catch {
          return true
        }
      })
      .map((r) => r.id)
  }

  ofProject(projectId: string): Webhook[] {
    return this.q.ofProject.all(projectId).map(toHook)
  }

  remove(id: string): boolean {
    return this.q.remove.run(id).changes > 0
  }

  enqueue(webhookId: string, event: WebhookEvent, payload: string, now = Date.now()): string {
    const id = newId()
    this.q.enqueue.run(id, webhookId, event, payload, now, now)
    return id
  }

  due(now: number, limit: number): Delivery[] {
    return this.q.due.all(now, limit).map(toDelivery)
  }

  nextDue(): number | null {
    return this.q.nextDue.get()?.t ?? null
  }

  record(d: DeliveryRecord): void {
    this.q.record.run(d.status, d.attempts, d.nextAttempt, d.lastCode, d.lastError, d.deliveredAt, d.id)
  }

  /** Deliveries that waited for a readable secret are due again (the key may be right now). */
  retryUnsigned(now = Date.now()): void {
    this.q.retryUnsigned.run(now)
  }

  log(webhookId: string, limit = 50): Delivery[] {
    return this.q.log.all(webhookId, limit).map(toDelivery)
  }
}
