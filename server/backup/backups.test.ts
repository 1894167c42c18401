import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { BackupManifest } from '#shared/api/backup'
import { openDatabase } from '../db/open.ts'
import { tempDir } from '../test/harness.ts'
import { Backups } from './backups.ts'
import { backupId, MANIFEST, PARTIAL } from './catalog.ts'
import { Schedule } from './schedule.ts'

const cleanups: (() => void)[] = []
afterEach(() => cleanups.splice(0).forEach((fn) => fn()))
const keep = { hourly: 2, daily: 0, weekly: 0 }

function setup(databaseFile?: string, copied?: (partial: string) => void) {
  const { dir, cleanup } = tempDir()
  cleanups.push(cleanup)
  const file = path.join(dir, 'keel.db')
  const db = openDatabase(file, { synchronous: 'normal' })
  cleanups.push(() => db.close())
  const errors: string[] = []
  const log = { info: () => {}, error: (_facts: object, message: string) => void errors.push(message) }
  let now = Date.parse('2026-12-04T10:00:00.000Z')
  const backups = new Backups({
    db,
    databaseFile: databaseFile ?? file,
    dir: path.join(dir, 'backups'),
    keep,
    method: 'vacuum-into',
    log,
    version: 'test',
    now: () => now,
    copied,
  })
  return { dir, backups, errors, advance: (ms: number) => (now += ms) }
}

describe('Backups', () => {
  it('a copy that fails part-way, with the whole copy on disk, leaves no partial file, only a failed manifest', async () => {
    let written = 0
    const { dir, backups, errors } = setup(undefined, (partial) => {
      written = fs.statSync(partial).size
      throw new Error('EIO: i/o error, rename')
    })
    const m = await backups.run('manual')
    expect(written).toBeGreaterThan(0)
    expect(m).toMatchObject({ status: 'failed', error: 'EIO: i/o error, rename', files: [], bytes: 0 })
    expect(fs.readdirSync(path.join(dir, 'backups', m.id))).toEqual([MANIFEST])
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'backups', m.id, MANIFEST), 'utf8'))).toMatchObject({ status: 'failed', files: [] })
    expect(errors).toEqual([`backup failed: ${m.error}`])
    expect(backups.list()).toEqual([m])
  })

  it('a copy that fails inside VACUUM INTO (a damaged source) leaves no partial file, only a failed manifest, and logs an error', async () => {
    // A source whose last pages are damaged: VACUUM INTO opens it, reads the schema and copies the
    // first tables into the partial file, then fails on the damaged ones, mid-copy.
    const { dir: src, cleanup } = tempDir()
    cleanups.push(cleanup)
    const source = path.join(src, 'keel.db')
    const sdb = openDatabase(source, { synchronous: 'normal' })
    sdb.exec('CREATE TABLE zz_filler (id INTEGER PRIMARY KEY, data BLOB NOT NULL)')
    const insert = sdb.prepare('INSERT INTO zz_filler (data) VALUES (?)')
    for (let i = 0; i < 2000; i++) insert.run(Buffer.alloc(1000, i % 251))
    sdb.pragma('journal_mode = DELETE')
    sdb.close()
    const size = fs.statSync(source).size
    const fd = fs.openSync(source, 'r+')
    fs.writeSync(fd, Buffer.alloc(64 * 1024, 0xa5), 0, 64 * 1024, size - 64 * 1024)
    fs.closeSync(fd)

    const { dir, backups, errors } = setup(source)
    const m = await backups.run('manual')
    expect(m.status).toBe('failed')
    expect(m.error).toMatch(/malformed|not a database|corrupt/i)
    expect(m.checks).toBeNull()
    expect(fs.readdirSync(path.join(dir, 'backups', m.id))).toEqual([MANIFEST])
    expect(fs.existsSync(path.join(dir, 'backups', m.id, PARTIAL))).toBe(false)
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'backups', m.id, MANIFEST), 'utf8'))).toMatchObject({ status: 'failed', files: [], bytes: 0 })
    expect(errors).toEqual([`backup failed: ${m.error}`])
    expect(backups.list()).toEqual([m])
  })

  it('runs one backup at a time, and prunes by the retention buckets after each', async () => {
    const { dir, backups, advance } = setup()
    const [a, b] = await Promise.all([backups.run('manual'), backups.run('schedule')])
    expect(a).toBe(b)
    expect(a!.status).toBe('ok')
    expect(a!.checks).toMatchObject({ integrity: 'ok', documents: 0 })
    advance(3600_000)
    await backups.run('schedule')
    advance(3600_000)
    const third = await backups.run('schedule')
    // Two hourly buckets are kept: the oldest of three went.
    expect(backups.list().map((x) => x.id)).toEqual([third.id, backupId(Date.parse('2026-12-04T11:00:00.000Z'))])
    expect(fs.existsSync(path.join(dir, 'backups', a!.id))).toBe(false)
  })
})

