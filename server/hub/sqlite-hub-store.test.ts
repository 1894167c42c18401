import path from 'node:path'
import { openDatabase } from '../db/open.ts'
import { tempDir } from '../test/harness.ts'
import { sqliteHubFixture } from '../test/hub-rows.ts'
import { describeHubStore } from './hub-store.contract.ts'
import { SqliteHubStore } from './sqlite-hub-store.ts'

describeHubStore('SQLite', () => {
  const { dir, cleanup } = tempDir()
  const db = openDatabase(path.join(dir, 'keel.db'), { synchronous: 'normal' })
  return {
    store: new SqliteHubStore(db),
    fixture: sqliteHubFixture(db),
    close: () => {
      db.close()
      cleanup()
    },
  }
})
