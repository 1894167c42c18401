import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'

/**
 * The blobs named by the databases a restore set aside beside the live one
 * (`keel.db.before-restore-<time>`, server/backup/restore.ts): a restore promises to delete nothing,
 * so the sweep keeps every file such a database names for as long as it is there. Deleting the
 * set-aside database (docs/OPERATIONS.md) lets the next sweep remove the files only it named.
 * A set-aside file that does not open, or predates attachments, names nothing.
 */
export function setAsideBlobs(databaseFile: string): Set<string> {
  const shas = new Set<string>()
  if (databaseFile === ':memory:') return shas
  const dir = path.dirname(databaseFile)
  const prefix = `${path.basename(databaseFile)}.before-restore-`
  let names: string[]
  try {
    names = fs.readdirSync(dir)
  } catch {
    return shas
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || name.endsWith('-wal') || name.endsWith('-shm')) continue
    try {
      const db = new Database(path.join(dir, name), { readonly: true, fileMustExist: true })
      try {
        for (const row of db.prepare('SELECT DISTINCT sha256 FROM attachments').all() as { sha256: string }[]) shas.add(row.sha256)
      } finally {
        db.close()
      }
    } catch {
      // Not a database, or one from before attachments (no table): it names no file.
    }
  }
  return shas
}
