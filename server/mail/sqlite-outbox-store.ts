import type Database from 'better-sqlite3'
import type { SecretBox } from '../crypto/secret-box.ts'
import type { OutboxMessage, OutboxStore } from './outbox-store.ts'

interface Row {
  id: string
  created_at: number
  recipient: string
  subject: string
  body: string
  expires_at: number
  sent_at: number | null
}

/**
 * OutboxStore on migration 10's `outbox` table. Bodies are sealed with the server's secret box
 * (the row id is the sealing context): a body can hold a live one-time link, and a copied
 * database or backup must not be enough to use it (docs/SECURITY.md, threat model).
 */
export class SqliteOutboxStore implements OutboxStore {
  private readonly q

  constructor(
    db: Database.Database,
    private readonly box: SecretBox,
  ) {
    this.q = {
      insert: db.prepare<[string, number, string, string, string, number]>(
        'INSERT INTO outbox (id, created_at, recipient, subject, body, expires_at) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      get: db.prepare<[string], Row>('SELECT * FROM outbox WHERE id = ?'),
      pending: db.prepare<[number], Row>('SELECT * FROM outbox WHERE sent_at IS NULL AND expires_at > ? ORDER BY created_at, rowid'),
      markSent: db.prepare<[number, string]>('UPDATE outbox SET sent_at = ? WHERE id = ? AND sent_at IS NULL'),
      prune: db.prepare<[number]>('DELETE FROM outbox WHERE expires_at <= ?'),
    }
  }

  private toMessage(r: Row): OutboxMessage {
    return {
      id: r.id,
      createdAt: r.created_at,
      recipient: r.recipient,
      subject: r.subject,
      body: this.box.open(r.body, r.id),
      expiresAt: r.expires_at,
      sentAt: r.sent_at,
    }
  }

  insert(m: OutboxMessage): void {
    this.q.insert.run(m.id, m.createdAt, m.recipient, m.subject, this.box.seal(m.body, m.id), m.expiresAt)
  }

  get(id: string): OutboxMessage | null {
    const row = this.q.get.get(id)
    return row ? this.toMessage(row) : null
  }

  pending(now: number): OutboxMessage[] {
    return this.q.pending.all(now).map((r) => this.toMessage(r))
  }

  markSent(id: string, at: number): void {
    this.q.markSent.run(at, id)
  }

  pruneExpired(now: number): number {
    return this.q.prune.run(now).changes
  }
}
