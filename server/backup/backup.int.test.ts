import fs from 'node:fs'
import path from 'node:path'
import { PassThrough } from 'node:stream'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { BackupConfig } from '../config.ts'
import { connectClient, startServer, tempDir, textOf } from '../test/harness.ts'
import { writer } from '../test/writer.ts'
import { DATABASE, MANIFEST, writeManifest } from './catalog.ts'
import { restoreBackup, verifyBackup } from './restore.ts'

const keep = { hourly: 24, daily: 7, weekly: 4 }
// The fixture's owner (test/fixtures.ts) is made the instance administrator: backups are theirs to see.
const backupIn = (dir: string, method: BackupConfig['method'] = 'vacuum-into'): { backup: BackupConfig; adminEmails: string[] } => ({
  backup: { dir, intervalMinutes: 0, keep, method, runsPerMinute: 100 },
  adminEmails: ['owner@fixture.keel.test'],
})

/** About `mb` MiB of real document data, so a copy takes long enough for writes to land during it. */
function fill(app: Awaited<ReturnType<typeof startServer>>['app'], mb: number): void {
  for (let i = 0; i < mb; i++) {
    const doc = new Y.Doc()
    doc.getText('text').insert(0, `filler ${i} `.repeat(80_000).slice(0, 1024 * 1024))
    app.store.ensure(`filler-${i}`, Date.now())
    app.store.append([{ docId: `filler-${i}`, data: Y.encodeStateAsUpdate(doc), userId: 'fill', at: Date.now() }])
  }
}

