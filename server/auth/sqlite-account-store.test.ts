import path from 'node:path'
import { openDatabase } from '../db/open.ts'
import { tempDir } from '../test/harness.ts'
import { describeAccountStore } from './account-store.contract.ts'
import { SqliteAccountStore } from './sqlite-account-store.ts'

describeAccountStore('SQLite', () => {
  const { dir, cleanup } = tempDir('keel-accounts-')
  const db = openDatabase(path.join(dir, 'keel.db'), { synchronous: 'normal' })
  return {
    store: new SqliteAccountStore(db),
    addWorkspace: (id) => db.prepare('INSERT INTO workspaces (id, name, created_at) VALUES (?, ?, ?)').run(id, id, 0),
    close: () => {
      db.close()
      cleanup()
    },
  }
})
