import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { CloseCode } from '#shared/protocol/index'
import { openDatabase } from '../db/open.ts'
import { SqliteStore } from '../store/sqlite-store.ts'
import type { AppendRecord } from '../store/store.ts'
import { connectClient, startServer, tempDir, textOf, waitFor } from '../test/harness.ts'

/** The real store, with a switch that makes commits fail the way a full disk does. */
class FlakyStore extends SqliteStore {
  failing = false
  override append(records: readonly AppendRecord[]): number[] {
    if (this.failing) throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' })
    return super.append(records)
  }
}

describe('when the disk refuses a commit', () => {
  const cleanups: (() => unknown)[] = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })

  it('acknowledges nothing, tells the clients (4500), and loses nothing once the disk recovers', async () => {
    const { dir, cleanup } = tempDir()
    cleanups.push(cleanup)
    const db = openDatabase(path.join(dir, 'keel.db'), { synchronous: 'normal' })
    const store = new FlakyStore(db)
    const server = await startServer({}, dir, { db, store })
    cleanups.push(server.close)
    const writer = connectClient(server.wsUrl, 'disk', { acks: true })
    const reader = connectClient(server.wsUrl, 'disk')
    cleanups.push(writer.destroy, reader.destroy)
    await Promise.all([writer.synced(), reader.synced()])
    writer.doc.getText('text').insert(0, 'before. ')
    await waitFor(() => textOf(reader.doc) === 'before. ' && writer.allAcked(), 'first edit stored')

    store.failing = true
    const codes: number[] = []
    writer.provider.on('connection-close', (e) => codes.push(e?.code ?? 0))
    reader.provider.on('connection-close', (e) => codes.push(e?.code ?? 0))
    writer.doc.getText('text').insert(8, 'during the outage.')
    await waitFor(() => codes.includes(CloseCode.StorageUnavailable), 'clients told to retry')
    // Nothing uncommitted was broadcast: the reader never saw the edit.
    expect(textOf(reader.doc)).toBe('before. ')
    expect(server.app.store.meta('disk')!.lastSeq).toBe(1)

    store.failing = false
    // 4500 is transient: the providers reconnect, the writer's sync step 2 carries the edit again.
    await waitFor(() => textOf(reader.doc) === 'before. during the outage.', 'edit delivered after recovery', 15_000)
    await waitFor(writer.allAcked, 'edit acknowledged after recovery', 15_000)
    const fresh = connectClient(server.wsUrl, 'disk')
    cleanups.push(fresh.destroy)
    await fresh.synced()
    expect(textOf(fresh.doc)).toBe('before. during the outage.')
  })
})