describe('Backups: a manifest that cannot be read', () => {
  it('is listed "unreadable" and never pruned, keel.db and all; only a folder with no manifest is "interrupted"', async () => {
    const { dir, backups, advance } = setup()
    const backupDir = path.join(dir, 'backups')
    const folder = (iso: string, manifest: string | null) => {
      const id = backupId(Date.parse(iso))
      fs.mkdirSync(path.join(backupDir, id), { recursive: true })
      fs.writeFileSync(path.join(backupDir, id, 'keel.db'), 'a copy that may be good')
      if (manifest !== null) fs.writeFileSync(path.join(backupDir, id, MANIFEST), manifest)
      return id
    }
    const garbage = folder('2026-12-04T06:00:00.000Z', '{ not json')
    const huge = folder('2026-12-04T07:00:00.000Z', `{"pad":"${'x'.repeat(2 * 1024 * 1024)}"}`)
    const newer = folder('2026-12-04T08:00:00.000Z', JSON.stringify({ format: 2, id: backupId(Date.parse('2026-12-04T08:00:00.000Z')) }))
    const none = folder('2026-12-04T05:00:00.000Z', null)
    const listed = new Map(backups.list().map((b) => [b.id, b]))
    for (const id of [garbage, huge, newer]) expect(listed.get(id)?.status).toBe('unreadable')
    expect(listed.get(none)?.error).toMatch(/^interrupted/)

    // Enough good backups that retention would drop anything old it may drop.
    for (let i = 0; i < 3; i++) {
      expect((await backups.run('schedule')).status).toBe('ok')
      advance(3600_000)
    }
    for (const id of [garbage, huge, newer]) expect(fs.readFileSync(path.join(backupDir, id, 'keel.db'), 'utf8')).toBe('a copy that may be good')
    // The interrupted one is a failure: its partial copy goes (its failed manifest may stay listed).
    expect(fs.existsSync(path.join(backupDir, none, 'keel.db'))).toBe(false)
  })
})

describe('the backup schedule', () => {
  const HOUR = 3600_000
  const at = (iso: string, status: BackupManifest['status'] = 'ok') => ({ createdAt: iso, status }) as BackupManifest
  const schedule = (list: BackupManifest[], now: string) => new Schedule({ list: () => list, run: async () => list[0]! }, HOUR, () => Date.parse(now))

  it('is due one interval after the newest good backup, never sooner than a minute after start', () => {
    expect(schedule([at('2026-12-04T10:00:00Z')], '2026-12-04T10:30:00Z').nextInMs()).toBe(HOUR / 2)
    expect(schedule([at('2026-12-04T10:00:00Z')], '2026-12-04T13:00:00Z').nextInMs()).toBe(60_000)
    expect(schedule([], '2026-12-04T13:00:00Z').nextInMs()).toBe(60_000)
    // A failure does not count as a backup: the good one before it sets the time.
    expect(schedule([at('2026-12-04T10:50:00Z', 'failed'), at('2026-12-04T10:00:00Z')], '2026-12-04T10:55:00Z').nextInMs()).toBe(5 * 60_000)
  })
})
