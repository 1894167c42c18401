import path from 'node:path'
import { openDatabase } from '../db/open.ts'
import { tempDir } from '../test/harness.ts'
import { SqliteTaskStore } from './sqlite-task-store.ts'
import { describeTaskStore, TASK_STORE_FIXTURE } from './task-store.contract.ts'

describeTaskStore('SqliteTaskStore on a temp file', () => {
  const { dir, cleanup } = tempDir()
  const db = openDatabase(path.join(dir, 'keel.db'), { synchronous: 'normal' })
  // The rows the index references (foreign keys are on).
  db.prepare('INSERT INTO workspaces (id, name, created_at) VALUES (?, ?, ?)').run('W1', 'Contract', 0)
  for (const p of TASK_STORE_FIXTURE.projects) db.prepare('INSERT INTO projects (id, workspace_id, name, created_at) VALUES (?, ?, ?, ?)').run(p, 'W1', p, 0)
  for (const d of TASK_STORE_FIXTURE.docs)
    db.prepare('INSERT INTO documents (id, project_id, created_at, updated_at) VALUES (?, ?, 0, 0)').run(d.id, d.projectId)
  return {
    store: new SqliteTaskStore(db),
    close: () => {
      db.close()
      cleanup()
    },
  }
})
