import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openDatabase } from '../db/open.ts'
import { claimFolder, markRunning, PID_FILE } from '../db/running.ts'
import { tempDir } from '../test/harness.ts'
import { Backups } from './backups.ts'
import { RestoreRefused, restoreBackup } from './restore.ts'

const cleanups: (() => void)[] = []
afterEach(() => cleanups.splice(0).forEach((fn) => fn()))

/** A verified backup of a small database, and a data folder holding another database to restore over. */
async function world() {
  const { dir, cleanup } = tempDir()
  cleanups.push(cleanup)
  const source = path.join(dir, 'source', 'keel.db')
  const db = openDatabase(source, { synchronous: 'normal' })
  const log = { info: () => {}, error: () => {} }
  const backups = new Backups({
    db,
    databaseFile: source,
    dir: path.join(dir, 'backups'),
    keep: { hourly: 2, daily: 0, weekly: 0 },
    method: 'vacuum-into',
    log,
    version: 'test',
  })
  const m = await backups.run('cli')
  db.close()
  expect(m.status, m.error ?? '').toBe('ok')
  const dataDir = path.join(dir, 'data')
  fs.mkdirSync(dataDir)
  fs.writeFileSync(path.join(dataDir, 'keel.db'), 'the database that was here')
  return { folder: path.join(dir, 'backups', m.id), dataDir }
}

describe('restore holds the data folder', () => {
  it('from start to end: a server cannot start on the folder while it runs, and the mark is gone after', async () => {
    const { folder, dataDir } = await world()
    const running = restoreBackup(folder, dataDir)
    expect(JSON.parse(fs.readFileSync(path.join(dataDir, PID_FILE), 'utf8'))).toMatchObject({ pid: process.pid, holder: 'restore' })
    expect(() => markRunning(path.join(dataDir, 'keel.db'))).toThrow(/A keel restore \(pid \d+, .*\) is running on/)
    // And a second restore refuses too.
    await expect(restoreBackup(folder, dataDir)).rejects.toThrow(RestoreRefused)
    const r = await running
    expect(r.setAside).toHaveLength(1)
    expect(fs.existsSync(path.join(dataDir, PID_FILE))).toBe(false)
  })

  it('refuses under a live server mark; re-checks before the renames and changes nothing if the folder was taken', async () => {
    const { folder, dataDir } = await world()
    const release = markRunning(path.join(dataDir, 'keel.db'))
    await expect(restoreBackup(folder, dataDir)).rejects.toThrow(/A Keel server \(pid \d+.*stop it first/)
    release()

    const running = restoreBackup(folder, dataDir)
    // Someone deletes the restore's mark during verification and a server takes the folder.
    fs.rmSync(path.join(dataDir, PID_FILE))
    const server = claimFolder(dataDir, 'server')
    await expect(running).rejects.toThrow(/no longer this restore's/)
    expect(fs.readFileSync(path.join(dataDir, 'keel.db'), 'utf8')).toBe('the database that was here')
    expect(fs.readdirSync(dataDir).sort()).toEqual(['keel.db', PID_FILE])
    expect(server.held()).toBe(true)
    server.release()
  })
})
