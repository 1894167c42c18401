import fs from 'node:fs'
import path from 'node:path'
import type Database from 'better-sqlite3'
import type { BackupChecks, BackupFile, BackupManifest } from '#shared/api/backup'
import { BACKUP_LIMITS } from '#shared/limits'
import { attachmentsDirOf } from '../attachments/layout.ts'
import { backUpBlobs, entrySha } from './attachments.ts'
import { backupId, DATABASE, emptyFolder, listBackups, PARTIAL, removeBackup, sweepInterrupted, writeManifest } from './catalog.ts'
import { backupsToKeep, type KeepPolicy } from './retention.ts'
import { copyAndVerify, publishCopy } from './worker.ts'

export type BackupMethod = BackupManifest['method']
export type BackupTrigger = BackupManifest['trigger']

/** The logger shape a backup needs (pino's, or the CLI's console one). */
export interface BackupLog {
  info(facts: object, message: string): void
  error(facts: object, message: string): void
}

export interface BackupsOptions {
  /**
   * The server's own connection (the backup API copies through it); null for `vacuum-into` from
   * the CLI, which reads through the worker's read-only connection only: a CLI must not open the
   * live database read-write (that would run migrations on it).
   */
  db: Database.Database | null
  databaseFile: string
  dir: string
  keep: KeepPolicy
  /** docs/decisions/0007-backups.md: `vacuum-into` unless measured otherwise. */
  method: BackupMethod
  log: BackupLog
  version: string
  now?: () => number
  /**
   * Called with the partial file once it is copied, checked and hashed, before it gets its name:
   * tests fail a backup there, with a whole copy on disk (a rename or fsync that fails).
   */
  copied?: (partial: string) => void | Promise<void>
}

/** The copy was written but is not sound: its checks go into the failed manifest. */
class CheckFailed extends Error {
  constructor(readonly checks: BackupChecks) {
    super(`the copy failed its integrity check: ${checks.integrity}`)
  }
}

/**
 * Takes, verifies, lists and prunes backups of the whole instance. One runs at a time: asking for
 * a backup while one runs gets that one. A backup is copied to a partial file, sealed, checked
 * (integrity, documents, schema version) and hashed before it gets its name; a failure removes the
 * partial file, writes a failed manifest (or, when the folder itself cannot be written, is kept in
 * memory) and is logged at error level, so it is listed and seen, never silent.
 */
export class Backups {
  private inFlight: Promise<BackupManifest> | null = null
  /** Failures whose folder could not even be created: listed from here. */
  private readonly unwritten: BackupManifest[] = []
  private readonly now: () => number

  constructor(private readonly opts: BackupsOptions) {
    this.now = opts.now ?? Date.now
  }

  get running(): boolean {
    return this.inFlight !== null
  }

  /** Settles when the backup being taken (if any) has finished. */
  async idle(): Promise<void> {
    await this.inFlight?.catch(() => {})
  }

  run(trigger: BackupTrigger): Promise<BackupManifest> {
    this.inFlight ??= this.take(trigger).finally(() => (this.inFlight = null))
    return this.inFlight
  }

  list(): BackupManifest[] {
    return [...listBackups(this.opts.dir, this.now()), ...this.unwritten].sort((a, b) => (a.id < b.id ? 1 : -1))
  }

  /** Deletes what the retention policy no longer keeps; returns the ids removed. */
  async prune(): Promise<string[]> {
    const { dir, keep } = this.opts
    const all = listBackups(dir, this.now())
    await sweepInterrupted(dir, all)
    const kept = backupsToKeep(all, keep)
    const removed = all.filter((b) => !kept.has(b.id)).map((b) => b.id)
    for (const id of removed) await removeBackup(dir, id)
    const keptUnwritten = backupsToKeep(this.unwritten, keep)
    this.unwritten.splice(0, this.unwritten.length, ...this.unwritten.filter((b) => keptUnwritten.has(b.id)))
    return removed
  }

