import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { AttachmentMeta } from '#shared/attachments/attachment'
import { attachmentsDirOf, blobRelPath } from '../attachments/layout.ts'
import type { BackupConfig } from '../config.ts'
import { startServer, tempDir } from '../test/harness.ts'
import { sameOrigin } from '../test/same-origin.ts'
import { DATABASE } from './catalog.ts'
import { restoreBackup } from './restore.ts'

const backupIn = (dir: string): { backup: BackupConfig } => ({
  backup: { dir, intervalMinutes: 0, keep: { hourly: 24, daily: 7, weekly: 4 }, method: 'vacuum-into', runsPerMinute: 100 },
})

describe('a restore deletes no attachment', () => {
  const cleanups: (() => unknown)[] = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })

  it('keeps the files the set-aside database names through the sweep, until that database is deleted', async () => {
    const { dir, cleanup } = tempDir()
    cleanups.push(cleanup)
    const live = path.join(dir, 'live')
    const backups = path.join(dir, 'backups')
    const server = await startServer(backupIn(backups), live)
    const backup = await server.app.backups!.run('manual')
    // Uploaded after the backup: only the database the restore sets aside names it.
    const res = await fetch(`${server.url}/api/projects/${server.fixture.projectId}/attachments?name=late.csv`, {
      method: 'POST',
      headers: { ...sameOrigin(server), cookie: server.fixture.owner.cookie, 'content-type': 'application/octet-stream' },
      body: Buffer.from('epoch,loss\n1,0.9\n'),
    })
    const meta = AttachmentMeta.parse(await res.json())
    await server.close()
    const blob = path.join(attachmentsDirOf(path.join(live, DATABASE)), ...blobRelPath(meta.sha256).split('/'))
    const hoursAgo = new Date(Date.now() - 3 * 3600_000)
    fs.utimesSync(blob, hoursAgo, hoursAgo)

    const restored = await restoreBackup(path.join(backups, backup.id), live)
    expect(restored.setAside.length).toBeGreaterThan(0)
    // Start sweeps at once: the file is unreferenced by the live rows and hours old, yet kept.
    const again = await startServer(backupIn(backups), live)
    cleanups.push(again.close)
    expect(again.app.attachments.meta(meta.id)).toBeNull()
    expect(fs.existsSync(blob), 'named by keel.db.before-restore-*').toBe(true)

    // Once the operator deletes the set-aside database, the next sweep removes what only it named.
    for (const f of restored.setAside) fs.rmSync(f)
    expect(again.app.attachments.sweep()).toBe(1)
    expect(fs.existsSync(blob)).toBe(false)
  })
})
