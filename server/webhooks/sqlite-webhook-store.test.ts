import crypto from 'node:crypto'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { SecretBox } from '../crypto/secret-box.ts'
import { openDatabase } from '../db/open.ts'
import { tempDir } from '../test/harness.ts'
import { SqliteWebhookStore } from './sqlite-webhook-store.ts'
import { describeWebhookStore } from './webhook-store.contract.ts'

function open(key: Buffer) {
  const { dir, cleanup } = tempDir()
  const db = openDatabase(path.join(dir, 'keel.db'), { synchronous: 'normal' })
  let n = 0
  return {
    db,
    store: new SqliteWebhookStore(db, new SecretBox(key)),
    project: () => {
      const id = `p${++n}`
      db.prepare('INSERT INTO workspaces (id, name, created_at) VALUES (?, ?, 0)').run(`ws-${id}`, 'W')
      db.prepare('INSERT INTO projects (id, workspace_id, name, created_at) VALUES (?, ?, ?, 0)').run(id, `ws-${id}`, 'P')
      return id
    },
    withKey: (other: Buffer) => new SqliteWebhookStore(db, new SecretBox(other)),
    close: () => {
      db.close()
      cleanup()
    },
  }
}

describeWebhookStore('SQLite', open)

describe('SqliteWebhookStore', () => {
  it('seals a secret stored in plain text before migration 7 and empties the plain column', () => {
    const s = open(crypto.randomBytes(32))
    try {
      const projectId = s.project()
      s.db
        .prepare(
          "INSERT INTO webhooks (id, project_id, url, secret, events, created_by, created_at) VALUES ('old', ?, 'https://x.test', 'kw_plain', '[]', 'u', 0)",
        )
        .run(projectId)
      expect(s.store.secret('old')).toBe('kw_plain')
      expect(s.store.sealPlaintextSecrets()).toBe(1)
      expect(s.store.sealPlaintextSecrets()).toBe(0)
      expect(s.store.secret('old')).toBe('kw_plain')
      expect(s.db.prepare("SELECT secret FROM webhooks WHERE id = 'old'").get()).toEqual({ secret: '' })
    } finally {
      s.close()
    }
  })
})
