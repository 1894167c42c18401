import path from 'node:path'
import { openDatabase } from '../../db/open.ts'
import { tempDir } from '../../test/harness.ts'
import { APPROVAL_STORE_FIXTURE, describeApprovalStore } from './approval-store.contract.ts'
import { SqliteApprovalStore } from './sqlite-approval-store.ts'

describeApprovalStore('SqliteApprovalStore on a temp file', () => {
  const { dir, cleanup } = tempDir()
  const db = openDatabase(path.join(dir, 'keel.db'), { synchronous: 'normal' })
  // The documents the records reference (foreign keys are on).
  for (const id of APPROVAL_STORE_FIXTURE.docs) db.prepare('INSERT INTO documents (id, created_at, updated_at) VALUES (?, 0, 0)').run(id)
  return {
    store: new SqliteApprovalStore(db),
    close: () => {
      db.close()
      cleanup()
    },
  }
})
