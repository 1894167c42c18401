import path from 'node:path'
import { openDatabase } from '../db/open.ts'
import { tempDir } from '../test/harness.ts'
import { describeExportStore, EXPORT_STORE_FIXTURE } from './export-store.contract.ts'
import { SqliteExportStore } from './sqlite-export-store.ts'

describeExportStore('SqliteExportStore on a temp file', () => {
  const { dir, cleanup } = tempDir()
  const db = openDatabase(path.join(dir, 'keel.db'), { synchronous: 'normal' })
  // The rows the records reference (foreign keys are on).
  for (const id of EXPORT_STORE_FIXTURE.workspaces) db.prepare('INSERT INTO workspaces (id, name, created_at) VALUES (?, ?, 0)').run(id, id)
  for (const id of EXPORT_STORE_FIXTURE.docs) db.prepare('INSERT INTO documents (id, created_at, updated_at) VALUES (?, 0, 0)').run(id)
  return {
    store: new SqliteExportStore(db),
    close: () => {
      db.close()
      cleanup()
    },
  }
})
