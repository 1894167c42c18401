import path from 'node:path'
import { openDatabase } from '../db/open.ts'
import { tempDir } from '../test/harness.ts'
import { describeAuditStore } from './audit-store.contract.ts'
import { SqliteAuditStore } from './sqlite-audit-store.ts'

describeAuditStore('SQLite', () => {
  const { dir, cleanup } = tempDir('keel-audit-')
  const db = openDatabase(path.join(dir, 'keel.db'), { synchronous: 'normal' })
  return {
    store: new SqliteAuditStore(db),
    addMember: (workspaceId, userId) => {
      db.prepare("INSERT OR IGNORE INTO users (id, email, name, color, created_at) VALUES (?, ?, ?, '#e5484d', 0)").run(userId, `${userId}@keel.test`, userId)
      db.prepare('INSERT OR IGNORE INTO workspaces (id, name, created_at) VALUES (?, ?, 0)').run(workspaceId, workspaceId)
      db.prepare("INSERT INTO workspace_members (workspace_id, user_id, role, created_at) VALUES (?, ?, 'editor', 0)").run(workspaceId, userId)
    },
    close: () => {
      db.close()
      cleanup()
    },
  }
})
