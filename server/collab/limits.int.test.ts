import { afterEach, describe, expect, it } from 'vitest'
import { limits } from '#shared/limits'
import { CloseCode } from '#shared/protocol/index'
import { connectClient, rawSocket, startServer, textOf, waitFor } from '../test/harness.ts'

describe('per-document limits', () => {
  const cleanups: (() => unknown)[] = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })

  it('refuses an update that would take the document past its size limit, keeping what was stored', async () => {
    const server = await startServer({ limits: { ...limits, maxDocumentBytes: 4096 } })
    cleanups.push(server.close)
    const writer = connectClient(server.wsUrl, 'big', { acks: true })
    const reader = connectClient(server.wsUrl, 'big')
    cleanups.push(writer.destroy, reader.destroy)
    await Promise.all([writer.synced(), reader.synced()])
    writer.doc.getText('text').insert(0, 'small and fine')
    await waitFor(writer.allAcked, 'small edit acknowledged')
    const closed = new Promise<number>((resolve) => writer.provider.once('connection-close', (e) => resolve(e?.code ?? 0)))
    writer.doc.getText('text').insert(0, 'x'.repeat(5000))
    expect(await closed).toBe(CloseCode.DocumentTooLarge)
    // Final code: the provider does not reconnect and resend the same update forever.
    expect(writer.provider.shouldConnect).toBe(false)
    await new Promise((r) => setTimeout(r, 100))
    expect(textOf(reader.doc)).toBe('small and fine')
    expect(server.app.store.meta('big')!.lastSeq).toBe(1)
  })

  it('turns away a socket past the per-document connection limit, and only that one', async () => {
    const server = await startServer({ limits: { ...limits, maxConnectionsPerDocument: 3 } })
    cleanups.push(server.close)
    const clients = [0, 1, 2].map(() => connectClient(server.wsUrl, 'crowded'))
    cleanups.push(...clients.map((c) => c.destroy))
    await Promise.all(clients.map((c) => c.synced()))
    const fourth = await rawSocket(server.wsUrl, 'crowded')
    expect((await fourth.closed).code).toBe(CloseCode.TooManyConnections)
    // Another document is not affected.
    const elsewhere = connectClient(server.wsUrl, 'quiet')
    cleanups.push(elsewhere.destroy)
    await elsewhere.synced()
    clients[0]!.doc.getText('text').insert(0, 'still here')
    await waitFor(() => textOf(clients[2]!.doc) === 'still here', 'edit delivered')
  })

  it('loads a document once for many concurrent joins, and every joiner sees the stored state', async () => {
    const server = await startServer()
    cleanups.push(server.close)
    const first = connectClient(server.wsUrl, 'popular', { acks: true })
    await first.synced()
    first.doc.getText('text').insert(0, 'stored before the crowd')
    await waitFor(first.allAcked, 'acknowledged')
    first.destroy()
    const loadsBefore = server.app.registry.stats.loads
    const crowd = Array.from({ length: 40 }, () => connectClient(server.wsUrl, 'popular'))
    cleanups.push(...crowd.map((c) => c.destroy))
    await Promise.all(crowd.map((c) => c.synced()))
    for (const c of crowd) expect(textOf(c.doc)).toBe('stored before the crowd')
    // The room was still loaded (idle delay), so the crowd caused no load at all.
    expect(server.app.registry.stats.loads).toBe(loadsBefore)
  })

  it('unloads an idle document only after its delay, then reloads it once for a crowd', async () => {
    const server = await startServer({ unloadDelayMs: 30 })
    cleanups.push(server.close)
    const first = connectClient(server.wsUrl, 'idle', { acks: true })
    await first.synced()
    first.doc.getText('text').insert(0, 'persisted')
    await waitFor(first.allAcked, 'acknowledged')
    first.destroy()
    await waitFor(() => server.app.registry.get('idle') === undefined, 'unloaded')
    const loadsBefore = server.app.registry.stats.loads
    const crowd = Array.from({ length: 20 }, () => connectClient(server.wsUrl, 'idle'))
    cleanups.push(...crowd.map((c) => c.destroy))
    await Promise.all(crowd.map((c) => c.synced()))
    expect(server.app.registry.stats.loads).toBe(loadsBefore + 1)
    for (const c of crowd) expect(textOf(c.doc)).toBe('persisted')
  })
})
