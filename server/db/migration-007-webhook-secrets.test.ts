import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { webhooksMigration } from './migration-005-webhooks.ts'
import { webhookSecretsMigration } from './migration-007-webhook-secrets.ts'

describe('migration 7: webhook secrets column, coarse delivery log', () => {
  it('reduces the old free-text errors to classes, keeping a status only where a receiver answered', () => {
    const db = new Database(':memory:')
    // Only the webhook tables matter here: their foreign keys are not enforced for this check.
    db.pragma('foreign_keys = OFF')
    db.exec(webhooksMigration)
    db.prepare(
      "INSERT INTO webhooks (id, project_id, url, secret, events, created_by, created_at) VALUES ('w', 'p', 'http://x/', 'kw_plain', '[]', 'u', 0)",
    ).run()
    const old: [string, number | null, string | null][] = [
      ['ok', 204, null],
      ['500', 500, 'HTTP 500'],
      ['302', 302, 'HTTP 302'],
      ['refused', null, 'connect ECONNREFUSED 10.0.0.1:22'],
      ['timeout', null, 'The operation was aborted due to timeout'],
      ['dns', null, 'getaddrinfo ENOTFOUND intranet.corp'],
    ]
    const insert = db.prepare(
      "INSERT INTO webhook_deliveries (id, webhook_id, event, payload, status, next_attempt, last_code, last_error, created_at) VALUES (?, 'w', 'task.created', '{}', 'failed', 0, ?, ?, 0)",
    )
    for (const [id, code, error] of old) insert.run(id, code, error)
    db.exec(webhookSecretsMigration)
    const rows = db.prepare('SELECT id, last_code AS code, last_error AS error FROM webhook_deliveries ORDER BY rowid').all()
    expect(rows).toEqual([
      { id: 'ok', code: 204, error: null },
      { id: '500', code: 500, error: 'http_error' },
      { id: '302', code: 302, error: 'redirect' },
      { id: 'refused', code: null, error: 'unreachable' },
      { id: 'timeout', code: null, error: 'timeout' },
      { id: 'dns', code: null, error: 'unreachable' },
    ])
    // The plain secret stays until the server seals it at start-up (SQL cannot encrypt).
    expect(db.prepare('SELECT secret, secret_enc FROM webhooks').get()).toEqual({ secret: 'kw_plain', secret_enc: null })
    db.close()
  })
})
