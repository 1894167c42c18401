import { execFile } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'
import Database from 'better-sqlite3'
import { openDatabase } from '../db/open.ts'
import { connectClient, startServer, tempDir, textOf, waitFor } from '../test/harness.ts'
import { DATABASE } from './catalog.ts'

const run = promisify(execFile)
/** A command expected to fail: its exit code and stderr. */
const failing = (args: string[], env: NodeJS.ProcessEnv) =>
  run(process.execPath, [CLI, ...args], { env }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => e,
  )
const CLI = path.resolve(import.meta.dirname, '..', '..', 'scripts', 'keel.mjs')

describe('keel backup now | list, keel restore', () => {
  const cleanups: (() => unknown)[] = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })

  it('backs up a running server, lists it, refuses to restore under it, and restores into a new folder', async () => {
    const { dir, cleanup } = tempDir()
    cleanups.push(cleanup)
    const live = path.join(dir, 'live')
    const backups = path.join(dir, 'backups')
    const server = await startServer({}, live)
    cleanups.push(server.close)
    const client = connectClient(server.wsUrl, 'cli-doc', { acks: true })
    await client.synced()
    client.doc.getText('text').insert(0, 'written before the backup')
    await waitFor(client.allAcked, 'the edit acknowledged')
    client.destroy()

    const env = { ...process.env, KEEL_DATA_DIR: live, KEEL_BACKUP_DIR: backups, KEEL_LOG_LEVEL: 'silent' }
    const now = await run(process.execPath, [CLI, 'backup', 'now'], { env })
    const id = /Backup (\S+): .* integrity ok, \d+ documents\./.exec(now.stdout)?.[1]
    expect(id, now.stdout + now.stderr).toBeDefined()
    const list = await run(process.execPath, [CLI, 'backup', 'list'], { env })
    expect(list.stdout).toMatch(new RegExp(`${id}\\s+ok\\s+cli\\s+[\\d.]+ MiB`))

    const verified = await run(process.execPath, [CLI, 'backup', 'verify'], { env })
    expect(verified.stdout).toContain(`${id}: ok (checksums and integrity)`)

    const refused = await failing(['restore', id!], env)
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain(`is running on ${live}: stop it first`)

    const fresh = path.join(dir, 'fresh')
    const restored = await run(process.execPath, [CLI, 'restore', id!, '--data-dir', fresh], { env })
    expect(restored.stdout).toContain(`Restored backup ${id}`)
    // The key that seals webhook secrets is not in backups: the operator is told to bring it.
    expect(fs.existsSync(path.join(backups, id!, 'keel-secret.key'))).toBe(false)
    expect(restored.stdout).toContain('No keel-secret.key in this data folder')
    expect(fs.existsSync(path.join(fresh, DATABASE))).toBe(true)
    const again = await startServer({}, fresh)
    cleanups.push(again.close)
    const reader = connectClient(again.wsUrl, 'cli-doc')
    await reader.synced()
    expect(textOf(reader.doc)).toBe('written before the backup')
    reader.destroy()

    const missing = await failing(['restore', 'no-such-backup', '--data-dir', fresh], env)
    expect(missing.code).toBe(1)
    expect(missing.stderr).toContain('no backup no-such-backup')
    // A stored backup that rotted is found by verify (exit 1), before a restore needs it.
    const db = path.join(backups, id!, DATABASE)
    const bytes = fs.readFileSync(db)
    bytes[bytes.length - 100]! ^= 0xff
    fs.writeFileSync(db, bytes)
    const rotten = await failing(['backup', 'verify', id!], env)
    expect(rotten.code).toBe(1)
    expect(rotten.stdout).toContain(`${id}: FAILED: backup ${id} is damaged: keel.db does not match its checksum`)
    const usage = await failing(['backup'], env)
    expect(usage.code).toBe(2)
  })

  it('backup now, list and verify leave the live database alone: one at an older schema stays at it', async () => {
    const { dir, cleanup } = tempDir()
    cleanups.push(cleanup)
    const live = path.join(dir, 'live')
    const file = path.join(live, DATABASE)
    // A database as the previous version left it: the newest migration undone.
    const db = openDatabase(file, { synchronous: 'normal' })
    const latest = db.pragma('user_version', { simple: true }) as number
    db.exec('DROP TABLE instance_settings')
    db.pragma(`user_version = ${latest - 1}`)
    db.close()
    const env = { ...process.env, KEEL_DATA_DIR: live, KEEL_BACKUP_DIR: path.join(dir, 'backups'), KEEL_LOG_LEVEL: 'silent' }
    const now = await run(process.execPath, [CLI, 'backup', 'now'], { env })
    expect(now.stdout).toMatch(/integrity ok/)
    await run(process.execPath, [CLI, 'backup', 'list'], { env })
    await run(process.execPath, [CLI, 'backup', 'verify'], { env })
    const after = new Database(file, { readonly: true })
    cleanups.push(() => after.close())
    expect(after.pragma('user_version', { simple: true })).toBe(latest - 1)
    expect(after.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE name = 'instance_settings'`).get()).toEqual({ n: 0 })
  })
})
