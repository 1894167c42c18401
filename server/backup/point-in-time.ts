import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import type { FastifyBaseLogger } from 'fastify'
import type { BackupManifest } from '#shared/api/backup'
import type { Limits } from '#shared/limits'
import { openDatabase } from '../db/open.ts'
import { claimFolder, FolderHeld } from '../db/running.ts'
import { backupId, DATABASE, idTime, listBackups } from './catalog.ts'
import { rebuildDerived, type MissingPage } from './reindex.ts'
import { restoreBlobs } from './attachments.ts'
import { copyNamedBlobs } from './copy-blobs.ts'
import { holdingFolder, RestoreRefused, type RestoreResult, swapIn, verifyBackup } from './restore.ts'
import { formatTime, type RestoreTime } from './restore-time.ts'
import { rewindDocuments, type RewindReport, TooEarly } from './rewind.ts'

/** Where a point-in-time restore starts from: a backup folder, or a stopped server's data folder. */
export type PointInTimeSource = { backup: string } | { dataDir: string }

export interface PointInTimeResult extends Omit<RestoreResult, 'manifest'> {
  /** The backup restored from (null: a data folder). */
  manifest: BackupManifest | null
  at: RestoreTime
  rewind: RewindReport
  /** Pages in the tree as of the time whose document was erased before the source was taken. */
  missing: MissingPage[]
}

const quiet = {
  error() {},
  warn() {},
  info() {},
  debug() {},
  trace() {},
  fatal() {},
  child: () => quiet,
  level: 'silent',
  silent() {},
} as unknown as FastifyBaseLogger

/**
 * Restores `source` into `dataDir` as of `at` (docs/decisions/0007-backups.md): the source is
 * copied into a staging folder inside `dataDir`, its documents rewound there from the update log
 * (rewindDocuments), the derived rows rebuilt (rebuildDerived), and only then is the result swapped
 * in, with the old database set aside. `dataDir` is held (keel.pid) throughout, as by a plain
 * restore; a source data folder other than it is held while it is copied.
 */
export async function restoreAt(source: PointInTimeSource, dataDir: string, at: RestoreTime, limits: Limits, now = Date.now()): Promise<PointInTimeResult> {
  return holdingFolder(dataDir, async (claim) => {
    const staging = path.join(dataDir, `.point-in-time-${backupId(now)}`)
    let manifest: BackupManifest | null = null
    try {
      fs.mkdirSync(staging, { mode: 0o700 })
      const copy = path.join(staging, DATABASE)
      let attachments: number
      if ('backup' in source) {
        manifest = await verifyBackup(source.backup)
        const taken = idTime(manifest.id)
        if (taken <= at.until) throw new RestoreRefused(tooOld(source.backup, manifest.id, taken, at))
        fs.copyFileSync(path.join(source.backup, DATABASE), copy)
        // Every blob the source names, before the rewound database takes the live name.
        attachments = await restoreBlobs(source.backup, manifest, dataDir)
      } else {
        attachments = await copyDataDir(source.dataDir, dataDir, copy)
      }
      const db = openDatabase(copy, { synchronous: 'normal' })
      let rewind: RewindReport
      let missing: MissingPage[]
      try {
        try {
          rewind = rewindDocuments(db, at.until)
        } catch (err) {
          if (err instanceof TooEarly) throw new RestoreRefused(`--at ${at.shown}: ${err.message}`)
          throw err
        }
        missing = (await rebuildDerived(db, limits, quiet)).missing
        // One self-contained file to rename into place.
        db.pragma('wal_checkpoint(TRUNCATE)')
        db.pragma('journal_mode = DELETE')
      } finally {
        db.close()
      }
      const incoming = `${path.join(dataDir, DATABASE)}.restoring`
      fs.renameSync(copy, incoming)
      return { manifest, at, rewind, missing, attachments, ...swapIn(incoming, dataDir, claim, now) }
    } finally {
      fs.rmSync(staging, { recursive: true, force: true })
    }
  })
}

/** Refusal of a backup taken before the time, naming the backups that would do. */
function tooOld(folder: string, id: string, taken: number, at: RestoreTime): string {
  const later = listBackups(path.dirname(folder))
    .filter((b) => b.status === 'ok' && idTime(b.id) > at.until)
    .sort((a, b) => idTime(a.id) - idTime(b.id))
  const hint =
    later.length > 0 ? `the earliest backup after it is ${later[0]!.id}` : 'no backup was taken after it: use --from-data-dir <the stopped data folder>'
  return `backup ${id} was taken at ${formatTime(taken)}, not after ${at.shown}: its update log does not reach that time; ${hint}`
}

/**
 * Copies a stopped server's database (with its WAL: VACUUM INTO on a read-only connection) to
 * `copy`. A folder other than the target is held meanwhile, so no server starts on it mid-copy.
 */
/** Copies a stopped data folder's database to `copy`, and the attachments it names into `targetDir` (unless it is the same folder). */
async function copyDataDir(sourceDir: string, targetDir: string, copy: string): Promise<number> {
  const file = path.join(sourceDir, DATABASE)
  if (!fs.existsSync(file)) throw new RestoreRefused(`no Keel database at ${file}`)
  const same = path.resolve(sourceDir) === path.resolve(targetDir)
  let release = () => {}
  if (!same) {
    try {
      release = claimFolder(sourceDir, 'restore').release
    } catch (err) {
      if (err instanceof FolderHeld) throw new RestoreRefused(`${err.message}: stop it first; --from-data-dir reads a stopped server's folder (${err.hint})`)
      throw err
    }
  }
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true })
    try {
      db.prepare('VACUUM INTO ?').run(copy)
    } finally {
      db.close()
    }
    return await copyNamedBlobs(copy, sourceDir, targetDir)
  } finally {
    release()
  }
}
