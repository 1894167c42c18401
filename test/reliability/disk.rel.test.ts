import path from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { CloseCode, MessageType } from '#shared/protocol/index'
import { startChildServer } from '../../server/test/child-server.ts'
import { connectClient, tempDir, textOf, waitFor } from '../../server/test/harness.ts'
import { figures, integrityCheck, sleep } from './helpers.ts'

/**
 * Disk trouble: another connection holds the database's write lock (BEGIN IMMEDIATE) for longer
 * than busy_timeout (2 s). Nothing may be acknowledged while locked, clients are told (4500), and
 * nothing is lost once the lock is released. (A full disk is simulated in
 * server/collab/storage-failure.int.test.ts.)
 */
describe('a locked database', () => {
  const cleanups: (() => unknown)[] = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })

  it('acknowledges nothing while locked, closes with 4500, and loses nothing after release', async () => {
    const { dir, cleanup } = tempDir('keel-locked-')
    cleanups.push(cleanup)
    const server = await startChildServer({ KEEL_DATA_DIR: dir })
    cleanups.push(() => server.kill())
    const writer = connectClient(server.wsUrl, 'locked', { acks: true })
    const reader = connectClient(server.wsUrl, 'locked')
    cleanups.push(writer.destroy, reader.destroy)
    await Promise.all([writer.synced(), reader.synced()])
    writer.doc.getText('text').insert(0, 'before. ')
    await waitFor(() => writer.allAcked() && textOf(reader.doc) === 'before. ', 'first edit stored')

    const codes: number[] = []
    writer.provider.on('connection-close', (e) => codes.push(e?.code ?? 0))
    const lock = new Database(path.join(dir, 'keel.db'))
    lock.pragma('busy_timeout = 5000')
    lock.prepare('BEGIN IMMEDIATE').run()
    const lockedAt = Date.now()
    // Count every Ack frame that arrives while the lock is held.
    let ackedWhileLocked = 0
    let locked = true
    const handlers = writer.provider.messageHandlers
    const original = handlers[MessageType.Ack]!
    handlers[MessageType.Ack] = (...args: Parameters<typeof original>) => {
      if (locked) ackedWhileLocked++
      original(...args)
    }
    const text = writer.doc.getText('text')
    for (let i = 0; i < 20; i++) text.insert(text.length, `<locked:${i}>`)
    await waitFor(() => codes.includes(CloseCode.StorageUnavailable), 'clients told (4500)', 10_000)
    // Hold the lock a little longer than one busy_timeout and keep checking: no ack arrives.
    await sleep(4000 - (Date.now() - lockedAt))
    expect(textOf(reader.doc)).toBe('before. ')
    locked = false
    lock.prepare('COMMIT').run()
    lock.close()
    const releasedAt = Date.now()
    await waitFor(() => writer.allAcked() && textOf(reader.doc) === textOf(writer.doc), 'edits stored after release', 20_000)
    const recoveredMs = Date.now() - releasedAt
    const fresh = connectClient(server.wsUrl, 'locked')
    cleanups.push(fresh.destroy)
    await fresh.synced()
    for (let i = 0; i < 20; i++) expect(textOf(fresh.doc)).toContain(`<locked:${i}>`)
    await server.stop()
    const integrity = integrityCheck(dir)
    figures('disk-locked', {
      lockedMs: releasedAt - lockedAt,
      closes4500: codes.filter((c) => c === CloseCode.StorageUnavailable).length,
      ackedWhileLocked,
      recoveredMs,
      lost: 0,
      integrity,
    })
    expect(ackedWhileLocked).toBe(0)
    expect(integrity).toBe('ok')
  })
})
