import fs from 'node:fs'
import path from 'node:path'
import type { BackupManifest } from '#shared/api/backup'
import { VERSION } from '../app.ts'
import { Backups, type BackupLog } from '../backup/backups.ts'
import { verifyBackup } from '../backup/restore.ts'
import { loadConfig } from '../config.ts'

/** Facts go nowhere (the command prints its own summary); errors say what went wrong, on stderr. */
const cliLog: BackupLog = { info: () => {}, error: (_facts, message) => console.error(`keel: ${message}`) }

/**
 * No database connection here: `list` and `verify` read only the backup folder, and `now` copies
 * with VACUUM INTO on the worker's read-only connection (consistent while a server writes to the
 * file; the backup API from a second connection starts over at every write the server makes).
 * Opening the live file read-write would migrate it, under a server of an older version too.
 */
function backupsOf(env: NodeJS.ProcessEnv): { backups: Backups; close: () => void } {
  const config = loadConfig(env)
  if (!fs.existsSync(config.databaseFile)) throw new Error(`no Keel data at ${config.databaseFile} (set KEEL_DATA_DIR)`)
  const backups = new Backups({
    db: null,
    databaseFile: config.databaseFile,
    dir: config.backup.dir!,
    keep: config.backup.keep,
    method: 'vacuum-into',
    log: cliLog,
    version: VERSION,
  })
  return { backups, close: () => {} }
}

/** `keel backup now`: one backup of KEEL_DATA_DIR into KEEL_BACKUP_DIR, verified; works while the server runs. */
export async function backupNow(env: NodeJS.ProcessEnv = process.env): Promise<BackupManifest> {
  const { backups, close } = backupsOf(env)
  try {
    return await backups.run('cli')
  } finally {
    close()
  }
}

export function backupList(env: NodeJS.ProcessEnv = process.env): BackupManifest[] {
  const { backups, close } = backupsOf(env)
  try {
    return backups.list()
  } finally {
    close()
  }
}

/**
 * `keel backup verify [<id>]`: checks stored backups as a restore would (checksums, integrity),
 * all of them or one; a disk that rots or a copy cut short is found before the day it is needed.
 */
export async function backupVerify(id: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<{ id: string; problem: string | null }[]> {
  const dir = loadConfig(env).backup.dir!
  const ids = id
    ? [id]
    : backupList(env)
        .filter((b) => b.status === 'ok')
        .map((b) => b.id)
  const out: { id: string; problem: string | null }[] = []
  for (const one of ids) {
    const problem = await verifyBackup(path.join(dir, one)).then(
      () => null,
      (err: unknown) => (err instanceof Error ? err.message : String(err)),
    )
    out.push({ id: one, problem })
  }
  return out
}

const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`

export function formatList(list: readonly BackupManifest[]): string {
  if (list.length === 0) return 'No backups yet.'
  const rows = list.map((b) => [
    b.id,
    b.status,
    b.trigger,
    mib(b.bytes),
    `${(b.durationMs / 1000).toFixed(1)} s`,
    b.checks ? `integrity ${b.checks.integrity}, ${b.checks.documents} documents, schema ${b.checks.schemaVersion}` : '',
    b.error ?? '',
  ])
  const header = ['backup', 'status', 'by', 'size', 'took', 'checks', 'error']
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
  return [header, ...rows]
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const command = process.argv[2]
  try {
    if (command === 'now') {
      const b = await backupNow()
      if (b.status !== 'ok') process.exit(1)
      console.log(
        `Backup ${b.id}: ${mib(b.bytes)} in ${(b.durationMs / 1000).toFixed(1)} s, integrity ${b.checks?.integrity}, ${b.checks?.documents} documents.`,
      )
    } else if (command === 'list') {
      console.log(formatList(backupList()))
    } else if (command === 'verify') {
      const results = await backupVerify(process.argv[3])
      if (results.length === 0) console.log('No backup to verify.')
      for (const r of results) console.log(r.problem ? `${r.id}: FAILED: ${r.problem}` : `${r.id}: ok (checksums and integrity)`)
      if (results.some((r) => r.problem)) process.exit(1)
    } else {
      console.error('usage: keel backup now | keel backup list | keel backup verify [<backup>]')
      process.exit(2)
    }
  } catch (err) {
    console.error(`keel: ${err instanceof Error ? err.message : String(err)}`)
    process.exit(1)
  }
}
