import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { connectClient, type TestClient, tempDir, waitFor } from '../../server/test/harness.ts'
import { fdsOf, figures, nextProbe, prng, rssKindsOf, sleep, startProbedServer } from './helpers.ts'

/**
 * Soak (full only): 50 clients editing for 10 minutes (KEEL_SOAK_SECONDS shortens it) against a
 * child server, with reconnect churn. After warm-up (the first 20%), RSS and GC'd heap may grow
 * at most 5%, the WAL stays bounded, and open file descriptors do not grow.
 *
 * Workload: each client appends to and trims the front of its own Y.Text (only that, so its
 * clocks stay consecutive and its tombstones merge into one). Yjs keeps deleted items as
 * tombstones, so a workload that inserts and deletes at random positions grows every replica by
 * design (a first version that also overwrote a Y.Map key grew the heap 11% in 60 s that way);
 * this one keeps the document's size steady so that any growth measured is a leak, not content.
 */
const SECONDS = Number(process.env.KEEL_SOAK_SECONDS ?? 600)
const CLIENTS = 50
const DOCS = 5
/** Diagnostics (docs/RELIABILITY.md, soak finding): KEEL_SOAK_CHURN=0 / KEEL_SOAK_EDITS=0 turn one load off. */
const CHURN = process.env.KEEL_SOAK_CHURN !== '0'
/**
 * SQLite's page cache is bounded (KEEL_SQLITE_CACHE_KIB, 16,000 KiB by default) and fills as the
 * file's working set grows: at the soak's write rate the default cache is still filling after
 * 10 minutes, which reads as steady RSS growth (+6.9 %) though it stops at the bound. A 1,000 KiB
 * cache is full before the baseline is taken, so what the 5 % check sees is anything else: a leak.
 * (240 s, edits only: +5.9 MiB anonymous and still climbing with the default, +3.1 MiB and flat
 * with 1,000 KiB; docs/RELIABILITY.md.)
 */
const CACHE_KIB = process.env.KEEL_SQLITE_CACHE_KIB ?? '1000'
const EDITS = process.env.KEEL_SOAK_EDITS !== '0'

// Selected by vite.config.ts only in the full suite or when KEEL_SOAK_SECONDS is set.
describe('soak', () => {
  const cleanups: (() => unknown)[] = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })

  it(`${CLIENTS} clients for ${SECONDS} s: memory, WAL and fds stay bounded`, async () => {
    const { dir, cleanup } = tempDir('keel-soak-')
    cleanups.push(cleanup)
    const server = await startProbedServer({ KEEL_DATA_DIR: dir, KEEL_PROBE_MS: '1000', KEEL_SQLITE_CACHE_KIB: CACHE_KIB })
    cleanups.push(() => server.kill())
    const rand = prng(5)
    const clients: TestClient[] = Array.from({ length: CLIENTS }, (_, i) => connectClient(server.wsUrl, `soak-${i % DOCS}`, { acks: true }))
    cleanups.push(() => clients.forEach((c) => c.destroy()))
    await Promise.all(clients.map((c) => c.synced()))
    let edits = 0
    const editing = setInterval(() => {
      if (!EDITS) return
      for (const c of clients) {
        if (rand() < 0.5) continue
        edits++
        const t = c.doc.getText(`t${c.doc.clientID}`)
        t.insert(t.length, 'word ')
        if (t.length > 200) t.delete(0, 100)
      }
    }, 200)
    const churning = setInterval(() => {
      if (!CHURN) return
      const c = clients[Math.floor(rand() * CLIENTS)]!
      c.provider.disconnect()
      setTimeout(() => c.provider.connect(), 300)
    }, 1000)
    const wal = path.join(dir, 'keel.db-wal')
    const samples: { t: number; rss: number; heap: number; heapTotal: number; external: number; anon: number; file: number; fds: number; wal: number }[] = []
    const started = Date.now()
    while (Date.now() - started < SECONDS * 1000) {
      await sleep(Math.min(5000, Math.max(1000, (SECONDS * 1000) / 40)))
      const p = await nextProbe(server, { gc: true })
      samples.push({
        t: (Date.now() - started) / 1000,
        rss: p.rss,
        heap: p.heapUsed,
        heapTotal: p.heapTotal,
        external: p.external,
        ...rssKindsOf(server.process.pid!),
        fds: fdsOf(server.process.pid!),
        wal: fs.existsSync(wal) ? fs.statSync(wal).size : 0,
      })
    }
    clearInterval(editing)
    clearInterval(churning)
    await waitFor(() => clients.every((c) => c.provider.shouldConnect === false || c.allAcked()), 'all acknowledged', 20_000)
    const warm = samples.filter((s) => s.t >= SECONDS * 0.2)
    const base = warm[0]!
    const tail = warm.slice(-3)
    const avg = (k: 'rss' | 'heap' | 'heapTotal' | 'external' | 'anon' | 'file' | 'fds') => tail.reduce((n, s) => n + s[k], 0) / tail.length
    const rssGrowth = (avg('rss') / base.rss - 1) * 100
    const heapGrowth = (avg('heap') / base.heap - 1) * 100
    const walMax = Math.max(...samples.map((s) => s.wal))
    figures('soak', {
      seconds: SECONDS,
      clients: CLIENTS,
      sqliteCacheKiB: Number(CACHE_KIB),
      edits,
      rssBaseMiB: base.rss / 2 ** 20,
      rssEndMiB: avg('rss') / 2 ** 20,
      rssGrowthPct: rssGrowth,
      heapBaseMiB: base.heap / 2 ** 20,
      heapEndMiB: avg('heap') / 2 ** 20,
      heapGrowthPct: heapGrowth,
      // Where growth is: V8's committed heap, Buffers/ArrayBuffers, anonymous vs file-backed RSS.
      heapTotalBaseMiB: base.heapTotal / 2 ** 20,
      heapTotalEndMiB: avg('heapTotal') / 2 ** 20,
      externalBaseMiB: base.external / 2 ** 20,
      externalEndMiB: avg('external') / 2 ** 20,
      rssAnonBaseMiB: base.anon / 2 ** 20,
      rssAnonEndMiB: avg('anon') / 2 ** 20,
      rssFileBaseMiB: base.file / 2 ** 20,
      rssFileEndMiB: avg('file') / 2 ** 20,
      walMaxMiB: walMax / 2 ** 20,
      fdsBase: base.fds,
      fdsEnd: avg('fds'),
    })
    // The trajectory after warm-up (MiB per sample): a plateau and a steady climb look alike in two numbers.
    console.log(`[reliability] soak rssMiB ${warm.map((x) => (x.rss / 2 ** 20).toFixed(1)).join(' ')}`)
    expect(rssGrowth).toBeLessThanOrEqual(5)
    expect(heapGrowth).toBeLessThanOrEqual(5)
    expect(walMax).toBeLessThan(64 * 2 ** 20)
    expect(avg('fds')).toBeLessThanOrEqual(base.fds + 2)
  })
})
