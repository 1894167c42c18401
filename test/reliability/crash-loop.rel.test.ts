import { afterEach, describe, expect, it } from 'vitest'
import { FAULT_POINTS } from '../../server/collab/faults.ts'
import { type ChildServer, startChildServer } from '../../server/test/child-server.ts'
import { connectClient, type TestClient, tempDir, textOf } from '../../server/test/harness.ts'
import { writer } from '../../server/test/writer.ts'
import { figures, hasExited, int, integrityCheck, markersIn, prng, size, sleep } from './helpers.ts'

/**
 * Crash loop: the real server in a child process, 8 writers on 3 documents, SIGKILLed at a random
 * moment or at a named point of the commit path (KEEL_FAULT, server/collab/faults.ts), restarted,
 * again and again. After each restart fresh clients (no local state) read what the server holds:
 * every acknowledged marker must be there, none twice; the file must pass integrity_check.
 */
const TRIALS = size(10, 200)
const DOCS = ['crash-0', 'crash-1', 'crash-2']
const WRITERS = 8
const MODES = ['random', ...FAULT_POINTS] as const

/** How many times a point is reached in a trial's ~half second of typing (nth is drawn below it). */
const reach: Record<(typeof FAULT_POINTS)[number], number> = {
  'before-commit': 150,
  'after-commit-before-ack': 150,
  'after-broadcast-before-ack': 150,
  'during-compaction': 4,
  'during-unload': 3,
}

