import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { canonicalJson, connectClient, sameState, startServer, type TestServer, waitFor } from '../../server/test/harness.ts'
import { connectEditor, type EditorClient } from './editor-client.ts'
import { randomEditorEdit } from './editor-ops.ts'
import { figures, int, percentile, prng, size, sleep } from './helpers.ts'
import { FaultProxy } from './proxy.ts'
import { indexVersusRebuild } from './task-index.ts'

/**
 * Seeded randomized convergence: per seed, 5 real Tiptap editors (the app's extension set, task
 * blocks included; editor-client.ts) on one document, each through its own fault-injecting TCP
 * proxy connection (random per-chunk delays, connections cut, clients going offline and editing
 * there), making random editor commands (editor-ops.ts). Then the faults stop, and:
 *
 * - every replica, and a fresh client that only asks the server, hold equal state vectors and
 *   equal JSON; every editor shows the same ProseMirror document;
 * - the server's task index for the document equals one rebuilt from scratch.
 *
 * Seeds run CONCURRENT at a time over one server, each with its own proxy and project. A seed's
 * edits and faults are drawn from the seed; the network's timing is not, so a failing seed is
 * printed and replays its choices with KEEL_CONVERGENCE_SEED=<n> (a timing-dependent case may
 * need a few runs). Property tests of the pure parts (tree, task graph, task attrs) are in
 * shared/ (`*.property.test.ts`, fast-check).
 */
// KEEL_CONVERGENCE_SEEDS overrides the count (to time a sample, or to search longer).
const SEEDS = Number(process.env.KEEL_CONVERGENCE_SEEDS ?? size(50, 2000))
const CLIENTS = 5
// Concurrent seeds: the work is one thread (editors, happy-dom and server share it); more seeds
// at once fill the time each spends waiting for the network and the index's position pass.
const CONCURRENT = Number(process.env.KEEL_CONVERGENCE_CONCURRENCY ?? 8)
const ROUNDS = { min: 3, spread: 4 }
const EDITS_PER_ROUND = 4 // 0..3 per client per round

