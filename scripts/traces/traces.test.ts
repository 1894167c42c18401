/**
 * Real-world editing traces (read from ../shared/data/editing-traces/, never copied into the repo):
 * sequential replay on strings and Y.Text, concurrent traces turned into Yjs updates that converge in
 * any order, and a networked replay over an in-process relay with random bounded delays.
 * Every test is skipped, with a message, when the traces folder is absent.
 */
import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { buildConcurrentUpdatesWithStats, TEXT_NAME, textFromUpdates, type ConcurrentUpdate } from './concurrent.ts'
import { replayConcurrentOnClients } from './concurrent-replay.ts'
import { hasTraces, loadConcurrentTrace, loadSequentialTrace, MISSING_TRACES_MESSAGE, tracesDir, type ConcurrentTrace } from './load.ts'
import { applySequentialTxns, codePointToUtf16, CodePointBuffer, replaySequentialPlain, type PatchTxn } from './sequential.ts'

const missing = !hasTraces()
if (missing) console.warn(`[traces.test] ${MISSING_TRACES_MESSAGE} (looked in ${tracesDir()})`)
const skipNote = missing ? ` [SKIPPED: ${MISSING_TRACES_MESSAGE}]` : ''

/** mulberry32: small seeded PRNG in [0, 1). */
function prng(seed: number): () => number {
  let s = seed | 0
  return () => {
    s = (s + 0x6d2b79f5) | 0
    let t = Math.imul(s ^ (s >>> 15), 1 | s)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function shuffled<T>(items: readonly T[], rand: () => number): T[] {
  const out = [...items]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1))
    const tmp = out[i]!
    out[i] = out[j]!
    out[j] = tmp
  }
  return out
}

const built = new Map<string, { trace: ConcurrentTrace; updates: ConcurrentUpdate[] }>()
function concurrent(name: string): { trace: ConcurrentTrace; updates: ConcurrentUpdate[] } {
  let entry = built.get(name)
  if (!entry) {
    const trace = loadConcurrentTrace(name)
    const r = buildConcurrentUpdatesWithStats(trace)
    console.info(
      `[traces] ${name}: built ${r.updates.length} updates in ${r.elapsedMs.toFixed(0)} ms ` +
        `(${r.catchUpApplies} catch-up applies, ${r.extraBranches} extra branches)`,
    )
    entry = { trace, updates: r.updates }
    built.set(name, entry)
  }
  return entry
}

describe('helpers (no trace data needed)', () => {
  it('CodePointBuffer splices by code point', () => {
    const b = new CodePointBuffer('a😀c')
    b.splice(1, 1, 'é𝄞')
    b.splice(3, 0, 'x')
    expect(b.toString()).toBe('aé𝄞xc')
    expect(() => b.splice(4, 2, '')).toThrow(RangeError)
  })

  it('Y.Text replay converts code points to UTF-16 for non-BMP text', () => {
    expect(codePointToUtf16('a😀c', 2)).toBe(3)
    const doc = new Y.Doc()
    const text = doc.getText(TEXT_NAME)
    const txns: PatchTxn[] = [
      { patches: [[0, 0, 'a😀c']] },
      {
        patches: [
          [2, 1, '𝄞d'],
          [1, 1, ''],
        ],
      },
    ]
    applySequentialTxns(text, txns)
    const plain = replaySequentialPlain({ startContent: '', txns })
    expect(plain).toBe('a𝄞d')
    expect(text.toString()).toBe(plain)
  })
  it('buildConcurrentUpdates handles forks, merges, delete-only, no-op and non-BMP txns', () => {
    const trace: ConcurrentTrace = {
      kind: 'concurrent',
      endContent: 'Zb😀Y',
      numAgents: 2,
      txns: [
        { parents: [], agent: 0, patches: [[0, 0, 'ab😀']] }, // ab😀
        { parents: [0], agent: 1, patches: [[3, 0, 'X']] }, // ab😀X
        { parents: [0], agent: 0, patches: [[0, 1, '']] }, // b😀 (delete-only)
        { parents: [1, 2], agent: 1, patches: [[2, 1, 'Y']] }, // b😀X -> b😀Y
        { parents: [0], agent: 0, patches: [[1, 0, 'Z']] }, // aZb😀: agent 0 without its own txn 2
        { parents: [3, 4], agent: 1, patches: [] }, // no-op
      ],
    }
    const r = buildConcurrentUpdatesWithStats(trace)
    expect(r.extraBranches).toBe(1)
    expect(r.updates.map((u) => u.clientID)).toEqual([1, 2, 1, 2, 3, 2])
    // Yjs clocks count UTF-16 units: 'ab😀' is 4
    expect(r.updates[3]!.deps).toEqual(
      new Map([
        [1, 4],
        [2, 1],
      ]),
    )
    expect(r.updates[4]!.deps).toEqual(new Map([[1, 4]]))
    const perms = (xs: Uint8Array[]): Uint8Array[][] =>
      xs.length <= 1 ? [xs] : xs.flatMap((x, i) => perms([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p]))
    const all = perms(r.updates.map((u) => u.update))
    expect(all).toHaveLength(720)
    for (const order of all) expect(textFromUpdates(order)).toBe(trace.endContent)
  })
})

