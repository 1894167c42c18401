import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { JsonNode } from '../api/docs.ts'
import { seeded } from '../testing/prng.ts'
import { h, p, ul } from '../templates/nodes.ts'
import { blockText } from './diff/inline.ts'
import { diffDocs } from './diff.ts'
import { doc, log, run, task } from './fixtures.ts'
import { DocDiffSchema, type DocDiff } from './types.ts'

/** Every block of either side exactly once; entries in `after` order; counts match the entries. */
function checkShape(before: JsonNode, after: JsonNode, d: DocDiff) {
  const nb = before.content?.length ?? 0
  const na = after.content?.length ?? 0
  const seenB = new Array<number>(nb).fill(0)
  const seenA = new Array<number>(na).fill(0)
  const afterOrder: number[] = []
  for (const e of d.entries) {
    if ('before' in e) seenB[e.before]!++
    if ('after' in e) {
      seenA[e.after]!++
      afterOrder.push(e.after)
    }
    // Key order aside, the fixtures build equal blocks identically, so JSON equality is deep equality.
    if ((e.kind === 'same' || e.kind === 'moved') && JSON.stringify(before.content![e.before]) !== JSON.stringify(after.content![e.after]))
      expect.fail(`${e.kind} ${e.before}→${e.after} differ`)
    // A word diff rebuilds both texts: equal + insert is after's, equal + delete is before's.
    if (e.kind === 'changed' && e.text) {
      expect(
        e.text
          .filter((o) => o.op !== 'delete')
          .map((o) => o.text)
          .join(''),
      ).toBe(blockText(after.content![e.after]!))
      expect(
        e.text
          .filter((o) => o.op !== 'insert')
          .map((o) => o.text)
          .join(''),
      ).toBe(blockText(before.content![e.before]!))
    }
  }
  expect(seenB.every((n) => n === 1)).toBe(true)
  expect(seenA.every((n) => n === 1)).toBe(true)
  expect(afterOrder).toEqual([...afterOrder].sort((x, y) => x - y))
  for (const k of ['added', 'removed', 'changed', 'moved'] as const) expect(d.counts[k]).toBe(d.entries.filter((e) => e.kind === k).length)
  expect(d.summary.length).toBeLessThanOrEqual(140)
  expect(DocDiffSchema.safeParse(d).success).toBe(true)
}

const WORDS = ['data', 'model', 'train', 'ship', 'label', 'audit', 'goals', 'risk']
const block = (rand: () => number, i: number): JsonNode => {
  const words = (n: number) => Array.from({ length: 1 + Math.floor(rand() * n) }, () => WORDS[Math.floor(rand() * WORDS.length)]!).join(' ')
  const pick = Math.floor(rand() * 6)
  if (pick === 0) return h(2, words(3))
  if (pick === 1) return ul(words(4), words(4))
  // Few distinct ids, so some tasks exist on both sides and some ids repeat.
  if (pick === 2) return task(`t-${Math.floor(rand() * 6)}000`, words(3), { status: rand() < 0.5 ? 'todo' : 'done' })
  if (pick === 3) return log(`log${Math.floor(rand() * 3)}`, [run('r1', { f1: Math.floor(rand() * 3) })])
  return p(rand() < 0.3 ? '' : words(6 + (i % 3)))
}

/** `after` made from `before` by random edits: deletes, inserts, moves, duplicates, text edits. */
function edit(before: JsonNode[], rand: () => number): JsonNode[] {
  const out = [...before]
  const n = Math.floor(rand() * 8)
  for (let k = 0; k < n; k++) {
    const i = Math.floor(rand() * (out.length + 1))
    const r = rand()
    if (r < 0.25 && out.length) out.splice(Math.min(i, out.length - 1), 1)
    else if (r < 0.5) out.splice(i, 0, block(rand, k))
    else if (r < 0.7 && out.length) {
      const [moved] = out.splice(Math.min(i, out.length - 1), 1)
      out.splice(Math.floor(rand() * (out.length + 1)), 0, moved!)
    } else if (r < 0.8 && out.length) out.splice(i, 0, out[Math.min(i, out.length - 1)]!)
    else if (out.length) {
      const j = Math.min(i, out.length - 1)
      out[j] = { ...out[j]!, content: [...(out[j]!.content ?? []), { type: 'text', text: ' edited' }] }
    }
  }
  return out
}

describe('diffDocs properties', () => {
  it('every block of either side appears exactly once, in after order (random docs and edits)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 0, max: 30 }), (seed, size) => {
        const rand = seeded(seed)
        const before = Array.from({ length: size }, (_, i) => block(rand, i))
        const after = rand() < 0.2 ? Array.from({ length: Math.floor(rand() * 30) }, (_, i) => block(rand, i)) : edit(before, rand)
        checkShape(doc(...before), doc(...after), diffDocs(doc(...before), doc(...after)))
      }),
      { numRuns: 400 },
    )
  })

  it('holds under tiny limits too (positional tail, no word budget)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (seed) => {
        const rand = seeded(seed)
        const before = Array.from({ length: 20 }, (_, i) => block(rand, i))
        const after = edit(before, rand)
        const d = diffDocs(doc(...before), doc(...after), { maxDiffBlocks: 5, maxInlineDiffChars: 10, maxDiffTextChars: 30 })
        checkShape(doc(...before), doc(...after), d)
      }),
      { numRuns: 200 },
    )
  })

  it('a document diffed with itself is all same', () => {
    const rand = seeded(7)
    const blocks = Array.from({ length: 50 }, (_, i) => block(rand, i))
    const d = diffDocs(doc(...blocks), doc(...(JSON.parse(JSON.stringify(blocks)) as JsonNode[])))
    expect(d.entries.every((e) => e.kind === 'same')).toBe(true)
    expect(d.summary).toBe('No changes')
  })
})

