import { randomBytes } from 'node:crypto'
import fsp from 'node:fs/promises'
import path from 'node:path'
import { ATTACHMENTS_DIR, blobRelPath } from '../attachments/layout.ts'
import { RestoreRefused } from './restore.ts'
import { hashFiles, referencedBlobs } from './worker.ts'

/**
 * Point-in-time restore from a stopped data folder into another folder: copies every blob the
 * database `copy` names from `sourceDir/attachments/` into `targetDir/attachments/` (temporary
 * name, checked against its name, renamed), so the rewound database never names a missing file.
 * Nothing to do when both are the same folder. Returns how many blobs the database names.
 */
export async function copyNamedBlobs(copy: string, sourceDir: string, targetDir: string): Promise<number> {
  const shas = await referencedBlobs(copy)
  if (path.resolve(sourceDir) === path.resolve(targetDir) || shas.length === 0) return shas.length
  const root = path.join(targetDir, ATTACHMENTS_DIR)
  const tmp = path.join(root, 'tmp')
  await fsp.mkdir(tmp, { recursive: true, mode: 0o700 })
  for (const sha of shas) {
    const target = path.join(root, ...blobRelPath(sha).split('/'))
    if (await fsp.stat(target).catch(() => null)) continue
    const source = path.join(sourceDir, ATTACHMENTS_DIR, ...blobRelPath(sha).split('/'))
    const incoming = path.join(tmp, `restore-${randomBytes(8).toString('hex')}`)
    try {
      await fsp.copyFile(source, incoming)
    } catch {
      throw new RestoreRefused(`attachment ${sha.slice(0, 12)}… is named by ${path.join(sourceDir, 'keel.db')} but missing from its attachments folder`)
    }
    const [hashed] = await hashFiles([incoming])
    if (hashed!.sha256 !== sha) {
      await fsp.rm(incoming, { force: true })
      throw new RestoreRefused(`attachment ${sha.slice(0, 12)}… in ${sourceDir} does not match its checksum; nothing was changed`)
    }
    await fsp.mkdir(path.dirname(target), { recursive: true, mode: 0o700 })
    const handle = await fsp.open(incoming, 'r')
    await handle.sync().finally(() => handle.close())
    await fsp.rename(incoming, target)
  }
  return shas.length
}