describe('backups and restore', () => {
  const cleanups: (() => unknown)[] = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })

  it.each(['vacuum-into', 'backup-api'] as const)(
    '%s: a backup taken while 4 sockets write holds every update acknowledged before it started, and a fresh server serves them',
    async (method) => {
      const { dir, cleanup } = tempDir()
      cleanups.push(cleanup)
      const backups = path.join(dir, 'backups')
      const server = await startServer(backupIn(backups, method), path.join(dir, 'live'))
      cleanups.push(server.close)
      fill(server.app, 24)
      const docs = ['load-a', 'load-b']
      const clients = [0, 1, 2, 3].map((i) => connectClient(server.wsUrl, docs[i % 2]!, { acks: true }))
      await Promise.all(clients.map((c) => c.synced()))
      const writers = clients.map((c, i) => writer(c, `w${i}`))
      const typing = setInterval(() => writers.forEach((w) => w.type()), 2)
      await new Promise((r) => setTimeout(r, 300))

      const ackedBefore = writers.flatMap((w) => w.acknowledged())
      const duringStart = writers.map((w) => w.acknowledged().length)
      const manifest = await server.app.backups!.run('manual')
      // Writers kept going while the copy ran: acknowledgements arrived during it (no pause).
      const ackedDuring = writers.reduce((n, w, i) => n + w.acknowledged().length - duringStart[i]!, 0)
      await new Promise((r) => setTimeout(r, 100))
      clearInterval(typing)
      clients.forEach((c) => c.destroy())

      expect(manifest.status, manifest.error ?? '').toBe('ok')
      expect(manifest.method).toBe(method)
      expect(manifest.checks).toMatchObject({ integrity: 'ok', schemaVersion: expect.any(Number) })
      expect(manifest.checks!.documents).toBeGreaterThanOrEqual(26)
      expect(manifest.files.find((f) => f.path === DATABASE)!.bytes).toBeGreaterThan(16 * 1024 * 1024)
      expect(ackedBefore.length).toBeGreaterThan(50)
      expect(ackedDuring, 'acknowledged while the backup ran').toBeGreaterThan(0)
      expect(server.app.backups!.list().map((b) => b.id)).toEqual([manifest.id])

      // Into a fresh data folder, while the original keeps running.
      const fresh = path.join(dir, 'restored')
      const result = await restoreBackup(path.join(backups, manifest.id), fresh)
      expect(result.setAside).toEqual([])
      const restored = await startServer({}, fresh)
      cleanups.push(restored.close)
      const texts: string[] = []
      for (const docId of docs) {
        const reader = connectClient(restored.wsUrl, docId)
        await reader.synced()
        texts.push(textOf(reader.doc))
        reader.destroy()
      }
      const all = texts.join('')
      const missing = ackedBefore.filter((m) => !all.includes(m))
      expect(missing, `acknowledged before the backup but missing: ${missing.slice(0, 5).join(' ')}`).toEqual([])
      // And over REST, as any reader gets it.
      const res = await fetch(`${restored.url}/api/docs/load-a`, { headers: { cookie: restored.fixture.owner.cookie } })
      expect(res.status).toBe(200)
    },
  )

  it('restore refuses a corrupt backup with a clear message and changes nothing', async () => {
    const { dir, cleanup } = tempDir()
    cleanups.push(cleanup)
    const server = await startServer(backupIn(path.join(dir, 'backups')), path.join(dir, 'live'))
    cleanups.push(server.close)
    fill(server.app, 2)
    const manifest = await server.app.backups!.run('manual')
    expect(manifest.status).toBe('ok')
    const folder = path.join(dir, 'backups', manifest.id)
    const db = path.join(folder, DATABASE)
    const bytes = fs.readFileSync(db)
    for (let i = 0; i < 64; i++) bytes[bytes.length / 2 + i * 97]! ^= 0xff
    fs.writeFileSync(db, bytes)
    const target = path.join(dir, 'target')
    await expect(restoreBackup(folder, target)).rejects.toThrow(/backup .* is damaged: keel\.db does not match its checksum .* nothing was changed/)
    expect(fs.existsSync(target)).toBe(false)

    // Bytes flipped in the header page and the manifest rewritten to match: the integrity check refuses it.
    const header = fs.readFileSync(db)
    header.fill(0xab, 16, 100)
    fs.writeFileSync(db, header)
    const { createHash } = await import('node:crypto')
    await writeManifest(folder, {
      ...manifest,
      files: manifest.files.map((f) => (f.path === DATABASE ? { ...f, sha256: createHash('sha256').update(header).digest('hex') } : f)),
    })
    await expect(restoreBackup(folder, target)).rejects.toThrow(/fails its integrity check/)
    expect(fs.existsSync(path.join(target, DATABASE))).toBe(false)
  })

  it('restore refuses the data folder of a running server, and once it stops sets the old database aside', async () => {
    const { dir, cleanup } = tempDir()
    cleanups.push(cleanup)
    const live = path.join(dir, 'live')
    const server = await startServer(backupIn(path.join(dir, 'backups')), live)
    const manifest = await server.app.backups!.run('manual')
    const folder = path.join(dir, 'backups', manifest.id)
    await expect(restoreBackup(folder, live)).rejects.toThrow(new RegExp(`A Keel server \\(pid ${process.pid}, .*\\) is running on ${live}: stop it first`))
    server.app.store.ensure('after-backup', Date.now())
    await server.close()
    const result = await restoreBackup(folder, live, Date.parse('2026-12-04T18:30:00Z'))
    expect(result.setAside).toContain(path.join(live, `${DATABASE}.before-restore-2026-12-04T18-30-00-000Z`))
    const again = await startServer({}, live)
    cleanups.push(again.close)
    expect(again.app.store.load('after-backup')).toBeNull()
  })

  it('a backup into a folder that cannot be written is reported failed, logged at error level and listed', async () => {
    const { dir, cleanup } = tempDir()
    cleanups.push(cleanup)
    // A regular file where the folder should be: not writable whoever runs the test (root included).
    fs.writeFileSync(path.join(dir, 'blocked'), 'not a folder')
    const lines: string[] = []
    const logStream = new PassThrough()
    logStream.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean)))
    const server = await startServer({ ...backupIn(path.join(dir, 'blocked', 'backups')), logLevel: 'error' }, path.join(dir, 'live'), { logStream })
    cleanups.push(server.close)
    const manifest = await server.app.backups!.run('manual')
    expect(manifest.status).toBe('failed')
    expect(manifest.error).toMatch(/ENOTDIR/)
    expect(manifest.files).toEqual([])
    const listed = await fetch(`${server.url}/api/workspaces/${server.fixture.workspaceId}/backups`, { headers: { cookie: server.fixture.owner.cookie } })
    const body = (await listed.json()) as { backups: { id: string; status: string; error: string }[] }
    expect(body.backups).toEqual([expect.objectContaining({ id: manifest.id, status: 'failed', error: manifest.error })])
    const logged = lines.map((l) => JSON.parse(l) as { level: number; msg: string }).filter((l) => l.msg.startsWith('backup failed'))
    expect(logged).toHaveLength(1)
    expect(logged[0]!.level).toBe(50)
  })

  it('an instance admin lists backups and takes one now over REST; the copy is listed with its checks', async () => {
    const { dir, cleanup } = tempDir()
    cleanups.push(cleanup)
    const server = await startServer(backupIn(path.join(dir, 'backups')), path.join(dir, 'live'))
    cleanups.push(server.close)
    const url = `${server.url}/api/workspaces/${server.fixture.workspaceId}/backups`
    const headers = { cookie: server.fixture.owner.cookie, origin: server.url }
    const empty = (await (await fetch(url, { headers })).json()) as { enabled: boolean; backups: unknown[] }
    expect(empty).toMatchObject({ enabled: true, backups: [] })
    const made = await fetch(url, { method: 'POST', headers })
    expect(made.status).toBe(201)
    const manifest = (await made.json()) as { id: string; status: string }
    expect(manifest.status).toBe('ok')
    expect(fs.existsSync(path.join(dir, 'backups', manifest.id, MANIFEST))).toBe(true)
    // Password hashes and every document: the copy is this user's only.
    expect(fs.statSync(path.join(dir, 'backups', manifest.id, DATABASE)).mode & 0o777).toBe(0o600)
    const list = (await (await fetch(url, { headers })).json()) as { backups: { id: string; checks: { integrity: string } }[] }
    expect(list.backups.map((b) => [b.id, b.checks.integrity])).toEqual([[manifest.id, 'ok']])
    const audit = (await (await fetch(`${server.url}/api/workspaces/${server.fixture.workspaceId}/audit`, { headers })).json()) as {
      events: { kind: string; detail: Record<string, unknown> }[]
    }
    expect(audit.events.find((e) => e.kind === 'backup.requested')?.detail).toEqual({ backupId: manifest.id, status: 'ok' })
    const editor = server.fixture.user('Eddie', 'editor')
    expect((await fetch(url, { method: 'POST', headers: { ...headers, cookie: editor.cookie } })).status).toBe(403)
    // Another owner of the same workspace, not an admin: refused, and no backup is taken.
    const coOwner = server.fixture.user('Nora', 'owner')
    expect((await fetch(url, { method: 'POST', headers: { ...headers, cookie: coOwner.cookie } })).status).toBe(403)
    expect(server.app.backups!.list()).toHaveLength(1)
  })

  it('backs up the attachments its database names, links unchanged ones from the last backup, verifies them, and restores them', async () => {
    const { dir, cleanup } = tempDir()
    cleanups.push(cleanup)
    const backups = path.join(dir, 'backups')
    const server = await startServer(backupIn(backups), path.join(dir, 'live'))
    cleanups.push(server.close)
    const { projectId, owner } = server.fixture
    const put = (name: string, text: string) => server.app.attachments.put({ projectId, name, bytes: Buffer.from(text), createdBy: owner.id })
    const first = await put('a.txt', 'alpha')
    await put('a-again.txt', 'alpha')
    const second = await put('b.csv', 'x,y\n1,2\n')

    const one = await server.app.backups!.run('manual')
    expect(one.status, one.error ?? '').toBe('ok')
    // Two blobs (the same bytes twice are stored once), listed with their checksums.
    expect(one.attachments).toEqual({ count: 2, bytes: 5 + 8 })
    const entry = (sha: string) => `attachments/${sha.slice(0, 2)}/${sha}`
    expect(one.files.map((f) => f.path).sort()).toEqual([DATABASE, entry(first.sha256), entry(second.sha256)].sort())
    expect(one.files.find((f) => f.path === entry(first.sha256))!.sha256).toBe(first.sha256)

    const inode = (id: string, sha: string) => fs.statSync(path.join(backups, id, ...entry(sha).split('/'))).ino
    const linked = inode(one.id, first.sha256)
    const third = await put('c.txt', 'gamma')
    const two = await server.app.backups!.run('manual')
    expect(two.status, two.error ?? '').toBe('ok')
    expect(two.attachments?.count).toBe(3)
    // Unchanged blobs are hard links to the previous backup's (which retention has pruned since:
    // the file lives on through the link); the new one is a copy of its own.
    expect(inode(two.id, first.sha256)).toBe(linked)
    expect(fs.statSync(path.join(backups, two.id, ...entry(third.sha256).split('/'))).nlink).toBe(1)
    await expect(verifyBackup(path.join(backups, two.id))).resolves.toMatchObject({ id: two.id })

    // Restored into a fresh folder: a server there serves the same bytes under the same id.
    const fresh = path.join(dir, 'restored')
    const result = await restoreBackup(path.join(backups, two.id), fresh)
    expect(result.attachments).toBe(3)
    const restored = await startServer({}, fresh)
    cleanups.push(restored.close)
    const res = await fetch(`${restored.url}/api/attachments/${second.id}?download=1`, { headers: { cookie: restored.fixture.owner.cookie } })
    expect(res.status).toBe(200)
    expect(await res.text()).toBe('x,y\n1,2\n')

    // A blob missing from the manifest that the database still names: refused as incomplete.
    const folder = path.join(backups, two.id)
    await writeManifest(folder, { ...two, files: two.files.filter((f) => f.path !== entry(second.sha256)) })
    await expect(restoreBackup(folder, path.join(dir, 'elsewhere'))).rejects.toThrow(/is incomplete: 1 attachment\(s\) its database names are not in it/)
    await writeManifest(folder, two)
    // A blob that rots in the backup is found by verification.
    fs.writeFileSync(path.join(folder, ...entry(third.sha256).split('/')), 'gammb')
    await expect(verifyBackup(folder)).rejects.toThrow(/is damaged: attachments\/.* does not match its checksum/)
  })
})
