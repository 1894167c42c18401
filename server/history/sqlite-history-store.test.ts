import path from 'node:path'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { historyBaselines } from '../db/migration-011-history.ts'
import { openDatabase } from '../db/open.ts'
import { tempDir } from '../test/harness.ts'
import { SqliteStore } from '../store/sqlite-store.ts'
import { describeHistoryStore } from './history-store.contract.ts'
import { SqliteHistoryStore } from './sqlite-history-store.ts'
import { stateAt } from './state-at.ts'

function fixtureDb() {
  const { dir, cleanup } = tempDir()
  const db = openDatabase(path.join(dir, 'keel.db'), { synchronous: 'normal' })
  db.prepare('INSERT INTO workspaces (id, name, created_at) VALUES (?, ?, ?)').run('W1', 'Contract', 0)
  db.prepare('INSERT INTO projects (id, workspace_id, name, created_at) VALUES (?, ?, ?, ?)').run('P1', 'W1', 'P1', 0)
  const doc = db.prepare('INSERT INTO documents (id, project_id, kind, created_at, updated_at) VALUES (?, ?, ?, 0, 0)')
  doc.run('D1', 'P1', 'doc')
  doc.run('D2', 'P1', 'doc')
  doc.run('T1', 'P1', 'tree')
  doc.run('D3', null, 'doc')
  return { db, cleanup }
}

describeHistoryStore('SqliteHistoryStore on a temp file', () => {
  const { db, cleanup } = fixtureDb()
  const log = db.prepare("INSERT INTO updates (doc_id, seq, created_at, user_id, size, data) VALUES (?, ?, ?, ?, 1, x'00')")
  return {
    store: new SqliteHistoryStore(db),
    logUpdate: (docId, seq, at, userId) => void log.run(docId, seq, at, userId),
    close: () => {
      db.close()
      cleanup()
    },
  }
})

describe('migration 011 on documents compacted before history', () => {
  it('gives each page a baseline version and a checkpoint of its snapshot, from which its state rebuilds', () => {
    const { db, cleanup } = fixtureDb()
    try {
      // As before 011: seqs 1-3 folded into the snapshot with their bytes dropped, seq 4 after it.
      const ydoc = new Y.Doc()
      const updates: Uint8Array[] = []
      ydoc.on('update', (u: Uint8Array) => updates.push(u))
      for (const word of ['a', 'b', 'c']) ydoc.getText('t').insert(ydoc.getText('t').length, word)
      const snapshot = Y.encodeStateAsUpdate(ydoc)
      ydoc.getText('t').insert(3, 'd')
      const row = db.prepare('INSERT INTO updates (doc_id, seq, created_at, user_id, size, data) VALUES (?, ?, ?, ?, ?, ?)')
      for (const [i, who] of ['u-ada', 'u-bo', 'u-ada', 'u-cy'].entries())
        row.run('D1', i + 1, 100 * (i + 1), who, updates[i]!.byteLength, i < 3 ? null : updates[i]!)
      db.prepare('UPDATE documents SET snapshot = ?, snapshot_seq = 3, last_seq = 4 WHERE id = ?').run(snapshot, 'D1')
      db.prepare('UPDATE documents SET snapshot = ?, snapshot_seq = 3, last_seq = 3 WHERE id = ?').run(snapshot, 'T1')
      db.exec(historyBaselines)
      const history = new SqliteHistoryStore(db)
      const [baseline] = history.all('D1')
      expect(baseline).toMatchObject({ kind: 'baseline', fromSeq: 1, toSeq: 3, startedAt: 100, endedAt: 300, authors: ['u-ada', 'u-bo'] })
      expect(history.all('T1')).toEqual([]) // tree documents have no versions, but their checkpoint
      const store = new SqliteStore(db)
      expect(stateAt(store, 'D1', 3).getText('t').toString()).toBe('abc')
      expect(stateAt(store, 'D1', 4).getText('t').toString()).toBe('abcd')
      expect(store.checkpointAt('T1', 3)?.seq).toBe(3)
      expect(() => stateAt(store, 'D1', 2)).toThrow(/folded before history/)
    } finally {
      db.close()
      cleanup()
    }
  })
})
