import path from 'node:path'
import { openDatabase } from '../db/open.ts'
import { SqliteHubStore } from '../hub/sqlite-hub-store.ts'
import { tempDir } from '../test/harness.ts'
import { sqliteHubFixture } from '../test/hub-rows.ts'
import { describeImportStore } from './import-store.contract.ts'
import { SqliteImportStore } from './sqlite-import-store.ts'

describeImportStore('SQLite', () => {
  const { dir, cleanup } = tempDir()
  const db = openDatabase(path.join(dir, 'keel.db'), { synchronous: 'normal' })
  const hub = new SqliteHubStore(db)
  const rows = sqliteHubFixture(db)
  return {
    store: new SqliteImportStore(db),
    fixture: {
      project: () => rows.project('Imports').projectId,
      page: (projectId, docId) => hub.createDoc(docId, projectId, docId),
      erase: (docId) => db.prepare('DELETE FROM documents WHERE id = ?').run(docId),
    },
    close: () => {
      db.close()
      cleanup()
    },
  }
})
