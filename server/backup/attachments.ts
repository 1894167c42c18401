import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import fsp from 'node:fs/promises'
import path from 'node:path'
import type { BackupFile, BackupManifest } from '#shared/api/backup'
import { ATTACHMENTS_DIR, blobRelPath, SHA256 } from '../attachments/layout.ts'
import { hashFiles } from './worker.ts'

/** A manifest entry of an attachment: `attachments/<sha[0:2]>/<sha>`. */
export const blobEntry = (sha256: string): string => `${ATTACHMENTS_DIR}/${blobRelPath(sha256)}`
const ENTRY = /^attachments\/([0-9a-f]{2})\/([0-9a-f]{64})$/

/** The sha256 an attachment entry is named by, or null for any other file (keel.db). */
export function entrySha(entry: string): string | null {
  const m = ENTRY.exec(entry)
  return m && m[2]!.startsWith(m[1]!) ? m[2]! : null
}

async function fsyncPath(p: string): Promise<void> {
  try {
    const handle = await fsp.open(p, 'r')
    try {
      await handle.sync()
    } finally {
      await handle.close()
    }
  } catch (err) {
    // Folders: not every platform opens them for fsync. Files: a failure is real.
    if (!(await fsp.stat(p)).isDirectory()) throw err
  }
}

/**
 * Copies the blobs `shas` (what the backup's database copy names) from the live attachments
 * folder into `folder/attachments/`, each then checked against its name. A blob the previous ok
 * backup holds already is hard-linked from there (content-addressed: same name, same bytes, and
 * that backup checked them), so an unchanged attachment costs no space twice; a link that cannot
 * be made (another file system) is a copy. Copies are fsynced, and so are their folders, before
 * the manifest is written. Returns the manifest entries.
 */
export async function backUpBlobs(opts: {
  shas: readonly string[]
  from: string
  folder: string
  previous: BackupManifest | null
  backupsDir: string
}): Promise<BackupFile[]> {
  const { shas, from, folder, previous } = opts
  if (shas.length === 0) return []
  const inPrevious = new Set(previous ? previous.files.map((f) => f.path) : [])
  const copied: string[] = []
  const shards = new Set<string>()
  for (const sha of shas) {
    const entry = blobEntry(sha)
    const target = path.join(folder, ...entry.split('/'))
    await fsp.mkdir(path.dirname(target), { recursive: true, mode: 0o700 })
    shards.add(path.dirname(target))
    if (previous && inPrevious.has(entry)) {
      try {
        await fsp.link(path.join(opts.backupsDir, previous.id, ...entry.split('/')), target)
        continue
      } catch {
        // Gone meanwhile, or another file system: copy it from the live folder instead.
      }
    }
    const source = path.join(from, ...blobRelPath(sha).split('/'))
    if (!fs.existsSync(source)) throw new Error(`attachment ${sha} is named by the database but missing from ${from}`)
    await fsp.copyFile(source, target)
    await fsp.chmod(target, 0o600)
    copied.push(target)
  }
  for (const file of copied) await fsyncPath(file)
  for (const shard of shards) await fsyncPath(shard)
  await fsyncPath(path.join(folder, ATTACHMENTS_DIR))
  const hashes = await hashFiles(shas.map((sha) => path.join(folder, ...blobEntry(sha).split('/'))))
  return shas.map((sha, i) => {
    const h = hashes[i]!
    if (h.sha256 !== sha) throw new Error(`attachment ${sha} in the data folder does not match its checksum (found ${h.sha256.slice(0, 12)}…)`)
    return { path: blobEntry(sha), bytes: h.bytes, sha256: h.sha256 }
  })
}

/**
 * Puts a verified backup's blobs into `dataDir/attachments/`, before its database takes the live
 * name (so a restored database never names a missing file). Content-addressed: a blob already
 * there with the right size is kept; the others are copied to a temporary name, fsynced and
 * renamed. Blobs in the folder that the restored database does not name are left to the sweep.
 */
export async function restoreBlobs(folder: string, manifest: BackupManifest, dataDir: string): Promise<number> {
  const entries = manifest.files.filter((f) => entrySha(f.path))
  if (entries.length === 0) return 0
  const root = path.join(dataDir, ATTACHMENTS_DIR)
  const tmp = path.join(root, 'tmp')
  await fsp.mkdir(tmp, { recursive: true, mode: 0o700 })
  for (const f of entries) {
    const sha = entrySha(f.path)!
    if (!SHA256.test(sha)) continue
    const target = path.join(root, ...blobRelPath(sha).split('/'))
    const existing = await fsp.stat(target).catch(() => null)
    if (existing && existing.size === f.bytes) continue
    await fsp.mkdir(path.dirname(target), { recursive: true, mode: 0o700 })
    const incoming = path.join(tmp, `restore-${randomBytes(8).toString('hex')}`)
    await fsp.copyFile(path.join(folder, ...f.path.split('/')), incoming)
    await fsyncPath(incoming)
    await fsp.rename(incoming, target)
    await fsyncPath(path.dirname(target))
  }
  return entries.length
}
