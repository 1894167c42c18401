import fs from 'node:fs'
import path from 'node:path'
import { RestoreRefused, restoreBackup, type RestoreResult } from '../backup/restore.ts'
import { loadConfig } from '../config.ts'

/**
 * `keel restore <backup> [--data-dir <dir>]`: a backup (its id in KEEL_BACKUP_DIR, or the path of
 * its folder) into KEEL_DATA_DIR or `--data-dir`, verified first; refused while a server runs there.
 */
export async function restore(args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<RestoreResult> {
  const config = loadConfig(env)
  const positional: string[] = []
  let dataDir = path.dirname(config.databaseFile)
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--data-dir' && args[i + 1]) dataDir = path.resolve(args[++i]!)
    else if (args[i]!.startsWith('--')) throw new RestoreRefused(`unknown flag ${args[i]}`)
    else positional.push(args[i]!)
  }
  if (positional.length !== 1) throw new RestoreRefused('usage: keel restore <backup id or folder> [--data-dir <dir>]')
  const name = positional[0]!
  const folder = fs.existsSync(name) ? path.resolve(name) : path.join(config.backup.dir!, name)
  if (!fs.existsSync(folder)) throw new RestoreRefused(`no backup ${name} (looked in ${config.backup.dir}; \`keel backup list\` names them)`)
  return restoreBackup(folder, dataDir)
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    const r = await restore(process.argv.slice(2))
    console.log(`Restored backup ${r.manifest.id} (${r.manifest.checks?.documents} documents, checksums and integrity verified) into ${r.database}.`)
    if (r.attachments > 0) console.log(`${r.attachments} attachment file(s) checked and in place in ${path.join(path.dirname(r.database), 'attachments')}.`)
    for (const f of r.setAside) console.log(`Kept what was there as ${f}`)
    if (r.keyMissing && !process.env.KEEL_SECRET_KEY) {
      console.log(
        'No keel-secret.key in this data folder: copy it from the old one (or set KEEL_SECRET_KEY), or webhook secrets and queued mail will not open.',
      )
    }
    console.log('Start the server on this data folder; it runs any newer migrations at start.')
  } catch (err) {
    console.error(`keel: ${err instanceof Error ? err.message : String(err)}`)
    process.exit(1)
  }
}