describe(`sequential traces${skipNote}`, () => {
  for (const name of ['automerge-paper', 'seph-blog1']) {
    it.skipIf(missing)(`${name}: plain-string replay == endContent`, () => {
      const trace = loadSequentialTrace(name)
      expect(trace.startContent).toBe('')
      expect(replaySequentialPlain(trace)).toBe(trace.endContent)
    })
  }

  it.skipIf(missing)(
    'seph-blog1: Y.Text replay (one transaction per txn, in batches) == endContent',
    () => {
      const trace = loadSequentialTrace('seph-blog1')
      const doc = new Y.Doc()
      const text = doc.getText(TEXT_NAME)
      let updates = 0
      doc.on('update', () => updates++)
      const batch = 10_000
      let ms = 0
      for (let from = 0; from < trace.txns.length; from += batch) {
        ms += applySequentialTxns(text, trace.txns, from, Math.min(from + batch, trace.txns.length))
      }
      console.info(`[traces] seph-blog1: Y.Text replay of ${trace.txns.length} txns in ${ms.toFixed(0)} ms`)
      expect(updates).toBe(trace.txns.length)
      expect(text.toString()).toBe(trace.endContent)
    },
    60_000,
  )
})

describe(`concurrent traces${skipNote}`, () => {
  for (const name of ['friendsforever', 'clownschool']) {
    it.skipIf(missing)(
      `${name}: generated updates applied in order == endContent`,
      () => {
        const { trace, updates } = concurrent(name)
        expect(updates).toHaveLength(trace.txns.length)
        updates.forEach((u, i) => {
          expect(u.txnIndex).toBe(i)
          expect(u.agent).toBe(trace.txns[i]!.agent)
        })
        expect(new Set(updates.map((u) => u.agent)).size).toBe(trace.numAgents)
        expect(textFromUpdates(updates.map((u) => u.update))).toBe(trace.endContent)
      },
      60_000,
    )

    it.skipIf(missing)(
      `${name}: generated updates in a seeded shuffled order (merged in random groups) == endContent`,
      () => {
        const { trace, updates } = concurrent(name)
        // Applying ~25k causally-shuffled updates one by one is quadratic in Yjs's pending-struct
        // handling (minutes), so the shuffled stream is merged into groups first (Y.mergeUpdates
        // accepts any order); the groups themselves are still applied out of causal order.
        const order = shuffled(updates, prng(0x5eed))
        const groups: Uint8Array[] = []
        for (let i = 0; i < order.length; i += 256) groups.push(Y.mergeUpdates(order.slice(i, i + 256).map((u) => u.update)))
        expect(textFromUpdates(groups)).toBe(trace.endContent)
        expect(textFromUpdates([...groups].reverse())).toBe(trace.endContent)
      },
      60_000,
    )

    it.skipIf(missing)(
      `${name}: networked replay over a delayed in-process relay converges`,
      async () => {
        const { trace, updates } = concurrent(name)
        const rand = prng(0xc0ffee)
        const maxDelayMs = 2
        const clients = Array.from({ length: trace.numAgents }, () => ({ doc: new Y.Doc() }))
        let inFlight = 0
        let delivered = 0
        let onIdle: (() => void) | null = null
        clients.forEach((from) => {
          from.doc.on('update', (update: Uint8Array, origin: unknown) => {
            if (origin !== 'trace') return // relay only local edits; relayed ones arrive with 'relay'
            for (const to of clients) {
              if (to === from) continue
              inFlight++
              setTimeout(
                () => {
                  Y.applyUpdate(to.doc, update, 'relay')
                  delivered++
                  if (--inFlight === 0) onIdle?.()
                },
                Math.floor(rand() * (maxDelayMs + 1)),
              )
            }
          })
        })
        const timing = await replayConcurrentOnClients(updates, clients, { timeoutMs: 10_000 })
        if (inFlight > 0) await new Promise<void>((r) => (onIdle = r))
        console.info(
          `[traces] ${name}: networked replay of ${updates.length} txns on ${clients.length} clients in ` +
            `${timing.elapsedMs.toFixed(0)} ms; ` +
            timing.agents
              .map((a) => `agent ${a.agent}: ${a.txns} txns, ${a.waits} waits (${a.waitedMs.toFixed(0)} ms, max ${a.maxWaitMs.toFixed(1)} ms)`)
              .join('; '),
        )
        expect(delivered).toBe(updates.filter((u) => u.update.length > 2).length * (clients.length - 1))
        for (const c of clients) expect(c.doc.getText(TEXT_NAME).toString()).toBe(trace.endContent)
        expect(timing.agents.reduce((n, a) => n + a.txns, 0)).toBe(updates.length)
      },
      60_000,
    )
  }
})
