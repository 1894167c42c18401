import fs from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CloseCode, MessageType } from '#shared/protocol/index'
import { connectClient, rawSocket, type RawSocket, type TestClient, tempDir, waitFor } from '../../server/test/harness.ts'
import { FLOOD, frame, kinds, uint, type Kind } from './malformed-kinds.ts'
import { anonMapsOf, FULL, figures, int, nextProbe, settledProbe, percentile, prng, rssKindsOf, rssOf, size, sleep, startProbedServer } from './helpers.ts'

/**
 * Malformed input barrage against a child server: 20+ kinds of bad input, many of each, four
 * offenders at a time, while a bystander edits (watched by another client) and a pinger sends
 * QueryAwareness every 10 ms. Pass: the server stays up; each offender is closed with its
 * documented code within 1 s (a spoofed awareness entry is ignored, not closed); the bystander's
 * edit-to-watcher latency p99 < 100 ms; no gap over 200 ms in the pinger's replies (the event
 * loop was never blocked that long) and the same from inside (probe's event-loop delay); the live
 * heap and RSS back within +20% of the warmed-up baseline, both measured idle after a full GC.
 */
const REPS = size(10, 200)
/** The rate-limit flood sends 4,500 frames per offence: fewer repetitions keep the suite short. */
const FLOOD_REPS = size(2, 20)
const CONCURRENCY = 4

