import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { BackupManifest } from '#shared/api/backup'
import { tempDir } from '../test/harness.ts'
import { backupId, idTime, listBackups, MANIFEST, PARTIAL, readManifest, sweepInterrupted, writeManifest } from './catalog.ts'

const cleanups: (() => void)[] = []
afterEach(() => cleanups.splice(0).forEach((fn) => fn()))

function manifest(id: string, over: Partial<BackupManifest> = {}): BackupManifest {
  return {
    format: 1,
    id,
    createdAt: new Date(idTime(id)).toISOString(),
    durationMs: 12,
    trigger: 'manual',
    method: 'vacuum-into',
    status: 'ok',
    error: null,
    bytes: 4096,
    files: [{ path: 'keel.db', bytes: 4096, sha256: 'a'.repeat(64) }],
    checks: { integrity: 'ok', documents: 3, schemaVersion: 11 },
    keelVersion: '0.1.0',
    ...over,
  }
}

describe('backup manifests and the backup folder', () => {
  it('names a backup by its UTC start time, without colons, and reads the time back', () => {
    const ms = Date.parse('2026-12-04T18:03:12.345Z')
    expect(backupId(ms)).toBe('2026-12-04T18-03-12-345Z')
    expect(idTime(backupId(ms))).toBe(ms)
  })

  it('round-trips a manifest through the schema, and ignores fields a later format adds', async () => {
    const { dir, cleanup } = tempDir()
    cleanups.push(cleanup)
    const m = manifest(backupId(Date.now()))
    await writeManifest(dir, m)
    expect(readManifest(dir)).toEqual(m)
    expect(fs.existsSync(path.join(dir, `${MANIFEST}.tmp`))).toBe(false)
    // An attachments entry is one more file, counted in `attachments`; an unknown top-level field is dropped, not an error.
    const later = {
      ...m,
      files: [...m.files, { path: 'attachments/ab/cd.png', bytes: 10, sha256: 'b'.repeat(64) }],
      attachments: { count: 1, bytes: 10 },
      thumbnails: { count: 1 },
    }
    fs.writeFileSync(path.join(dir, MANIFEST), JSON.stringify(later))
    expect(readManifest(dir)?.files.map((f) => f.path)).toEqual(['keel.db', 'attachments/ab/cd.png'])
    expect(readManifest(dir)?.attachments).toEqual({ count: 1, bytes: 10 })
    expect(readManifest(dir)).not.toHaveProperty('thumbnails')
    fs.writeFileSync(path.join(dir, MANIFEST), JSON.stringify({ ...m, status: 'maybe' }))
    expect(readManifest(dir)).toBeNull()
    expect(BackupManifest.safeParse({ ...m, files: [{ path: 'keel.db', bytes: 1, sha256: 'nothex' }] }).success).toBe(false)
  })

  it('lists newest first, and a folder left without a manifest as failed once it is old', async () => {
    const { dir, cleanup } = tempDir()
    cleanups.push(cleanup)
    const now = Date.parse('2026-12-04T18:00:00.000Z')
    for (const iso of ['2026-12-04T16:00:00.000Z', '2026-12-04T17:00:00.000Z']) {
      const id = backupId(Date.parse(iso))
      fs.mkdirSync(path.join(dir, id))
      await writeManifest(path.join(dir, id), manifest(id))
    }
    const stale = backupId(Date.parse('2026-12-04T15:00:00.000Z'))
    fs.mkdirSync(path.join(dir, stale))
    fs.writeFileSync(path.join(dir, stale, PARTIAL), 'half a copy')
    const fresh = backupId(now - 1000) // being written right now
    fs.mkdirSync(path.join(dir, fresh))
    fs.mkdirSync(path.join(dir, 'not-a-backup'))
    const listed = listBackups(dir, now)
    expect(listed.map((b) => [b.id.slice(11, 13), b.status])).toEqual([
      ['17', 'ok'],
      ['16', 'ok'],
      ['15', 'failed'],
    ])
    expect(listed[2]!.error).toContain('interrupted')
    await sweepInterrupted(dir, listed)
    expect(fs.readdirSync(path.join(dir, stale))).toEqual([MANIFEST])
    expect(readManifest(path.join(dir, stale))?.status).toBe('failed')
    expect(listBackups(path.join(dir, 'missing'))).toEqual([])
  })
})
