import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { AttachmentMeta } from '#shared/attachments/attachment'
import { limits } from '#shared/limits'
import { attachmentsDirOf, blobRelPath } from '../attachments/layout.ts'
import { startServer, tempDir } from '../test/harness.ts'
import { sameOrigin } from '../test/same-origin.ts'
import { DATABASE } from './catalog.ts'
import { restoreAt } from './point-in-time.ts'

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64')

describe('point-in-time restore of a data folder into another folder', () => {
  const cleanups: (() => unknown)[] = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })

  it('brings the attachments the database names, checked, before the database takes its name', async () => {
    const { dir, cleanup } = tempDir()
    cleanups.push(cleanup)
    const live = path.join(dir, 'live')
    const server = await startServer({}, live)
    const res = await fetch(`${server.url}/api/projects/${server.fixture.projectId}/attachments?name=roc.png`, {
      method: 'POST',
      headers: { ...sameOrigin(server), cookie: server.fixture.owner.cookie, 'content-type': 'application/octet-stream' },
      body: PNG,
    })
    expect(res.status).toBe(201)
    const meta = AttachmentMeta.parse(await res.json())
    const until = Date.now() + 1
    await server.close()

    const target = path.join(dir, 'restored')
    const result = await restoreAt({ dataDir: live }, target, { until, shown: 'now' }, limits)
    expect(result.attachments).toBe(1)
    const blob = path.join(attachmentsDirOf(path.join(target, DATABASE)), ...blobRelPath(meta.sha256).split('/'))
    expect(fs.readFileSync(blob).equals(PNG)).toBe(true)
    const db = new Database(path.join(target, DATABASE), { readonly: true })
    cleanups.push(() => db.close())
    expect(db.prepare('SELECT sha256 FROM attachments WHERE id = ?').get(meta.id)).toEqual({ sha256: meta.sha256 })

    // A source whose blob was damaged is refused, and the target keeps what it had.
    const damaged = path.join(attachmentsDirOf(path.join(live, DATABASE)), ...blobRelPath(meta.sha256).split('/'))
    fs.writeFileSync(damaged, 'not the png')
    const other = path.join(dir, 'other')
    await expect(restoreAt({ dataDir: live }, other, { until, shown: 'now' }, limits)).rejects.toThrow(/does not match its checksum/)
    expect(fs.existsSync(path.join(other, DATABASE))).toBe(false)
  })
})
