import { afterEach, describe, expect, it } from 'vitest'
import { buildConcurrentUpdates, TEXT_NAME } from '../../scripts/traces/concurrent.ts'
import { replayConcurrentOnClients } from '../../scripts/traces/concurrent-replay.ts'
import { hasTraces, loadConcurrentTrace, MISSING_TRACES_MESSAGE } from '../../scripts/traces/load.ts'
import { connectClient, startServer, type TestClient, waitFor } from '../test/harness.ts'

if (!hasTraces()) console.warn(MISSING_TRACES_MESSAGE)

describe('a real concurrent editing trace through the server', () => {
  const cleanups: (() => unknown)[] = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })

  it.skipIf(!hasTraces())('friendsforever (2 agents, 26k txns): both clients and a fresh reader end at endContent', async () => {
    const trace = loadConcurrentTrace('friendsforever')
    const updates = buildConcurrentUpdates(trace)
    const server = await startServer()
    cleanups.push(server.close)
    const clients: TestClient[] = [0, 1].map(() => connectClient(server.wsUrl, 'friendsforever', { acks: true }))
    cleanups.push(...clients.map((c) => c.destroy))
    await Promise.all(clients.map((c) => c.synced()))

    // Ready txns go out 20 to a frame with a 10 ms pause every 200: a fast typist's pace, well
    // inside the per-connection rate limit, with real waits whenever an agent needs the other's work.
    const timing = await replayConcurrentOnClients(updates, clients, { batch: 20, yieldEvery: 200, pauseMs: 10, timeoutMs: 20_000 })
    expect(timing.agents.reduce((n, a) => n + a.waits, 0)).toBeGreaterThan(100)
    for (const c of clients) {
      await waitFor(() => c.doc.getText(TEXT_NAME).toString() === trace.endContent, 'client reaches endContent', 20_000)
      await waitFor(c.allAcked, 'everything acknowledged', 20_000)
    }
    const reader = connectClient(server.wsUrl, 'friendsforever')
    cleanups.push(reader.destroy)
    await reader.synced()
    expect(reader.doc.getText(TEXT_NAME).toString()).toBe(trace.endContent)
  })
})
