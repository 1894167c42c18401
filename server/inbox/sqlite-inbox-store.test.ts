import path from 'node:path'
import { openDatabase } from '../db/open.ts'
import { tempDir } from '../test/harness.ts'
import { describeInboxStore } from './inbox-store.contract.ts'
import { SqliteInboxStore } from './sqlite-inbox-store.ts'

describeInboxStore('SQLite', () => {
  const { dir, cleanup } = tempDir('keel-inbox-')
  const db = openDatabase(path.join(dir, 'keel.db'), { synchronous: 'normal' })
  return {
    store: new SqliteInboxStore(db),
    close: () => {
      db.close()
      cleanup()
    },
  }
})
