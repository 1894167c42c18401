import fs from 'node:fs'
import path from 'node:path'
import { restoreAt, type PointInTimeResult } from '../backup/point-in-time.ts'
import { RestoreRefused, restoreBackup, type RestoreResult } from '../backup/restore.ts'
import { BadRestoreTime, formatTime, parseRestoreTime, type RestoreTime } from '../backup/restore-time.ts'
import { loadConfig } from '../config.ts'

const USAGE =
  'usage: keel restore <backup id or folder> [--at "YYYY-MM-DD HH:MM"] [--data-dir <dir>] | keel restore --from-data-dir <stopped dir> --at <time> [--data-dir <dir>]'

export type Restored = ({ kind: 'backup' } & RestoreResult) | ({ kind: 'point-in-time' } & PointInTimeResult)

/**
 * `keel restore <backup> [--data-dir <dir>]`: a backup (its id in KEEL_BACKUP_DIR, or the path of
 * its folder) into KEEL_DATA_DIR or `--data-dir`, verified first; refused while a server runs there.
 * With `--at <time>`, documents are rewound to that minute from the update log (point-in-time.ts);
 * `--from-data-dir <stopped folder>` takes that folder as the source instead of a backup.
 */
export async function restore(args: readonly string[], env: NodeJS.ProcessEnv = process.env, now = Date.now()): Promise<Restored> {
  const config = loadConfig(env)
  const positional: string[] = []
  let dataDir = path.dirname(config.databaseFile)
  let at: string | null = null
  let fromDataDir: string | null = null
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--data-dir' && args[i + 1]) dataDir = path.resolve(args[++i]!)
    else if (args[i] === '--at' && args[i + 1]) at = args[++i]!
    else if (args[i] === '--from-data-dir' && args[i + 1]) fromDataDir = path.resolve(args[++i]!)
    else if (args[i]!.startsWith('--')) throw new RestoreRefused(`unknown flag ${args[i]}\n${USAGE}`)
    else positional.push(args[i]!)
  }
  if (positional.length !== (fromDataDir ? 0 : 1)) throw new RestoreRefused(USAGE)
  if (fromDataDir && at === null) throw new RestoreRefused(`--from-data-dir restores to a time: give --at\n${USAGE}`)
  const time = at === null ? null : readTime(at, now)
  if (fromDataDir) return { kind: 'point-in-time', ...(await restoreAt({ dataDir: fromDataDir }, dataDir, time!, config.limits, now)) }
  const name = positional[0]!
  const folder = fs.existsSync(name) ? path.resolve(name) : path.join(config.backup.dir!, name)
  if (!fs.existsSync(folder)) throw new RestoreRefused(`no backup ${name} (looked in ${config.backup.dir}; \`keel backup list\` names them)`)
  if (time) return { kind: 'point-in-time', ...(await restoreAt({ backup: folder }, dataDir, time, config.limits, now)) }
  return { kind: 'backup', ...(await restoreBackup(folder, dataDir, now)) }
}

function readTime(at: string, now: number): RestoreTime {
  try {
    return parseRestoreTime(at, now)
  } catch (err) {
    if (err instanceof BadRestoreTime) throw new RestoreRefused(err.message)
    throw err
  }
}

const local = (ms: number) => formatTime(ms, true).replace(' (local)', '')

/** What a point-in-time restore did, for the operator: rewound, removed, brought back, not rewound. */
export function formatRewind(r: PointInTimeResult): string[] {
  const { rewind } = r
  const out = [`Rewound to ${r.at.shown}, from the update log:`]
  const dropped = rewind.rewound.reduce((n, d) => n + d.dropped, 0)
  const name = (d: { title: string; id: string }) => d.title || d.id
  if (rewind.rewound.length === 0) out.push('  rewound  nothing: no document was changed after that time')
  else
    out.push(
      `  rewound  ${rewind.rewound.length} document${rewind.rewound.length === 1 ? '' : 's'} (${dropped} update${dropped === 1 ? '' : 's'} dropped): ${rewind.rewound
        .map((d) => `${name(d)} (${d.kind === 'tree' ? 'page tree' : 'page'}, ${d.dropped})`)
        .join(', ')}`,
    )
  for (const p of rewind.removedProjects) out.push(`  removed  project ${p.name}, created ${local(p.createdAt)} (with its pages)`)
  for (const p of rewind.removedPages) out.push(`  removed  page ${name(p)}, created ${local(p.createdAt)}`)
  for (const p of rewind.broughtBack) out.push(`  restored page ${name(p)}, deleted for good at ${local(p.deletedAt)}`)
  for (const d of rewind.rewound)
    if (d.nearest)
      out.push(
        `  NOT EXACT ${name(d)}: its log before that time was folded before version history kept it; rewound to the nearest kept state, ${local(d.nearest.at)}`,
      )
  for (const d of rewind.notRewound) out.push(`  NOT REWOUND ${name(d)}: ${d.reason}`)
  for (const m of r.missing)
    out.push(
      `  NOT REWOUND page ${m.title || m.id}: in the tree at that time, but erased before the source was taken (it is empty now; an older backup has it)`,
    )
  out.push('  as in the source (no log): accounts, members, roles, tokens, webhooks, approvals, audit, imports')
  return out
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    const r = await restore(process.argv.slice(2))
    if (r.manifest)
      console.log(`Restored backup ${r.manifest.id} (${r.manifest.checks?.documents} documents, checksums and integrity verified) into ${r.database}.`)
    else console.log(`Restored the data folder's database into ${r.database}.`)
    if (r.attachments > 0) console.log(`${r.attachments} attachment file(s) checked and in place in ${path.join(path.dirname(r.database), 'attachments')}.`)
    if (r.kind === 'point-in-time') for (const line of formatRewind(r)) console.log(line)
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