describe('seeded randomized convergence of real editors behind a faulty network', () => {
  let server: TestServer

  beforeAll(async () => {
    server = await startServer()
  })
  afterAll(async () => {
    await server?.close()
  })

  /** Everything needed to see a divergence, printed when a seed fails. */
  function dump(seed: number, docId: string, clients: EditorClient[]): string {
    const room = server.app.registry.get(docId)
    const sv = (d: Y.Doc) => JSON.stringify([...Y.decodeStateVector(Y.encodeStateVector(d))])
    const pending = (d: Y.Doc) => (d.store.pendingStructs ? ' pendingStructs' : '') + (d.store.pendingDs ? ' pendingDs' : '')
    return [
      `seed ${seed} diverged:`,
      ...clients.map((c, i) => `client ${i} (${c.doc.clientID}) sv=${sv(c.doc)}${pending(c.doc)} xml=${c.doc.getXmlFragment('default').toString()}`),
      room ? `server sv=${sv(room.doc)}${pending(room.doc)} xml=${room.doc.getXmlFragment('default').toString()}` : 'server: room unloaded',
    ].join('\n')
  }

  async function runSeed(seed: number): Promise<{ ops: number; applied: number; drops: number; tasks: number; ms: number }> {
    const started = Date.now()
    const r = prng(seed)
    const proxy = new FaultProxy(server.port, prng(seed ^ 0x5eed))
    // Faults change per seed: delays up to 0–30 ms on every chunk.
    proxy.maxDelayMs = int(r, 31)
    await proxy.listen()
    const { fixture } = server
    const projectId = fixture.directory.createProject(fixture.workspaceId, `conv-${seed}`).id
    const docId = fixture.ensureDoc(`conv-${seed}`, projectId)
    const clients = await Promise.all(
      Array.from({ length: CLIENTS }, (_, i) =>
        connectEditor(`ws://127.0.0.1:${proxy.port}`, docId, { cookie: fixture.owner.cookie, name: `c${i}`, host: `127.0.0.1:${server.port}` }),
      ),
    )
    try {
      let ops = 0
      let applied = 0
      const rounds = ROUNDS.min + int(r, ROUNDS.spread)
      for (let round = 0; round < rounds; round++) {
        for (const c of clients) {
          // Some clients edit while disconnected (offline edits), others while connected.
          const n = int(r, EDITS_PER_ROUND)
          for (let i = 0; i < n; i++, ops++) if (randomEditorEdit(c.editor, r).applied) applied++
        }
        const fault = r()
        if (fault < 0.25) proxy.dropOne()
        else if (fault < 0.35) clients[int(r, CLIENTS)]!.provider.disconnect()
        else if (fault < 0.5) for (const c of clients) if (!c.provider.shouldConnect) c.provider.connect()
        await sleep(int(r, 25))
      }
      proxy.maxDelayMs = 0
      for (const c of clients) if (!c.provider.shouldConnect) c.provider.connect()
      await waitFor(
        () => clients.every((c) => c.provider.wsconnected && c.provider.synced && c.allAcked()),
        `seed ${seed}: every client synced and acknowledged`,
        30_000,
      )
      try {
        await waitFor(() => clients.every((c) => sameState(c.doc, clients[0]!.doc)), `seed ${seed}: replicas equal`, 10_000)
      } catch (err) {
        console.error(dump(seed, docId, clients))
        throw err
      }
      const shown = canonicalJson(clients[0]!.editor.getJSON())
      for (const [i, c] of clients.entries()) expect(canonicalJson(c.editor.getJSON()), `seed ${seed}: editor ${i} shows the same document`).toBe(shown)
      const fresh = connectClient(server.wsUrl, docId)
      try {
        await fresh.synced()
        fresh.doc.getXmlFragment('default')
        expect(sameState(fresh.doc, clients[0]!.doc), `seed ${seed}: the server's state equals the replicas'`).toBe(true)
        expect(fresh.doc.getXmlFragment('default').toString()).toBe(clients[0]!.doc.getXmlFragment('default').toString())
      } finally {
        fresh.destroy()
      }
      const index = await indexVersusRebuild(server.app, projectId)
      expect(index.incremental, `seed ${seed}: the task index equals a rebuild from scratch`).toBe(index.rebuilt)
      return { ops, applied, drops: proxy.drops, tasks: index.tasks, ms: Date.now() - started }
    } finally {
      clients.forEach((c) => c.destroy())
      await proxy.close()
    }
  }

  it(`${SEEDS} seeds × ${CLIENTS} editors: every replica converges and the task index equals a rebuild`, async () => {
    const started = Date.now()
    const only = process.env.KEEL_CONVERGENCE_SEED
    const seeds = only ? [Number(only)] : Array.from({ length: SEEDS }, (_, i) => i + 1)
    const totals = { ops: 0, applied: 0, drops: 0, tasks: 0 }
    const seedMs: number[] = []
    let failed: string | null = null
    const queue = [...seeds]
    await Promise.all(
      Array.from({ length: CONCURRENT }, async () => {
        for (let seed = queue.shift(); seed !== undefined && !failed; seed = queue.shift()) {
          try {
            const res = await runSeed(seed)
            totals.ops += res.ops
            totals.applied += res.applied
            totals.drops += res.drops
            totals.tasks += res.tasks
            seedMs.push(res.ms)
          } catch (err) {
            failed = `seed ${seed} (replay: KEEL_CONVERGENCE_SEED=${seed}): ${(err as Error).message}`
          }
        }
      }),
    )
    figures('convergence', {
      seeds: seeds.length,
      clients: CLIENTS,
      concurrent: CONCURRENT,
      ...totals,
      seedMsP50: percentile(seedMs, 50),
      seedMsMax: Math.max(0, ...seedMs),
      failed: failed ? 1 : 0,
      seconds: (Date.now() - started) / 1000,
    })
    if (failed) console.error(`[reliability] convergence FAILED ${failed}`)
    expect(failed).toBeNull()
  })
})
