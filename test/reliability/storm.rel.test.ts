import { afterEach, describe, expect, it } from 'vitest'
import { limits } from '#shared/limits'
import { connectClient, startServer, type TestClient, tempDir, textOf, waitFor } from '../../server/test/harness.ts'
import { figures, size } from './helpers.ts'

/**
 * Reconnect storm: 300 clients on 30 documents; the server restarts (graceful close, a new
 * process-equivalent on the same port and file); every client reconnects at once. Each document
 * must be loaded exactly once (registry.stats.loads) and every client synced within 30 s.
 */
const CLIENTS = size(300, 300)
const DOCS = 30
/** Every client is the fixture owner: lift the per-user socket cap (100) above the crowd. */
const CAP = { limits: { ...limits, maxSocketsPerUser: CLIENTS + 10 } }

describe('reconnect storm', () => {
  const cleanups: (() => unknown)[] = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })

  it(`${CLIENTS} clients over ${DOCS} documents reconnect after a restart: one load per document, all synced < 30 s`, async () => {
    const { dir, cleanup } = tempDir('keel-storm-')
    cleanups.push(cleanup)
    let server = await startServer(CAP, dir)
    const port = server.port
    const clients: { docId: string; c: TestClient }[] = Array.from({ length: CLIENTS }, (_, i) => ({
      docId: `storm-${i % DOCS}`,
      c: connectClient(server.wsUrl, `storm-${i % DOCS}`, { acks: true }),
    }))
    cleanups.push(() => clients.forEach(({ c }) => c.destroy()))
    await Promise.all(clients.map(({ c }) => c.synced()))
    for (let d = 0; d < DOCS; d++) clients[d]!.c.doc.getText('text').insert(0, `doc ${d} before the restart. `)
    await waitFor(() => clients.every(({ c }) => c.allAcked()), 'first edits acknowledged', 20_000)
    let synced = 0
    for (const { c } of clients) c.provider.on('sync', (s: boolean) => void (s && synced++))

    await server.close()
    server = await startServer({ ...CAP, port }, dir)
    cleanups.push(() => server.close())
    const restarted = Date.now()
    await waitFor(
      () => synced >= CLIENTS && clients.every(({ c }) => c.provider.wsconnected && c.provider.synced),
      'every client reconnected and synced',
      30_000,
      20,
    )
    const syncedMs = Date.now() - restarted
    for (const { docId, c } of clients) expect(textOf(c.doc)).toContain(`doc ${docId.slice(6)} before the restart.`)
    // After the storm, one edit per document still flows.
    for (let d = 0; d < DOCS; d++) clients[d]!.c.doc.getText('text').insert(0, 'after. ')
    await waitFor(() => clients.every(({ c }) => textOf(c.doc).startsWith('after. ')), 'edits after the storm delivered', 20_000)
    const loads = server.app.registry.stats.loads
    figures('storm', { clients: CLIENTS, docs: DOCS, loads, syncedMs, connections: server.app.registry.connectionCount })
    expect(loads).toBe(DOCS)
    expect(syncedMs).toBeLessThan(30_000)
  })
})
