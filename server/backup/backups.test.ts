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

function setup(databaseFile?: string) {
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
  })
  return { dir, backups, errors, advance: (ms: number) => (now += ms) }
}

describe('Backups', () => {
  it('a copy that fails part-way leaves no partial file, only a failed manifest, and logs an error', async () => {
    // The source is gone: VACUUM INTO fails after the partial file was made.
    const { dir, backups, errors } = setup('/nonexistent/keel.db')
    const m = await backups.run('manual')
    expect(m.status).toBe('failed')
    expect(m.error).toMatch(/Cannot open database because the directory does not exist/)
    expect(fs.readdirSync(path.join(dir, 'backups', m.id))).toEqual([MANIFEST])
    expect(fs.existsSync(path.join(dir, 'backups', m.id, PARTIAL))).toBe(false)
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
