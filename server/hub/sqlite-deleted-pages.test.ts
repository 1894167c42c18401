import path from 'node:path'
import { openDatabase } from '../db/open.ts'
import { tempDir } from '../test/harness.ts'
import { sqliteHubFixture } from '../test/hub-rows.ts'
import { describeDeletedPages } from './deleted-pages.contract.ts'
import { SqliteDeletedPages } from './sqlite-deleted-pages.ts'
import { SqliteHubStore } from './sqlite-hub-store.ts'

describeDeletedPages('SQLite', () => {
  const { dir, cleanup } = tempDir()
  const db = openDatabase(path.join(dir, 'keel.db'), { synchronous: 'normal' })
  const hub = new SqliteHubStore(db)
  const rows = sqliteHubFixture(db)
  return {
    store: new SqliteDeletedPages(db),
    fixture: {
      project: (name, workspaceId) => rows.project(name, workspaceId),
      page: (projectId, docId, title) => hub.createDoc(docId, projectId, title),
      projectOf: (docId) => (hub.doc(docId) ?? undefined)?.projectId,
    },
    close: () => {
      db.close()
      cleanup()
    },
  }
})
