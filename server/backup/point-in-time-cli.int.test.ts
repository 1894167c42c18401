import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'
import { connectClient, startServer, tempDir, textOf, waitFor } from '../test/harness.ts'

const run = promisify(execFile)
const CLI = path.resolve(import.meta.dirname, '..', '..', 'scripts', 'keel.mjs')
/** A command expected to fail: its exit code and output. */
const failing = (args: string[], env: NodeJS.ProcessEnv) =>
  run(process.execPath, [CLI, ...args], { env }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => e,
  )

describe('keel restore --at', () => {
  const cleanups: (() => unknown)[] = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })

  it('rewinds a backup, and a stopped data folder, to a second into new folders and reports it; refuses a running source, the future and no source', async () => {
    const { dir, cleanup } = tempDir()
    cleanups.push(cleanup)
    const live = path.join(dir, 'live')
    const server = await startServer({}, live)
    cleanups.push(server.close)
    const client = connectClient(server.wsUrl, 'cli-pitr', { acks: true })
    cleanups.push(client.destroy)
    await client.synced()
    client.doc.getText('text').insert(0, 'before')
    await waitFor(client.allAcked, 'the first edit acknowledged')
    // The second the first edit was committed in; the next edit lands in a later one.
    const second = Math.floor(Date.now() / 1000) * 1000
    await new Promise((r) => setTimeout(r, second + 1000 + 20 - Date.now()))
    client.doc.getText('text').insert(6, ' and after')
    await waitFor(client.allAcked, 'the second edit acknowledged')
    const at = `${new Date(second).toISOString().slice(0, 19)}Z`

    const env = { ...process.env, KEEL_DATA_DIR: live, KEEL_BACKUP_DIR: path.join(dir, 'backups'), KEEL_LOG_LEVEL: 'silent' }
    const fresh = path.join(dir, 'fresh')
    const running = await failing(['restore', '--from-data-dir', live, '--at', at, '--data-dir', fresh], env)
    expect(running.code).toBe(1)
    expect(running.stderr).toContain(`is running on ${live}: stop it first; --from-data-dir reads a stopped server's folder`)
    const future = await failing(['restore', '--from-data-dir', live, '--at', '2099-01-01 00:00', '--data-dir', fresh], env)
    expect(future.code).toBe(1)
    expect(future.stderr).toMatch(/--at 2099-01-01 00:00 is in the future/)
    const noSource = await failing(['restore', '--at', at], env)
    expect(noSource.code).toBe(1)
    expect(noSource.stderr).toContain('usage: keel restore <backup id or folder> [--at')

    // A backup taken now (after the time) is a source too: `keel restore <backup> --at`.
    const now = await run(process.execPath, [CLI, 'backup', 'now'], { env })
    const id = /Backup (\S+):/.exec(now.stdout)![1]!
    const fromBackup = await run(process.execPath, [CLI, 'restore', id, '--at', at, '--data-dir', path.join(dir, 'from-backup')], { env })
    expect(fromBackup.stdout).toContain(`Restored backup ${id} (`)
    expect(fromBackup.stdout).toMatch(/rewound {2}1 document \(1 update dropped\): cli-pitr \(page, 1\)/)

    client.destroy()
    await server.close()
    const restored = await run(process.execPath, [CLI, 'restore', '--from-data-dir', live, '--at', at, '--data-dir', fresh], { env })
    expect(restored.stdout).toContain(`Restored the data folder's database into ${path.join(fresh, 'keel.db')}.`)
    expect(restored.stdout).toContain(`Rewound to ${new Date(second + 999).toISOString().replace('T', ' ').replace('Z', '')} UTC, from the update log:`)
    expect(restored.stdout).toMatch(/rewound {2}1 document \(1 update dropped\): cli-pitr \(page, 1\)/)
    expect(restored.stdout).toContain('as in the source (no log): accounts, members')

    const again = await startServer({}, fresh)
    cleanups.push(again.close)
    const reader = connectClient(again.wsUrl, 'cli-pitr')
    cleanups.push(reader.destroy)
    await reader.synced()
    expect(textOf(reader.doc)).toBe('before')
  })
})
