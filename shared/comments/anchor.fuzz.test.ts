import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { seeded } from '../testing/prng.ts'
import { type Anchor, anchorAt, linear, resolveAnchor } from './anchor.ts'

/**
 * Anchors under concurrent edits (issue #15): three replicas, anchored ranges, then rounds of
 * offline edits around them on every replica (inserts anywhere outside a range or at its edges,
 * deletes that leave a range alone or take it whole, whole paragraphs removed and added), merged
 * in a random order. After each merge every anchor resolves the same on every replica and either
 * still points at exactly its quoted text or is marked deleted.
 */

const WORDS = ['loss ', 'val_f1 ', 'holdout ', 'seed ', 'x', 'ab', '  ', 'é', 'ß']

interface Placed {
  anchor: Anchor
  quote: string
}

const fragmentOf = (doc: Y.Doc) => doc.getXmlFragment('default')

function paragraph(text: string): Y.XmlElement {
  const p = new Y.XmlElement('paragraph')
  const t = new Y.XmlText()
  t.insert(0, text)
  p.insert(0, [t])
  return p
}

/** The texts in document order with their linear start offsets. */
function texts(doc: Y.Doc): { text: Y.XmlText; start: number; length: number }[] {
  const out: { text: Y.XmlText; start: number; length: number }[] = []
  let offset = 0
  for (const p of fragmentOf(doc).toArray()) {
    if (!(p instanceof Y.XmlElement)) continue
    for (const t of p.toArray()) {
      if (!(t instanceof Y.XmlText)) continue
      out.push({ text: t, start: offset, length: t.length })
      offset += t.length
    }
  }
  return out
}

/** The live ranges [from, to) of the anchors, as this replica sees them now. */
const rangesOf = (doc: Y.Doc, placed: Placed[]): [number, number][] =>
  placed.flatMap((p) => {
    const r = resolveAnchor(doc, fragmentOf(doc), p.anchor)
    return r.deleted ? [] : [[r.from, r.to] as [number, number]]
  })

const leavesAlone = (p: number, q: number, ranges: [number, number][]) => ranges.every(([f, t]) => q <= f || p >= t || (p <= f && q >= t))

function edit(doc: Y.Doc, placed: Placed[], rand: () => number): void {
  const ranges = rangesOf(doc, placed)
  const all = texts(doc)
  const total = linear(fragmentOf(doc)).text.length
  const roll = rand()
  if (roll < 0.45 && all.length > 0) {
    // Insert at an offset that is no range's interior (an edge is fine: the text stays outside).
    const t = all[Math.floor(rand() * all.length)]!
    const i = Math.floor(rand() * (t.length + 1))
    const at = t.start + i
    if (ranges.some(([f, to]) => f < at && at < to)) return
    t.text.insert(i, WORDS[Math.floor(rand() * WORDS.length)]!)
  } else if (roll < 0.85 && all.length > 0 && total > 0) {
    // Delete inside one paragraph's text, leaving each range alone or taking it whole.
    const t = all[Math.floor(rand() * all.length)]!
    if (t.length === 0) return
    const i = Math.floor(rand() * t.length)
    const n = 1 + Math.floor(rand() * Math.min(12, t.length - i))
    if (!leavesAlone(t.start + i, t.start + i + n, ranges)) return
    t.text.delete(i, n)
  } else if (roll < 0.93) {
    const ps = fragmentOf(doc).toArray()
    if (ps.length <= 1) return
    const k = Math.floor(rand() * ps.length)
    const t = all.find((x) => x.text.parent === ps[k])
    if (t && !leavesAlone(t.start, t.start + t.length, ranges)) return
    fragmentOf(doc).delete(k, 1)
  } else {
    // A new paragraph, between paragraphs no range spans.
    const k = Math.floor(rand() * (fragmentOf(doc).length + 1))
    const next = all.find((x) => x.text.parent === fragmentOf(doc).toArray()[k])
    const at = next ? next.start : total
    if (ranges.some(([f, to]) => f < at && at < to)) return
    fragmentOf(doc).insert(k, [paragraph(WORDS[Math.floor(rand() * WORDS.length)]!.repeat(2))])
  }
}

/** A new anchor over a random non-empty range of this replica's text (may span paragraphs). */
function place(doc: Y.Doc, rand: () => number): Placed | null {
  const all = texts(doc).filter((t) => t.length > 0)
  const whole = linear(fragmentOf(doc)).text
  if (all.length === 0) return null
  const a = all[Math.floor(rand() * all.length)]!
  const i = Math.floor(rand() * a.length)
  const from = a.start + i
  const maxTo = rand() < 0.3 ? whole.length : a.start + a.length
  const to = from + 1 + Math.floor(rand() * Math.max(1, Math.min(20, maxTo - from)))
  const b = all.find((t) => t.start < to && to <= t.start + t.length)
  if (!b || to > whole.length) return null
  const anchor = anchorAt({ type: a.text, index: i }, { type: b.text, index: to - b.start })
  return { anchor: JSON.parse(JSON.stringify(anchor)) as Anchor, quote: whole.slice(from, to) }
}

function syncAll(docs: Y.Doc[], rand: () => number): void {
  const order = [...docs].sort(() => rand() - 0.5)
  for (const from of order) for (const to of docs) if (from !== to) Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)))
}

describe('comment anchors under concurrent edits (fuzz)', () => {
  let deletedSeen = 0
  let liveSeen = 0
  for (let seed = 1; seed <= 200; seed++) {
    it(`seed ${seed}`, () => {
      const rand = seeded(seed)
      const docs = [0, 1, 2].map((i) => {
        const d = new Y.Doc({ gc: seed % 2 === 0 })
        d.clientID = seed * 10 + i
        return d
      })
      fragmentOf(docs[0]!).insert(0, [
        paragraph('The holdout split is stratified by label. '),
        paragraph('Baseline val_f1 is 0.81 at seed 7. '),
        paragraph('Ship when it passes.'),
      ])
      syncAll(docs, rand)
      const placed: Placed[] = []
      for (let round = 0; round < 4; round++) {
        const by = docs[Math.floor(rand() * docs.length)]!
        for (let k = 0; k < 3; k++) {
          const p = place(by, rand)
          if (p) placed.push(p)
        }
        syncAll(docs, rand)
        // Offline: every replica edits on its own view, then they merge.
        for (const d of docs) for (let n = 0; n < 15; n++) edit(d, placed, rand)
        syncAll(docs, rand)
        const reference = linear(fragmentOf(docs[0]!)).text
        for (const d of docs) expect(linear(fragmentOf(d)).text).toBe(reference)
        for (const p of placed) {
          const results = docs.map((d) => resolveAnchor(d, fragmentOf(d), p.anchor))
          for (const r of results) expect(r).toEqual(results[0])
          const r = results[0]!
          if (r.deleted) deletedSeen++
          else {
            liveSeen++
            expect(r.text, `seed ${seed}: anchor drifted`).toBe(p.quote)
          }
        }
      }
    })
  }
  it('exercised both outcomes', () => {
    expect(deletedSeen).toBeGreaterThan(50)
    expect(liveSeen).toBeGreaterThan(500)
  })
})
