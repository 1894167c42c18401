import path from 'node:path'
import { openDatabase } from '../db/open.ts'
import { tempDir } from '../test/harness.ts'
import { describeDirectoryStore } from './directory-store.contract.ts'
import { SqliteDirectoryStore } from './sqlite-directory-store.ts'

describeDirectoryStore('SQLite', () => {
  const { dir, cleanup } = tempDir('keel-directory-')
  const db = openDatabase(path.join(dir, 'keel.db'), { synchronous: 'normal' })
  return {
    store: new SqliteDirectoryStore(db),
    addUser: (id, name) =>
      db.prepare("INSERT INTO users (id, email, name, color, password_hash, created_at) VALUES (?, ?, ?, '#e5484d', NULL, 0)").run(id, `${id}@keel.test`, name),
    addDoc: (id) => db.prepare('INSERT INTO documents (id, created_at, updated_at) VALUES (?, 0, 0)').run(id),
    close: () => {
      db.close()
      cleanup()
    },
  }
})
