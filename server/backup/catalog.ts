import fs from 'node:fs'
import fsp from 'node:fs/promises'
import path from 'node:path'
import { type BackupManifest, BackupManifest as ManifestSchema } from '#shared/api/backup'
import { BACKUP_LIMITS } from '#shared/limits'

export const MANIFEST = 'manifest.json'
/** The database inside a backup folder, under the name it has in a data folder. */
export const DATABASE = 'keel.db'
/** A copy being written; removed when the backup fails, renamed to DATABASE when it is verified. */
export const PARTIAL = 'keel.db.partial'
/** A folder with no manifest older than this was left by a process that stopped mid-backup. */
const INTERRUPTED_AFTER_MS = 3600_000

/** A backup's id and folder name: its UTC start time, with no ':' (Windows, URLs). */
export const backupId = (ms: number): string => new Date(ms).toISOString().replace(/:/g, '-').replace('.', '-')

/** The time a backup id names. */
export const idTime = (id: string): number => Date.parse(id.replace(/^(.{10}T\d\d)-(\d\d)-(\d\d)-(\d{3})Z$/, '$1:$2:$3.$4Z'))

/** Reads a backup folder's manifest; null if it has none or it is not ours. */
export function readManifest(folder: string): BackupManifest | null {
  const read = inspectManifest(folder)
  return read.kind === 'ok' ? read.manifest : null
}

export type ManifestRead = { kind: 'ok'; manifest: BackupManifest } | { kind: 'absent' } | { kind: 'unreadable'; reason: string }

/**
 * A folder's manifest, telling "there is none" (a backup stopped before it was verified) from
 * "there is one we cannot read" (too big, not JSON, a newer format, a read error): only the
 * first may be treated as a failed backup and emptied.
 */
export function inspectManifest(folder: string): ManifestRead {
  const file = path.join(folder, MANIFEST)
  let text: string
  try {
    if (fs.statSync(file).size > BACKUP_LIMITS.maxManifestBytes)
      return { kind: 'unreadable', reason: `${MANIFEST} is larger than ${BACKUP_LIMITS.maxManifestBytes} bytes` }
    text = fs.readFileSync(file, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'absent' }
    return { kind: 'unreadable', reason: `${MANIFEST} cannot be read: ${(err as Error).message}` }
  }
  try {
    const parsed = ManifestSchema.safeParse(JSON.parse(text))
    if (parsed.success && parsed.data.status !== 'unreadable') return { kind: 'ok', manifest: parsed.data }
    return { kind: 'unreadable', reason: `${MANIFEST} is not a manifest this version of Keel reads` }
  } catch {
    return { kind: 'unreadable', reason: `${MANIFEST} is not JSON` }
  }
}

/**
 * Writes the manifest last and atomically (temp file, fsync, rename): a manifest says the folder
 * is complete. Off the event loop: right after a large copy, this fsync can wait for the file
 * system to flush the copy (ext4's ordered journal), 100 ms and more on the server's thread.
 */
export async function writeManifest(folder: string, manifest: BackupManifest): Promise<void> {
  const tmp = path.join(folder, `${MANIFEST}.tmp`)
  const file = await fsp.open(tmp, 'w', 0o600)
  try {
    await file.writeFile(`${JSON.stringify(manifest, null, 2)}\n`)
    await file.sync()
  } finally {
    await file.close()
  }
  await fsp.rename(tmp, path.join(folder, MANIFEST))
}

/** Names that look like backup folders, as written by `backupId`. */
const ID = /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z$/

/**
 * Every backup in the folder, newest first. A folder with no manifest is either being written now
 * or was left by a process that stopped mid-backup: past an hour it is listed as failed (and
 * `sweepInterrupted` turns it into one), never skipped in silence.
 */
export function listBackups(dir: string, now = Date.now()): BackupManifest[] {
  let names: string[]
  try {
    names = fs.readdirSync(dir).filter((n) => ID.test(n))
  } catch {
    return []
  }
  const out: BackupManifest[] = []
  for (const id of names) {
    const read = inspectManifest(path.join(dir, id))
    if (read.kind === 'ok' && read.manifest.id === id) out.push(read.manifest)
    else if (read.kind === 'unreadable') out.push(synthetic(id, 'unreadable', `unreadable: ${read.reason}; left as it is (never pruned)`))
    else if (read.kind === 'absent' && now - idTime(id) > INTERRUPTED_AFTER_MS) out.push(interrupted(id))
  }
  return out.sort((a, b) => (a.id < b.id ? 1 : -1))
}

const interrupted = (id: string): BackupManifest => synthetic(id, 'failed', 'interrupted: the process stopped before the backup was verified (no manifest)')

function synthetic(id: string, status: 'failed' | 'unreadable', error: string): BackupManifest {
  return {
    format: 1,
    id,
    createdAt: new Date(idTime(id)).toISOString(),
    durationMs: 0,
    trigger: 'schedule',
    method: 'vacuum-into',
    status,
    error,
    bytes: 0,
    files: [],
    checks: null,
    keelVersion: 'unknown',
  }
}

/** Removes the partial copy of an interrupted backup and writes its failed manifest. */
export async function sweepInterrupted(dir: string, listed: readonly BackupManifest[]): Promise<void> {
  for (const b of listed) {
    const folder = path.join(dir, b.id)
    if (b.status !== 'failed' || fs.existsSync(path.join(folder, MANIFEST))) continue
    await emptyFolder(folder)
    await writeManifest(folder, b)
  }
}

/** Removes everything in a backup folder (unlinking a large copy is not free: off the event loop too). */
export async function emptyFolder(folder: string): Promise<void> {
  for (const name of await fsp.readdir(folder)) await fsp.rm(path.join(folder, name), { recursive: true, force: true })
}

export async function removeBackup(dir: string, id: string): Promise<void> {
  if (!ID.test(id)) throw new Error(`not a backup id: ${id}`)
  await fsp.rm(path.join(dir, id), { recursive: true, force: true })
}