describe('diffDocs bounds', () => {
  it('past maxDiffBlocks compares by position and says it is truncated', () => {
    const before = doc(...Array.from({ length: 10 }, (_, i) => p(`para ${i}`)))
    const after = doc(...Array.from({ length: 12 }, (_, i) => p(i === 8 ? 'para eight' : `para ${i}`)))
    const d = diffDocs(before, after, { maxDiffBlocks: 5, maxInlineDiffChars: 1000, maxDiffTextChars: 1000 })
    expect(d.truncated).toBe(true)
    expect(d.entries.slice(5)).toEqual([
      { kind: 'same', before: 5, after: 5 },
      { kind: 'same', before: 6, after: 6 },
      { kind: 'same', before: 7, after: 7 },
      { kind: 'changed', before: 8, after: 8, fields: [], runs: [] },
      { kind: 'same', before: 9, after: 9 },
      { kind: 'added', after: 10 },
      { kind: 'added', after: 11 },
    ])
    expect(diffDocs(before, after).truncated).toBe(false)
  })

  it('a block longer than maxInlineDiffChars gets no word diff, and the diff says so', () => {
    const long = 'word '.repeat(100)
    const d = diffDocs(doc(p(long)), doc(p(long + 'more')), { maxDiffBlocks: 100, maxInlineDiffChars: 200, maxDiffTextChars: 10_000 })
    expect(d.entries[0]).toMatchObject({ kind: 'changed' })
    expect((d.entries[0] as { text?: unknown }).text).toBeUndefined()
    expect(d.truncated).toBe(true)
  })

  it('the total text budget runs out: later blocks get no word diff', () => {
    const before = doc(p('alpha beta'), p('gamma delta'), p('epsilon zeta'))
    const after = doc(p('alpha BETA'), p('gamma DELTA'), p('epsilon ZETA'))
    const d = diffDocs(before, after, { maxDiffBlocks: 100, maxInlineDiffChars: 100, maxDiffTextChars: 45 })
    const texts = d.entries.map((e) => (e as { text?: unknown }).text !== undefined)
    expect(texts).toEqual([true, true, false])
    expect(d.truncated).toBe(true)
  })

  it('a 20k-block document diffs fast (a generous sanity bound, not a benchmark)', () => {
    const rand = seeded(13)
    const before = Array.from({ length: 20_000 }, (_, i) => block(rand, i))
    const after = [...before]
    // A day of editing: blocks replaced, a section deleted, a few moved, some added.
    for (let k = 0; k < 300; k++) after.splice(Math.floor(rand() * after.length), 1, block(rand, k))
    after.splice(5000, 500)
    for (let k = 0; k < 50; k++) after.splice(Math.floor(rand() * after.length), 0, ...after.splice(Math.floor(rand() * after.length), 1))
    for (let k = 0; k < 200; k++) after.splice(Math.floor(rand() * after.length), 0, block(rand, k))
    const t0 = Date.now()
    const d = diffDocs(doc(...before), doc(...after))
    const ms = Date.now() - t0
    expect(ms).toBeLessThan(5000)
    expect(d.truncated).toBe(false)
    expect(d.counts.removed).toBeGreaterThanOrEqual(500)
    checkShape(doc(...before), doc(...after), d)
  })

  it('a 20k-block document reversed (everything moved) stays bounded', () => {
    const rand = seeded(17)
    const before = Array.from({ length: 20_000 }, (_, i) => p(`para ${i} ${WORDS[Math.floor(rand() * 8)]}`))
    const after = [...before].reverse()
    const t0 = Date.now()
    const d = diffDocs(doc(...before), doc(...after))
    expect(Date.now() - t0).toBeLessThan(5000)
    expect(d.counts.moved).toBe(19_999)
    checkShape(doc(...before), doc(...after), d)
  })

  it('two unrelated 5k-block documents (nothing to anchor on: every block paired and word-diffed) stay bounded', () => {
    const rand = seeded(99)
    const before = Array.from({ length: 5_000 }, (_, i) => p(`before ${i} ${WORDS[i % 8]}`))
    const after = Array.from({ length: 5_000 }, (_, i) => p(`after ${i} ${WORDS[(i * 3) % 8]} ${rand()}`))
    const t0 = Date.now()
    const d = diffDocs(doc(...before), doc(...after))
    expect(Date.now() - t0).toBeLessThan(5000)
    checkShape(doc(...before), doc(...after), d)
  })
})
