import { z } from 'zod'

/**
 * Backups of the whole instance (server/backup/, docs/OPERATIONS.md). A backup is a folder named by
 * its UTC start time holding the copied files and `manifest.json`, this shape. The manifest lists
 * files, not "the database": the database is `keel.db`, and every attachment its rows name is an
 * entry `attachments/<sha[0:2]>/<sha>` (docs/decisions/0008-attachments.md), verified and restored
 * like the database. The secret key file is never in a backup (docs/SECURITY.md).
 */

/**
 * 'unreadable' is never written: a listing says it of a folder whose manifest.json is there but
 * cannot be read (too big, not JSON, a newer format). Such a folder is never pruned: it may hold a
 * good copy a later Keel can read.
 */
export const BACKUP_STATUSES = ['ok', 'failed', 'unreadable'] as const
export const BACKUP_TRIGGERS = ['schedule', 'manual', 'cli'] as const
/** How the database was copied: SQLite's online backup API, or `VACUUM INTO` on a reader connection in a worker. */
export const BACKUP_METHODS = ['backup-api', 'vacuum-into'] as const

export const BackupFile = z.object({
  /** Relative to the backup's folder, '/' separated. */
  path: z.string().min(1),
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
})
export type BackupFile = z.infer<typeof BackupFile>

/** What was checked on the copy, opened read-only after it was written. */
export const BackupChecks = z.object({
  /** `PRAGMA integrity_check`: 'ok', or its first problems joined. */
  integrity: z.string(),
  documents: z.number().int().nonnegative(),
  /** `PRAGMA user_version`: the number of migrations the copy has. */
  schemaVersion: z.number().int().nonnegative(),
})
export type BackupChecks = z.infer<typeof BackupChecks>

export const BackupManifest = z.object({
  format: z.literal(1),
  /** The folder's name: the UTC start time, e.g. 2026-12-04T18-03-12-123Z. */
  id: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z$/),
  createdAt: z.string(),
  durationMs: z.number().nonnegative(),
  trigger: z.enum(BACKUP_TRIGGERS),
  method: z.enum(BACKUP_METHODS),
  status: z.enum(BACKUP_STATUSES),
  /** Why it failed (null when ok). */
  error: z.string().nullable(),
  /** Total bytes of `files`. */
  bytes: z.number().int().nonnegative(),
  /** Every file of the backup with its checksum; empty when it failed (a partial copy is removed). */
  files: z.array(BackupFile),
  checks: BackupChecks.nullable(),
  keelVersion: z.string(),
  /** The attachments among `files` (absent in manifests from before attachments, and in failed ones). */
  attachments: z.object({ count: z.number().int().nonnegative(), bytes: z.number().int().nonnegative() }).optional(),
})
export type BackupManifest = z.infer<typeof BackupManifest>

/** GET /api/workspaces/:workspaceId/backups: the instance's backups, newest first. */
export const BackupList = z.object({
  /** False when no backup folder is configured (an in-memory database). */
  enabled: z.boolean(),
  /** Minutes between scheduled backups; 0: no schedule (backups run on demand only). */
  intervalMinutes: z.number().int().nonnegative(),
  keep: z.object({ hourly: z.number().int(), daily: z.number().int(), weekly: z.number().int() }),
  /** A backup is being taken right now. */
  running: z.boolean(),
  backups: z.array(BackupManifest),
})
export type BackupList = z.infer<typeof BackupList>
