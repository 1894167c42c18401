import crypto from 'node:crypto'
import path from 'node:path'
import { SecretBox } from '../crypto/secret-box.ts'
import { openDatabase } from '../db/open.ts'
import { tempDir } from '../test/harness.ts'
import { describeOutboxStore } from './outbox-store.contract.ts'
import { SqliteOutboxStore } from './sqlite-outbox-store.ts'

describeOutboxStore('SQLite', () => {
  const { dir, cleanup } = tempDir('keel-outbox-')
  const db = openDatabase(path.join(dir, 'keel.db'), { synchronous: 'normal' })
  return {
    store: new SqliteOutboxStore(db, new SecretBox(crypto.randomBytes(32))),
    raw: () => JSON.stringify(db.prepare('SELECT * FROM outbox').all()),
    close: () => {
      db.close()
      cleanup()
    },
  }
})
