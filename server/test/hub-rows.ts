import type Database from 'better-sqlite3'
import type { HubFixture } from '../hub/hub-store.contract.ts'

/** The rows the hub's queries join, written straight into SQLite (the other stores are tested on their own). */
export function sqliteHubFixture(db: Database.Database): HubFixture {
  let n = 0
  const id = (prefix: string) => `${prefix}-${++n}`
  return {
    project(name, workspaceId) {
      const ws = workspaceId ?? id('ws')
      if (!workspaceId) db.prepare('INSERT INTO workspaces (id, name, created_at) VALUES (?, ?, 0)').run(ws, `${name} workspace`)
      const projectId = id('project')
      db.prepare('INSERT INTO projects (id, workspace_id, name, created_at) VALUES (?, ?, ?, 0)').run(projectId, ws, name)
      return { workspaceId: ws, projectId }
    },
    user(name, workspaceId) {
      const userId = id('user')
      db.prepare("INSERT INTO users (id, email, name, color, created_at) VALUES (?, ?, ?, '#000', 0)").run(userId, `${userId}@keel.test`, name)
      if (workspaceId) db.prepare("INSERT INTO workspace_members (workspace_id, user_id, role, created_at) VALUES (?, ?, 'editor', 0)").run(workspaceId, userId)
      return userId
    },
    tree(projectId, docId) {
      db.prepare("INSERT INTO documents (id, created_at, updated_at, project_id, kind) VALUES (?, 0, 0, ?, 'tree')").run(docId, projectId)
    },
    edit(docId, userId, at) {
      const seq = (db.prepare('SELECT count(*) AS c FROM updates WHERE doc_id = ?').get(docId) as { c: number }).c + 1
      db.prepare('INSERT INTO updates (doc_id, seq, created_at, user_id, size, data) VALUES (?, ?, ?, ?, 0, NULL)').run(docId, seq, at, userId)
    },
  }
}
