import fs from 'node:fs'
import path from 'node:path'
import type { BackupManifest } from '#shared/api/backup'
import { KEY_FILE } from '../crypto/secret-key.ts'
import { claimFolder, type FolderClaim, FolderHeld, PID_FILE } from '../db/running.ts'
import { entrySha, restoreBlobs } from './attachments.ts'
import { backupId, DATABASE, readManifest } from './catalog.ts'
import { checkDatabase, hashFile, referencedBlobs } from './worker.ts'

export interface RestoreResult {
  manifest: BackupManifest
  database: string
  /** Where the database that was there before went (empty: there was none). */
  setAside: string[]
  /** Attachments put into the data folder's `attachments/` (or found there already). */
  attachments: number
  /** No `keel-secret.key` in the data folder: sealed secrets open only once the old key is back (or KEEL_SECRET_KEY). */
  keyMissing: boolean
}

/** Refusals a person reads: what is wrong and what to do, no stack. */
export class RestoreRefused extends Error {}

/**
 * Checks a backup folder as restore does, without touching anything: its manifest says ok, every
 * listed file has its size and sha256 (an attachment's is its name), the database passes `PRAGMA
 * integrity_check`, and every attachment the database names is in the backup.
 * `keel backup verify` runs it on stored backups (a disk that rots, a copy cut short).
 */
export async function verifyBackup(folder: string): Promise<BackupManifest> {
  const manifest = readManifest(folder)
  if (!manifest) throw new RestoreRefused(`${folder} is not a Keel backup (no readable manifest.json)`)
  if (manifest.status !== 'ok')
    throw new RestoreRefused(`backup ${manifest.id} failed when it was taken (${manifest.error ?? 'no reason recorded'}): choose another`)
  for (const f of manifest.files) {
    const named = entrySha(f.path)
    if (f.path.startsWith('attachments/') && named !== f.sha256)
      throw new RestoreRefused(`backup ${manifest.id} is damaged: ${f.path} is not named by its checksum`)
    const file = path.join(folder, ...f.path.split('/'))
    if (!fs.existsSync(file)) throw new RestoreRefused(`backup ${manifest.id} is damaged: ${f.path} is missing`)
    const found = await hashFile(file)
    if (found.bytes !== f.bytes || found.sha256 !== f.sha256) {
      throw new RestoreRefused(
        `backup ${manifest.id} is damaged: ${f.path} does not match its checksum (expected ${f.bytes} bytes sha256 ${f.sha256.slice(0, 12)}…, found ${found.bytes} bytes ${found.sha256.slice(0, 12)}…); nothing was changed, choose another backup`,
      )
    }
  }
  if (!manifest.files.some((f) => f.path === DATABASE)) throw new RestoreRefused(`backup ${manifest.id} has no ${DATABASE}`)
  const checks = await checkDatabase(path.join(folder, DATABASE))
  if (checks.integrity !== 'ok') throw new RestoreRefused(`backup ${manifest.id} fails its integrity check (${checks.integrity}); nothing was changed`)
  const listed = new Set(manifest.files.map((f) => entrySha(f.path)))
  const missing = (await referencedBlobs(path.join(folder, DATABASE))).filter((sha) => !listed.has(sha))
  if (missing.length > 0)
    throw new RestoreRefused(
      `backup ${manifest.id} is incomplete: ${missing.length} attachment(s) its database names are not in it (${missing[0]!.slice(0, 12)}…)`,
    )
  return manifest
}

/**
 * Verifies a backup folder (its manifest says ok; every listed file has its size and sha256; the
 * database passes `PRAGMA integrity_check`) and only then copies it into `dataDir`: refused while
 * a server runs there. The database that was there is set aside (swapIn), never deleted. The secret key is not in a backup (docs/SECURITY.md): `keyMissing` says when the
 * folder has none, so the caller can tell the operator to bring it.
 */
export async function restoreBackup(folder: string, dataDir: string, now = Date.now()): Promise<RestoreResult> {
  return holdingFolder(dataDir, async (claim) => {
    const manifest = await verifyBackup(folder)
    // The files first: once the database has its name, every attachment it names is there.
    const attachments = await restoreBlobs(folder, manifest, dataDir)
    const incoming = `${path.join(dataDir, DATABASE)}.restoring`
    fs.copyFileSync(path.join(folder, DATABASE), incoming)
    return { manifest, attachments, ...swapIn(incoming, dataDir, claim, now) }
  })
}

/**
 * Runs `work` holding `dataDir` (created if absent) with this restore's keel.pid mark, from the
 * first check to the last rename: a server cannot start on the folder meanwhile (it refuses a live
 * mark), and a second restore cannot run beside this one. A folder made here goes again if the
 * work throws (only if still empty: never anything another process has put there meanwhile).
 */
export async function holdingFolder<T>(dataDir: string, work: (claim: FolderClaim) => Promise<T>): Promise<T> {
  const made = !fs.existsSync(dataDir)
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  let claim: FolderClaim
  try {
    claim = claimFolder(dataDir, 'restore')
  } catch (err) {
    if (err instanceof FolderHeld) throw new RestoreRefused(`${err.message}: stop it first, or restore into a new folder with --data-dir (${err.hint})`)
    throw err
  }
  try {
    return await work(claim)
  } catch (err) {
    claim.release()
    if (made) {
      try {
        fs.rmdirSync(dataDir)
      } catch {
        // Not empty: leave it.
      }
    }
    throw err
  } finally {
    claim.release()
  }
}

/**
 * Puts the database file `incoming` (in `dataDir`) in place as keel.db, once it is synced and the
 * folder is still this restore's: the database that was there is set aside as
 * `keel.db.before-restore-<time>` (its -wal and -shm beside it under the same name, so SQLite
 * pairs them if it is ever opened), never deleted. The attachments it names must be in place first.
 */
export function swapIn(incoming: string, dataDir: string, claim: FolderClaim, now: number): Omit<RestoreResult, 'manifest' | 'attachments'> {
  const target = path.join(dataDir, DATABASE)
  fs.chmodSync(incoming, 0o600)
  fsync(incoming)
  // Verification took a while: make sure nobody took the folder from us (deleted the mark and started a server).
  if (!claim.held()) {
    fs.rmSync(incoming, { force: true })
    throw new RestoreRefused(`${path.join(dataDir, PID_FILE)} is no longer this restore's: something else took ${dataDir}; nothing was changed`)
  }
  const stamp = backupId(now)
  const setAside: string[] = []
  const aside = `${target}.before-restore-${stamp}`
  for (const suffix of ['', '-wal', '-shm']) {
    if (!fs.existsSync(target + suffix)) continue
    fs.renameSync(target + suffix, aside + suffix)
    setAside.push(aside + suffix)
  }
  fs.renameSync(incoming, target)
  fsyncDir(dataDir)
  return { database: target, setAside, keyMissing: !fs.existsSync(path.join(dataDir, KEY_FILE)) }
}

function fsync(file: string): void {
  const fd = fs.openSync(file, 'r')
  try {
    fs.fsyncSync(fd)
  } finally {
    fs.closeSync(fd)
  }
}

function fsyncDir(dir: string): void {
  try {
    fsync(dir)
  } catch {
    // Not every platform opens folders for fsync; the renames are done either way.
  }
}
