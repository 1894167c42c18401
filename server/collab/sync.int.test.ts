import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { connectClient, sameState, startServer, type TestClient, type TestServer, tempDir, textOf, waitFor } from '../test/harness.ts'

describe('sync over the real server', () => {
  const cleanups: (() => unknown)[] = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })
  const track = <T extends TestClient | (TestServer & { dir: string })>(x: T): T => {
    cleanups.push('destroy' in x ? x.destroy : x.close)
    return x
  }

  it('two clients converge on concurrent edits', async () => {
    const server = track(await startServer())
    const a = track(connectClient(server.wsUrl, 'doc-a'))
    const b = track(connectClient(server.wsUrl, 'doc-a'))
    await Promise.all([a.synced(), b.synced()])
    a.doc.getText('text').insert(0, 'hello ')
    b.doc.getText('text').insert(0, 'world ')
    await waitFor(() => textOf(a.doc).length === 12 && textOf(b.doc).length === 12, 'both edits everywhere')
    expect(textOf(a.doc)).toBe(textOf(b.doc))
    expect(sameState(a.doc, b.doc)).toBe(true)
  })

  it('a late joiner receives everything, and the REST content matches', async () => {
    const server = track(await startServer())
    const a = track(connectClient(server.wsUrl, 'late', { acks: true }))
    await a.synced()
    const text = a.doc.getText('text')
    for (let i = 0; i < 50; i++) text.insert(text.length, `${i},`)
    await waitFor(a.allAcked, 'all 50 updates acknowledged')
    expect(a.sent()).toBe(51) // the sync step 2 answering the server's step 1, then 50 updates
    const late = track(connectClient(server.wsUrl, 'late'))
    await late.synced()
    expect(textOf(late.doc)).toBe(textOf(a.doc))
    const meta = (await (await fetch(`${server.url}/api/docs/late`, { headers: { cookie: server.fixture.owner.cookie } })).json()) as {
      lastSeq: number
      live: unknown
    }
    expect(meta.lastSeq).toBe(50)
    expect(meta.live).toEqual({ loaded: true, connections: 2 })
  })

  it('acknowledges only after the update is in SQLite, and a restart keeps everything', async () => {
    const { dir, cleanup } = tempDir()
    cleanups.push(cleanup)
    const server = await startServer({}, dir)
    const a = connectClient(server.wsUrl, 'restart', { acks: true })
    await a.synced()
    a.doc.getText('text').insert(0, 'durable')
    await waitFor(() => a.sent() === 2 && a.allAcked(), 'ack')
    // The ack says it is on disk: read the file directly, not through the server.
    const rows = server.app.store.history('restart', 10)
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ seq: 1, userId: server.fixture.owner.id })
    a.destroy()
    await server.close()

    const again = track(await startServer({}, dir))
    const b = track(connectClient(again.wsUrl, 'restart'))
    await b.synced()
    expect(textOf(b.doc)).toBe('durable')
  })

  it('sends no Keel message to an unmodified y-websocket client', async () => {
    const server = track(await startServer())
    const plain = track(connectClient(server.wsUrl, 'plain'))
    const errors: unknown[] = []
    const original = console.error
    console.error = (...args: unknown[]) => errors.push(args)
    try {
      await plain.synced()
      plain.doc.getText('text').insert(0, 'x')
      const other = track(connectClient(server.wsUrl, 'plain'))
      await other.synced()
      await waitFor(() => textOf(other.doc) === 'x', 'edit delivered')
      // y-websocket logs 'Unable to compute message' for any type it does not know.
      expect(errors).toEqual([])
    } finally {
      console.error = original
    }
  })

  it('compacts the log into a snapshot and still loads every update', async () => {
    const { dir, cleanup } = tempDir()
    cleanups.push(cleanup)
    const server = await startServer({ compactEveryUpdates: 20, unloadDelayMs: 50 }, dir)
    const a = connectClient(server.wsUrl, 'compact', { acks: true })
    await a.synced()
    const text = a.doc.getText('text')
    // Five rounds of 15 committed updates: the log passes 20 after rounds 2 and 4.
    for (let round = 1; round <= 5; round++) {
      for (let i = 0; i < 15; i++) text.insert(text.length, 'ab')
      await waitFor(() => a.sent() === 1 + 15 * round && a.allAcked(), `round ${round} acknowledged`)
      await new Promise((r) => setImmediate(r)) // compaction runs right after the commit
    }
    // Where exactly it compacts depends on how commits batch; the invariants do not.
    expect(server.app.registry.stats.compactions).toBeGreaterThanOrEqual(2)
    const meta = server.app.store.meta('compact')!
    expect(meta.lastSeq).toBe(75)
    expect(meta.snapshotSeq).toBeGreaterThanOrEqual(40)
    expect(meta.logCount).toBe(meta.lastSeq - meta.snapshotSeq)
    a.destroy()
    // Unload after the idle delay compacts what is left.
    await waitFor(() => server.app.registry.size === 0, 'room unloaded')
    expect(server.app.store.meta('compact')!.logCount).toBe(0)
    await server.close()
    const again = track(await startServer({}, dir))
    const b = track(connectClient(again.wsUrl, 'compact'))
    await b.synced()
    expect(textOf(b.doc)).toBe('ab'.repeat(75))
  })

  it('answers a sync step 1 of a reconnecting client with only what it lacks', async () => {
    const server = track(await startServer())
    const a = track(connectClient(server.wsUrl, 'resync', { acks: true }))
    await a.synced()
    a.doc.getText('text').insert(0, 'one')
    await waitFor(a.allAcked, 'ack')
    const b = track(connectClient(server.wsUrl, 'resync'))
    await b.synced()
    b.provider.disconnect()
    a.doc.getText('text').insert(3, ' two')
    await waitFor(() => a.sent() === 3 && a.allAcked(), 'second ack')
    b.provider.connect()
    await waitFor(() => textOf(b.doc) === 'one two', 'catch-up after reconnect')
    expect(sameState(a.doc, b.doc)).toBe(true)
  })

  it('keeps presence per connection, stamped with the account, and removes it when the socket goes', async () => {
    const server = track(await startServer())
    const ada = server.fixture.user('Ada', 'editor')
    const a = track(connectClient(server.wsUrl, server.fixture.ensureDoc('presence'), { cookie: ada.cookie }))
    const b = track(connectClient(server.wsUrl, 'presence'))
    // Ada claims to be someone else: the server puts her account's identity in instead.
    a.provider.awareness.setLocalStateField('user', { id: 'x', name: 'The CEO', color: '#f00' })
    await waitFor(() => b.provider.awareness.getStates().get(a.doc.clientID)?.user?.name === 'Ada', 'presence seen')
    expect(b.provider.awareness.getStates().get(a.doc.clientID)?.user?.id).toBe(ada.id)
    a.destroy()
    await waitFor(() => !b.provider.awareness.getStates().has(a.doc.clientID), 'presence removed')
  })

  it('converges three clients on a shared Y.Doc with random edits', async () => {
    const server = track(await startServer())
    const clients = [0, 1, 2].map(() => track(connectClient(server.wsUrl, 'three', { acks: true })))
    await Promise.all(clients.map((c) => c.synced()))
    let seed = 7
    const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647
    for (let i = 0; i < 300; i++) {
      const c = clients[Math.floor(rand() * 3)]!
      const text = c.doc.getText('text')
      if (text.length > 0 && rand() < 0.3) text.delete(Math.floor(rand() * text.length), 1)
      else text.insert(Math.floor(rand() * (text.length + 1)), String.fromCharCode(97 + Math.floor(rand() * 26)))
      if (i % 50 === 0) await new Promise((r) => setTimeout(r, 1))
    }
    await waitFor(() => sameState(clients[0]!.doc, clients[1]!.doc) && sameState(clients[1]!.doc, clients[2]!.doc), 'convergence')
    const fresh = track(connectClient(server.wsUrl, 'three'))
    await fresh.synced()
    expect(textOf(fresh.doc)).toBe(textOf(clients[0]!.doc))
    expect(Y.encodeStateVector(fresh.doc)).toEqual(Y.encodeStateVector(clients[0]!.doc))
  })
})
