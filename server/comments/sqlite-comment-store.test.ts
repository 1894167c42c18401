import path from 'node:path'
import { openDatabase } from '../db/open.ts'
import { tempDir } from '../test/harness.ts'
import { describeCommentStore } from './comment-store.contract.ts'
import { SqliteCommentStore } from './sqlite-comment-store.ts'

describeCommentStore('SQLite', () => {
  const { dir, cleanup } = tempDir('keel-comments-')
  const db = openDatabase(path.join(dir, 'keel.db'), { synchronous: 'normal' })
  return {
    store: new SqliteCommentStore(db),
    addDoc: (id) => db.prepare('INSERT INTO documents (id, created_at, updated_at) VALUES (?, 0, 0)').run(id),
    removeDoc: (id) => db.prepare('DELETE FROM documents WHERE id = ?').run(id),
    close: () => {
      db.close()
      cleanup()
    },
  }
})