describe('crash loop', () => {
  const cleanups: (() => unknown)[] = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })

  it(`keeps every acknowledged update over ${TRIALS} SIGKILLs (random and at named fault points)`, async () => {
    const started = Date.now()
    const { dir, cleanup } = tempDir('keel-crash-loop-')
    cleanups.push(cleanup)
    const rand = prng(20240601)
    const acked = new Map<string, Set<string>>(DOCS.map((d) => [d, new Set()]))
    const killedAt: Record<string, number> = {}
    const fallbackKills: Record<string, number> = {}
    const killedBeforeSync: Record<string, number> = {}
    let checks = 0

    /** Fresh clients read each document: every acknowledged marker present, none duplicated. */
    const verify = (readers: { docId: string; client: TestClient }[]) => {
      for (const docId of DOCS) {
        const reader = readers.find((r) => r.docId === docId)!.client
        const { unique, duplicated } = markersIn(textOf(reader.doc))
        expect(duplicated, `${docId}: duplicated markers`).toEqual([])
        const missing = [...acked.get(docId)!].filter((m) => !unique.has(m))
        expect(missing, `${docId}: acknowledged but lost (${missing.length}) e.g. ${missing.slice(0, 5).join(' ')}`).toEqual([])
        checks++
      }
    }

    for (let trial = 0; trial < TRIALS; trial++) {
      const mode = MODES[trial % MODES.length]!
      const nth = mode === 'random' ? 0 : 1 + int(rand, reach[mode])
      const server: ChildServer = await startChildServer({
        KEEL_DATA_DIR: dir,
        KEEL_COMPACT_EVERY: '40',
        KEEL_UNLOAD_DELAY_MS: '20',
        ...(mode === 'random' ? {} : { KEEL_FAULT: `${mode}:${nth}` }),
      })
      const clients = Array.from({ length: WRITERS }, (_, i) => ({
        docId: DOCS[i % DOCS.length]!,
        client: connectClient(server.wsUrl, DOCS[i % DOCS.length]!, { acks: true }),
      }))
      // A fault point can fire while the writers are still syncing (a compaction reached early):
      // then the server is gone and they never will. Wait for either, never forever.
      const syncDeadline = Date.now() + 20_000
      while (!clients.every((c) => c.client.provider.synced) && !hasExited(server)) {
        if (Date.now() > syncDeadline) throw new Error(`trial ${trial} (${mode}:${nth}): writers not synced after 20 s, server alive`)
        await sleep(5)
      }
      if (hasExited(server)) {
        // Killed by its fault point before any writer typed: nothing was acknowledged in this
        // trial; the next restart's fresh writers check everything acknowledged before it.
        expect(server.process.signalCode, `trial ${trial}: died before sync by its fault point (${mode}:${nth}), not a crash`).toBe('SIGKILL')
        expect(mode).not.toBe('random')
        killedBeforeSync[mode] = (killedBeforeSync[mode] ?? 0) + 1
        clients.forEach((c) => c.client.destroy())
        await server.kill()
        expect(integrityCheck(dir), `integrity after trial ${trial} (${mode}:${nth}, before sync)`).toBe('ok')
        continue
      }
      // The writers are fresh (no local state): what they synced is what the server holds.
      verify(clients)
      const writers = clients.map((c, i) => ({ docId: c.docId, w: writer(c.client, `t${trial}w${i}`), client: c.client }))
      const typing = setInterval(() => writers.forEach((w) => w.w.type()), 2)
      // Churn: every 120 ms one document's writers all leave for 60 ms, so its room unloads
      // (20 ms idle delay, compacting on the way out) and reloads while others keep typing.
      let churn = 0
      const churning = setInterval(() => {
        const docId = DOCS[churn++ % DOCS.length]
        const leaving = writers.filter((w) => w.docId === docId)
        leaving.forEach((w) => w.client.provider.disconnect())
        setTimeout(() => leaving.forEach((w) => w.client.provider.connect()), 60)
      }, 120)
      if (mode === 'random') {
        await sleep(150 + rand() * 450)
      } else {
        // Wait for the fault point to fire; if this trial never reaches it, kill anyway.
        const deadline = Date.now() + 2000
        while (!hasExited(server) && Date.now() < deadline) await sleep(5)
      }
      const byFault = hasExited(server)
      await server.kill()
      clearInterval(typing)
      clearInterval(churning)
      if (mode !== 'random') (byFault ? killedAt : fallbackKills)[mode] = ((byFault ? killedAt : fallbackKills)[mode] ?? 0) + 1
      else killedAt.random = (killedAt.random ?? 0) + 1
      for (const w of writers) for (const m of w.w.acknowledged()) acked.get(w.docId)!.add(m)
      clients.forEach((c) => c.client.destroy())
      expect(integrityCheck(dir), `integrity after trial ${trial} (${mode}:${nth})`).toBe('ok')
    }

    // Last restart, no fault armed: fresh readers, then a clean stop and a final integrity check.
    const server = await startChildServer({ KEEL_DATA_DIR: dir })
    const readers = DOCS.map((docId) => ({ docId, client: connectClient(server.wsUrl, docId) }))
    await Promise.all(readers.map((r) => r.client.synced()))
    verify(readers)
    let markers = 0
    for (const r of readers) markers += markersIn(textOf(r.client.doc)).all.length
    readers.forEach((r) => r.client.destroy())
    expect(await server.stop()).toBe(0)
    const integrity = integrityCheck(dir)
    expect(integrity).toBe('ok')
    const totalAcked = [...acked.values()].reduce((n, s) => n + s.size, 0)
    expect(totalAcked).toBeGreaterThan(TRIALS * 20)
    figures('crash-loop', {
      trials: TRIALS,
      writers: WRITERS,
      docs: DOCS.length,
      acked: totalAcked,
      stored: markers,
      lost: 0,
      duplicated: 0,
      checks,
      integrity,
      kills: Object.entries(killedAt)
        .map(([k, v]) => `${k}:${v}`)
        .join(','),
      notReached:
        Object.entries(fallbackKills)
          .map(([k, v]) => `${k}:${v}`)
          .join(',') || 'none',
      beforeSync:
        Object.entries(killedBeforeSync)
          .map(([k, v]) => `${k}:${v}`)
          .join(',') || 'none',
      seconds: (Date.now() - started) / 1000,
    })
  })
})
