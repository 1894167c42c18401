import path from 'node:path'
import type Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { openDatabase } from '../db/open.ts'
import { SqliteStore } from '../store/sqlite-store.ts'
import { tempDir } from '../test/harness.ts'
import { rewindDocuments } from './rewind.ts'

/** One Yjs update per text, each appending to the last, as successive edits of one client. */
function edits(texts: readonly string[]): { updates: Uint8Array[]; after: (n: number) => Uint8Array } {
  const doc = new Y.Doc()
  doc.clientID = 7
  const updates: Uint8Array[] = []
  const states: Uint8Array[] = []
  for (const t of texts) {
    const sv = Y.encodeStateVector(doc)
    doc.getText('text').insert(doc.getText('text').length, t)
    updates.push(Y.encodeStateAsUpdate(doc, sv))
    states.push(Y.encodeStateAsUpdate(doc))
  }
  return { updates, after: (n) => states[n - 1]! }
}

const textOf = (db: Database.Database, id: string): string => {
  const stored = new SqliteStore(db).load(id)!
  const doc = new Y.Doc()
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot)
  for (const u of stored.updates) Y.applyUpdate(doc, u)
  return doc.getText('text').toString()
}

describe('rewindDocuments (the update log, on real SQLite)', () => {
  const cleanups: (() => void)[] = []
  afterEach(() => cleanups.splice(0).forEach((fn) => fn()))

  function database(): Database.Database {
    const { dir, cleanup } = tempDir()
    const db = openDatabase(path.join(dir, 'keel.db'), { synchronous: 'normal' })
    cleanups.push(cleanup, () => db.close())
    return db
  }

  it('rebuilds from a checkpoint and the log, drops what is later (versions, checkpoints, edit times, clock ranges), clamps visits', () => {
    const db = database()
    const store = new SqliteStore(db)
    const { updates, after } = edits(['a', 'b', 'c', 'd'])
    store.ensure('doc', 500)
    store.append(updates.map((data, i) => ({ docId: 'doc', data, userId: 'u1', at: 1000 * (i + 1) })))
    // Compacted at 3 (after the time): the snapshot alone is not the state at the time.
    db.prepare('INSERT INTO checkpoints (doc_id, seq, created_at, data) VALUES (?, 1, 1000, ?)').run('doc', after(1))
    store.compact('doc', after(3), 3)
    db.prepare(
      "INSERT INTO versions (doc_id, kind, from_seq, to_seq, started_at, ended_at) VALUES ('doc', 'auto', 1, 2, 1000, 2000), ('doc', 'auto', 3, 4, 3000, 4000)",
    ).run()
    db.prepare("INSERT INTO edit_times (doc_id, seq, user_id, edited_from, edited_to) VALUES ('doc', 2, 'u1', 1, 2), ('doc', 4, 'u1', 3, 4)").run()
    db.prepare("INSERT INTO doc_clients (doc_id, client, clock_start, clock_end, user_id) VALUES ('doc', 7, 0, 4, 'u1')").run()
    db.prepare("INSERT INTO visits (user_id, doc_id, seq, at) VALUES ('u1', 'doc', 4, 4000)").run()

    const report = rewindDocuments(db, 2500)
    expect(report.rewound).toEqual([{ id: 'doc', kind: 'doc', title: '', dropped: 2, keptSeq: 2, nearest: null }])
    expect(textOf(db, 'doc')).toBe('ab')
    expect(store.meta('doc')).toMatchObject({ lastSeq: 2, snapshotSeq: 2, logCount: 0, logBytes: 0, updatedAt: 2000 })
    expect(db.prepare("SELECT max(seq) AS s FROM updates WHERE doc_id = 'doc'").get()).toEqual({ s: 2 })
    expect(db.prepare("SELECT seq FROM checkpoints WHERE doc_id = 'doc'").all()).toEqual([{ seq: 1 }])
    expect(db.prepare("SELECT to_seq FROM versions WHERE doc_id = 'doc'").all()).toEqual([{ to_seq: 2 }])
    expect(db.prepare("SELECT seq FROM edit_times WHERE doc_id = 'doc'").all()).toEqual([{ seq: 2 }])
    expect(db.prepare("SELECT clock_start, clock_end FROM doc_clients WHERE doc_id = 'doc'").all()).toEqual([{ clock_start: 0, clock_end: 2 }])
    expect(db.prepare("SELECT seq FROM visits WHERE doc_id = 'doc'").get()).toEqual({ seq: 2 })
    // Appending goes on from the kept log.
    expect(store.append([{ docId: 'doc', data: updates[2]!, userId: 'u1', at: 9000 }])).toEqual([3])
    expect(textOf(db, 'doc')).toBe('abc')
  })

  it('a log folded before version history kept its bytes: rewound to the nearest kept state, and said so', () => {
    const db = database()
    const store = new SqliteStore(db)
    const { updates, after } = edits(['a', 'b', 'c', 'd'])
    store.ensure('old', 500)
    store.append(updates.map((data, i) => ({ docId: 'old', data, userId: 'u1', at: 1000 * (i + 1) })))
    // As compaction before migration 011 left it: bytes gone up to the snapshot, which is the baseline checkpoint.
    store.compact('old', after(3), 3)
    db.prepare("UPDATE updates SET data = NULL WHERE doc_id = 'old' AND seq <= 3").run()
    db.prepare("INSERT INTO checkpoints (doc_id, seq, created_at, data) VALUES ('old', 3, 3000, ?) ON CONFLICT DO NOTHING").run(after(3))

    const report = rewindDocuments(db, 1500)
    expect(report.rewound).toEqual([{ id: 'old', kind: 'doc', title: '', dropped: 1, keptSeq: 3, nearest: { seq: 3, at: 3000 } }])
    expect(textOf(db, 'old')).toBe('abc')
  })

  it('nothing after the time changes nothing; a time before the oldest update is refused', () => {
    const db = database()
    const store = new SqliteStore(db)
    store.ensure('doc', 500)
    store.append(edits(['a']).updates.map((data) => ({ docId: 'doc', data, userId: 'u1', at: 1000 })))
    expect(rewindDocuments(db, 5000).rewound).toEqual([])
    expect(textOf(db, 'doc')).toBe('a')
    expect(() => rewindDocuments(db, 999)).toThrow(/the oldest update in this log was committed at 1970-01-01T00:00:01.000Z/)
  })
})