describe('malformed input barrage', () => {
  let server: Awaited<ReturnType<typeof startProbedServer>>
  let bystander: TestClient
  let watcher: TestClient
  let cleanupDir: () => void

  beforeAll(async () => {
    const { dir, cleanup } = tempDir('keel-malformed-')
    cleanupDir = cleanup
    // synchronous=NORMAL: this suite measures input handling. With FULL every commit's fsync runs
    // on the event loop, and this VM's disk alone stalls it for 250-500 ms at times (see
    // docs/RELIABILITY.md, "Known limits"); KEEL_SYNC=full reproduces that.
    server = await startProbedServer({ KEEL_DATA_DIR: dir, KEEL_PROBE_MS: '250', KEEL_SYNC: process.env.KEEL_SYNC ?? 'normal' })
    bystander = connectClient(server.wsUrl, 'shared', { acks: true })
    watcher = connectClient(server.wsUrl, 'shared')
    await Promise.all([bystander.synced(), watcher.synced()])
  })
  afterAll(async () => {
    bystander?.destroy()
    watcher?.destroy()
    await server?.stop()
    cleanupDir?.()
  })

  it(`${kinds.length + 1} kinds × ${REPS} (flood × ${FLOOD_REPS}): offenders closed with their code, bystanders unharmed`, async () => {
    const started = Date.now()
    const rand = prng(777)
    const ctx = { spoofClientId: bystander.doc.clientID, ownerCookie: server.fixture.owner.cookie }
    bystander.provider.awareness.setLocalStateField('cursor', { at: 1 })
    await waitFor(() => watcher.provider.awareness.getStates().get(bystander.doc.clientID)?.cursor?.at === 1, 'presence')
    const bystanderCloses: number[] = []
    bystander.provider.on('connection-close', (e) => bystanderCloses.push(e?.code ?? 0))

    // The pinger: QueryAwareness every 10 ms; the longest gap between replies bounds how long
    // the server's event loop was ever blocked (from outside, as a user would feel it).
    const pinger = await rawSocket(server.wsUrl, 'shared')
    let lastReply = 0
    let maxGap = 0
    let replies = 0
    let measuring = false
    pinger.ws.on('message', () => {
      const now = performance.now()
      if (measuring && lastReply > 0) maxGap = Math.max(maxGap, now - lastReply)
      lastReply = now
      replies++
    })
    const ping = frame(uint(MessageType.QueryAwareness))

    // The bystander edits every 20 ms; the watcher timestamps each edit's arrival.
    const sentAt = new Map<string, number>()
    const latencies: number[] = []
    const lat = watcher.doc.getMap<number>('lat')
    lat.observe((e) => {
      const now = performance.now()
      for (const key of e.keysChanged) {
        const t = sentAt.get(key)
        if (t !== undefined) latencies.push(now - t)
      }
    })
    let editN = 0
    // Pinging and editing start after the baseline, so that it is measured idle like the end.
    let pinging: NodeJS.Timeout | undefined
    let editing: NodeJS.Timeout | undefined
    const startLoad = (): void => {
      pinging = setInterval(() => pinger.ws.send(ping), 10)
      editing = setInterval(() => {
        const key = `e${editN++ % 50}`
        sentAt.set(key, performance.now())
        bystander.doc.getMap<number>('lat').set(key, editN)
      }, 20)
    }

    const closeMs: number[] = []
    const wrong: string[] = []
    const counts = new Map<string, number>()
    let harmless = 0
    const spoofers: RawSocket[] = []
    const offend = async (kind: Kind): Promise<void> => {
      const [name, make] = kind
      const o = make(rand, ctx)
      const sock = await rawSocket(server.wsUrl, o.docId ?? 'shared', o.query ?? '', { cookie: o.cookie })
      const t0 = performance.now()
      for (const f of o.frames) sock.ws.send(f)
      // The 1 s budget is judged in the full run; npm test's fast run waits for a hang only (but
      // 1 s for what may stay open harmlessly, which is no failure either way).
      const wait = FULL || o.expect === 'closed-or-harmless' || o.expect === 'ignored' ? 1000 : 10_000
      const closed = await Promise.race([sock.closed, sleep(wait).then(() => null)])
      counts.set(name, (counts.get(name) ?? 0) + 1)
      if (o.expect === 'ignored') {
        if (closed) wrong.push(`${name}: closed ${closed.code}, expected to be ignored`)
        spoofers.push(sock)
        return
      }
      if (closed === null) {
        if (o.expect === 'closed-or-harmless') harmless++
        else wrong.push(`${name}: not closed within ${FULL ? 1 : 10} s`)
        sock.ws.terminate()
        return
      }
      closeMs.push(performance.now() - t0)
      const code = o.expect === 'closed-or-harmless' ? CloseCode.MalformedMessage : o.expect
      if (closed.code !== code && !(o.orReset && closed.code === 1006)) wrong.push(`${name}: closed ${closed.code}, expected ${code}`)
    }

    // Warm-up: each kind once, then the baseline (RSS settled after a full GC, from the probe and
    // from /proc).
    for (const k of [...kinds, FLOOD]) await offend(k)
    spoofers.splice(0).forEach((s) => s.ws.close())
    const base = await settledProbe(server, { reset: true })
    const baseProcRss = rssOf(server.process.pid!)
    const baseKinds = rssKindsOf(server.process.pid!)
    const baseMaps = anonMapsOf(server.process.pid!)
    startLoad()
    measuring = true
    lastReply = 0
    latencies.length = 0

    // The barrage: every (kind, repetition), shuffled, four offenders at a time.
    const queue: Kind[] = []
    // KEEL_MALFORMED_KINDS=a,b narrows the barrage to some kinds (to find which one hurts).
    const only = process.env.KEEL_MALFORMED_KINDS?.split(',')
    for (const k of [...kinds, FLOOD]) {
      if (only && !only.includes(k[0])) continue
      for (let i = 0; i < (k === FLOOD ? FLOOD_REPS : REPS); i++) queue.push(k)
    }
    for (let i = queue.length - 1; i > 0; i--) {
      const j = int(rand, i + 1)
      ;[queue[i], queue[j]] = [queue[j]!, queue[i]!]
    }
    const total = queue.length
    let peakRss = 0
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let k = queue.shift(); k; k = queue.shift()) {
          await offend(k)
          if (spoofers.length > 20) spoofers.splice(0).forEach((s) => s.ws.close())
          peakRss = Math.max(peakRss, rssOf(server.process.pid!))
        }
      }),
    )
    measuring = false
    clearInterval(editing)
    clearInterval(pinging)
    spoofers.splice(0).forEach((s) => s.ws.close())

    // The bystander's presence was never taken over, and it was never disconnected.
    const state = watcher.provider.awareness.getStates().get(bystander.doc.clientID)
    expect(state?.user?.name).toBe('Test Owner')
    expect(bystanderCloses).toEqual([])
    await waitFor(bystander.allAcked, 'bystander edits acknowledged')
    const health = (await (await fetch(`${server.url}/api/health`)).json()) as { ok: boolean; connections: number }
    expect(health.ok).toBe(true)

    // Memory back to baseline once the offenders are gone and the server has been idle a while.
    await sleep(1000)
    const during = await nextProbe(server)
    if (process.env.KEEL_PROBE_CPU) fs.writeFileSync(`${server.probeFile}.stopprof`, '')
    const after = await settledProbe(server)
    const afterProcRss = rssOf(server.process.pid!)
    pinger.ws.close()

    const p99 = percentile(latencies, 99)
    figures('malformed', {
      sync: process.env.KEEL_SYNC ?? 'normal',
      kinds: kinds.length + 1,
      offences: total,
      wrong: wrong.length,
      harmlessRandom: harmless,
      closeMsP99: percentile(closeMs, 99),
      closeMsMax: Math.max(...closeMs),
      bystanderEdits: latencies.length,
      editLatencyMsP50: percentile(latencies, 50),
      editLatencyMsP99: p99,
      pingReplies: replies,
      pingGapMsMax: maxGap,
      loopDelayMsMax: during.loopDelayMaxMs,
      rssBaseMiB: base.rss / 2 ** 20,
      rssAfterMiB: after.rss / 2 ** 20,
      procRssBaseMiB: baseProcRss / 2 ** 20,
      procRssPeakMiB: peakRss / 2 ** 20,
      procRssAfterMiB: afterProcRss / 2 ** 20,
      heapBaseMiB: base.heapUsed / 2 ** 20,
      heapAfterMiB: after.heapUsed / 2 ** 20,
      heapTotalBaseMiB: base.heapTotal / 2 ** 20,
      heapTotalAfterMiB: after.heapTotal / 2 ** 20,
      heapSpacesGrownMiB:
        Object.entries(after.spaces)
          .map(([name, bytes]) => [name, (bytes - (base.spaces[name] ?? 0)) / 2 ** 20] as const)
          .filter(([, grown]) => Math.abs(grown) >= 1)
          .map(([name, grown]) => `${name}:${grown.toFixed(1)}`)
          .join(',') || 'none',
      // Memory outside V8's heap (native: glibc, SQLite, sockets): printed, not asserted.
      outsideHeapGrowthPct: ((after.rss - after.heapTotal) / (base.rss - base.heapTotal) - 1) * 100,
      externalBaseMiB: base.external / 2 ** 20,
      externalAfterMiB: after.external / 2 ** 20,
      anonBaseMiB: baseKinds.anon / 2 ** 20,
      anonAfterMiB: rssKindsOf(server.process.pid!).anon / 2 ** 20,
      ...Object.fromEntries(Object.entries(baseMaps).map(([k, v]) => [`${k}BaseMiB`, v / 2 ** 20])),
      ...Object.fromEntries(Object.entries(anonMapsOf(server.process.pid!)).map(([k, v]) => [`${k}AfterMiB`, v / 2 ** 20])),
      seconds: (Date.now() - started) / 1000,
    })
    expect(wrong.slice(0, 20)).toEqual([])
    if (!only) for (const [name] of kinds) expect(counts.get(name), name).toBe(REPS + 1)
    expect(latencies.length).toBeGreaterThan(10)
    if (FULL) {
      // The latency budget is a service level, judged in the dedicated reliability run on a quiet
      // machine (`npm run test:reliability`). In `npm test` the same figures are printed above and
      // only a hang fails (no close within 10 s, a reply gap of 5 s): a timing assert there fails
      // whenever the machine is busy, which says nothing about the code (docs/RELIABILITY.md).
      expect(Math.max(...closeMs)).toBeLessThan(1000)
      expect(p99).toBeLessThan(100)
      expect(maxGap).toBeLessThan(200)
      expect(during.loopDelayMaxMs).toBeLessThan(200)
    } else {
      expect(Math.max(...closeMs)).toBeLessThan(10_000)
      expect(maxGap).toBeLessThan(5_000)
    }
    // Both after the same idle wait and full GC (settledProbe): live JS objects, and the process.
    expect(after.heapUsed).toBeLessThan(base.heapUsed * 1.2)
    expect(after.rss).toBeLessThan(base.rss * 1.2)
  })
})
