import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { startChildServer } from '../../server/test/child-server.ts'
import { connectClient, sameState, type TestClient, tempDir, textOf, waitFor } from '../../server/test/harness.ts'
import { figures, int, prng, size, sleep } from './helpers.ts'

/**
 * Offline across a crash: one client goes offline and makes 500 edits while the server is
 * SIGKILLed and restarted (another client keeps editing through it, its edits retried across the
 * outage); then it reconnects. All replicas, and a fresh client, must converge: equal state
 * vectors and equal JSON.
 */
const SEEDS = size(3, 50)
const OFFLINE_EDITS = 500

function edit(c: TestClient, rand: () => number, label: string, n: number): void {
  const t = c.doc.getText('text')
  const list = c.doc.getArray<string>('items')
  for (let i = 0; i < n; i++) {
    const r = rand()
    if (r < 0.6) t.insert(int(rand, t.length + 1), `${label}${i} `)
    else if (r < 0.8 && t.length > 4) t.delete(int(rand, t.length - 2), 2)
    else if (r < 0.9) list.insert(int(rand, list.length + 1), [`${label}${i}`])
    else c.doc.getMap('meta').set(`k${i % 7}`, `${label}${i}`)
  }
}

describe('offline edits across a server crash', () => {
  const cleanups: (() => unknown)[] = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })

  it(`${SEEDS} seeds: 500 offline edits, SIGKILL and restart, reconnect, every replica converges`, async () => {
    const started = Date.now()
    const { dir, cleanup } = tempDir('keel-offline-crash-')
    cleanups.push(cleanup)
    let server = await startChildServer({ KEEL_DATA_DIR: dir, KEEL_COMPACT_EVERY: '50' })
    cleanups.push(() => server.kill())
    const convergeMs: number[] = []
    for (let seed = 1; seed <= SEEDS; seed++) {
      const rand = prng(seed)
      const docId = `offline-${seed}`
      const offline = connectClient(server.wsUrl, docId, { acks: true })
      const online = connectClient(server.wsUrl, docId, { acks: true })
      await Promise.all([offline.synced(), online.synced()])
      online.doc.getText('text').insert(0, 'shared start. ')
      await waitFor(() => textOf(offline.doc) === 'shared start. ' && online.allAcked(), 'base text everywhere')

      offline.provider.disconnect()
      edit(offline, rand, 'off', OFFLINE_EDITS / 2)
      edit(online, rand, 'on', 40)
      // Kill while the online client's last edits may be in flight, then edit on both sides
      // while the server is down.
      await sleep(int(rand, 20))
      const port = server.port
      await server.kill()
      edit(offline, rand, 'off2-', OFFLINE_EDITS / 2)
      edit(online, rand, 'down', 20)
      server = await startChildServer({ KEEL_DATA_DIR: dir, KEEL_COMPACT_EVERY: '50' }, port)
      edit(online, rand, 'after', 20)
      const reconnectAt = Date.now()
      offline.provider.connect()
      await waitFor(
        () => offline.provider.synced && online.provider.synced && offline.allAcked() && online.allAcked(),
        `seed ${seed}: all acknowledged`,
        20_000,
      )
      await waitFor(() => sameState(offline.doc, online.doc), `seed ${seed}: convergence`, 10_000)
      convergeMs.push(Date.now() - reconnectAt)
      const fresh = connectClient(server.wsUrl, docId)
      await fresh.synced()
      for (const c of [fresh, offline, online]) {
        c.doc.getText('text')
        c.doc.getArray('items')
        c.doc.getMap('meta')
      }
      expect(Y.encodeStateVector(fresh.doc), `seed ${seed}: fresh client's state vector`).toEqual(Y.encodeStateVector(online.doc))
      expect(sameState(fresh.doc, online.doc), `seed ${seed}: fresh client converged`).toBe(true)
      expect(sameState(fresh.doc, offline.doc), `seed ${seed}: offline client converged`).toBe(true)
      for (const c of [fresh, offline, online]) c.destroy()
    }
    figures('offline-crash', {
      seeds: SEEDS,
      offlineEdits: OFFLINE_EDITS,
      converged: convergeMs.length,
      reconnectToConvergedMsMax: Math.max(...convergeMs),
      seconds: (Date.now() - started) / 1000,
    })
  })
})
