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
  if (file !== ':memory:') ownerOnly(file)
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
  // The WAL and shared-memory files exist now; SQLite gives new ones the main file's mode, and
  // ones left by an older version are tightened here.
  if (file !== ':memory:') for (const f of [`${file}-wal`, `${file}-shm`]) if (fs.existsSync(f)) tighten(f, 0o600)
  return db
}

/**
 * The database holds password hashes, session and token hashes and every document: readable by
 * this user only. The folder is created 0700 (an existing one of ours is tightened unless it is a
 * shared sticky folder such as /tmp), the file is created 0600 before SQLite opens it (an empty file is
 * an empty database) and an existing one is tightened.
 */
function ownerOnly(file: string): void {
  const dir = path.dirname(file)
  if (!fs.existsSync(dir)) fs.mkdirSync(dir, { recursive: true, mode: 0o700 })
  else tighten(dir, 0o700)
  fs.closeSync(fs.openSync(file, 'a', 0o600))
  tighten(file, 0o600)
}

/** chmod, for what this user owns (a folder or file of someone else's is theirs to set). */
function tighten(target: string, mode: number): void {
  const st = fs.statSync(target)
  if (st.isDirectory() && (st.mode & 0o1000) !== 0) return // sticky: shared, like /tmp
  if (process.getuid && st.uid !== process.getuid()) return
  if ((st.mode & 0o777) !== mode) fs.chmodSync(target, mode)
}