  private async take(trigger: BackupTrigger): Promise<BackupManifest> {
    const { dir, log } = this.opts
    const started = this.now()
    const t0 = performance.now()
    const id = backupId(started)
    const folder = path.join(dir, id)
    const base = { format: 1 as const, id, createdAt: new Date(started).toISOString(), trigger, method: this.opts.method, keelVersion: this.opts.version }
    let made = false
    try {
      fs.mkdirSync(folder, { recursive: true, mode: 0o700 })
      made = true
      const { files, checks } = await this.copy(folder)
      const bytes = files.reduce((n, f) => n + f.bytes, 0)
      const blobs = files.filter((f) => entrySha(f.path))
      const attachments = { count: blobs.length, bytes: blobs.reduce((n, f) => n + f.bytes, 0) }
      const manifest: BackupManifest = { ...base, durationMs: Math.round(performance.now() - t0), status: 'ok', error: null, bytes, files, checks, attachments }
      await writeManifest(folder, manifest)
      log.info(
        { backup: id, bytes, durationMs: manifest.durationMs, documents: manifest.checks?.documents, attachments: attachments.count },
        'backup taken and verified',
      )
      await this.pruneQuietly()
      return manifest
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err)
      const manifest: BackupManifest = {
        ...base,
        durationMs: Math.round(performance.now() - t0),
        status: 'failed',
        error,
        bytes: 0,
        files: [],
        checks: err instanceof CheckFailed ? err.checks : null,
      }
      log.error({ backup: id, dir, err }, `backup failed: ${error}`)
      if (!made || !(await this.recordFailure(folder, manifest))) {
        this.unwritten.push(manifest)
        this.unwritten.splice(0, Math.max(0, this.unwritten.length - BACKUP_LIMITS.rememberedFailures))
      }
      return manifest
    }
  }

  /** The database into `folder`, verified, then the attachments its rows name (docs/decisions/0008-attachments.md). */
  private async copy(folder: string): Promise<{ files: BackupFile[]; checks: BackupChecks }> {
    const partial = path.join(folder, PARTIAL)
    // Password hashes and every document: readable by this user only, like the database itself,
    // so the file is made empty and 0600 before either method writes into it (both accept an
    // empty file as a new database). The backup API copies through the server's own connection,
    // in steps on this thread; VACUUM INTO runs in the worker, before the checks.
    fs.closeSync(fs.openSync(partial, 'wx', 0o600))
    if (this.opts.method === 'backup-api') {
      if (!this.opts.db) throw new Error('the backup API needs the server’s own connection')
      await this.opts.db.backup(partial)
    }
    const { checks, hash, blobs } = await copyAndVerify(partial, this.opts.method === 'vacuum-into' ? this.opts.databaseFile : null)
    if (checks.integrity !== 'ok') throw new CheckFailed(checks)
    await this.opts.copied?.(partial)
    // Durable before the manifest is written: keel.db and the folder entry fsynced (VACUUM INTO does not fsync).
    await publishCopy(partial, path.join(folder, DATABASE))
    // The secret key file stays out on purpose: a copied database or backup must not open its
    // sealed secrets (docs/SECURITY.md). Moving to a new machine moves the key separately.
    const previous = listBackups(this.opts.dir, this.now()).find((b) => b.status === 'ok' && b.id !== path.basename(folder)) ?? null
    const attachments = await backUpBlobs({ shas: blobs, from: attachmentsDirOf(this.opts.databaseFile), folder, previous, backupsDir: this.opts.dir })
    const files: BackupFile[] = [{ path: DATABASE, ...hash }, ...attachments]
    return { files, checks }
  }

  /** A failed backup keeps its folder with only the manifest saying why. */
  private async recordFailure(folder: string, manifest: BackupManifest): Promise<boolean> {
    try {
      await emptyFolder(folder)
      await writeManifest(folder, manifest)
      return true
    } catch {
      return false
    }
  }

  private async pruneQuietly(): Promise<void> {
    try {
      const removed = await this.prune()
      if (removed.length) this.opts.log.info({ removed }, 'old backups removed (retention)')
    } catch (err) {
      this.opts.log.error({ err }, 'pruning old backups failed')
    }
  }
}
