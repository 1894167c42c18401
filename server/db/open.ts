import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { migrate } from './migrations.ts'

export type SyncMode = 'full' | 'normal'

export interface OpenOptions {
  /** `full` fsyncs every commit (survives power loss); `normal` survives a process crash only. */
  synchronous: SyncMode
  /** Page cache in KiB (default 16000, as better-sqlite3 compiles SQLite). */
  cacheKiB?: number
}

/** Opens (creating if needed) the SQLite file, sets the pragmas Keel relies on, and migrates. */
export function openDatabase(file: string, options: OpenOptions): Database.Database {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true })
  const db = new Database(file)
  // WAL: readers never block the writer, and a commit is one sequential append (group commit).
  db.pragma('journal_mode = WAL')
  db.pragma(`synchronous = ${options.synchronous === 'full' ? 'FULL' : 'NORMAL'}`)
  db.pragma('foreign_keys = ON')
  // Bounded: negative means KiB. It fills as the working set grows (docs/RELIABILITY.md, soak).
  db.pragma(`cache_size = -${Math.trunc(options.cacheKiB ?? 16_000)}`)
  // Wait instead of failing at once when another connection (a backup, an admin shell) holds a lock.
  db.pragma('busy_timeout = 2000')
  // Keep the WAL bounded: checkpoint every ~4 MiB of pages.
  db.pragma('wal_autocheckpoint = 1000')
  migrate(db)
  return db
}
