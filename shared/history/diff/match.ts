import type { JsonNode } from '../../api/docs.ts'
import { blockText, similarity } from './inline.ts'
import { lcsPairs, lisIndexes } from './lcs.ts'
import { fingerprint, sameNode } from './stable.ts'

/**
 * Matching the top-level blocks of two documents, and the order the diff reads them in.
 *
 * 1. Blocks with an id (attrs.id, unique on its side) are the same block on both sides.
 * 2. The rest: an LCS over fingerprints (a hash of the whole block, attrs order-insensitive), so
 *    untouched blocks line up even with no id.
 * 3. Leftover identical blocks on both sides are one block moved.
 * 4. The pairs that keep their relative order (a longest increasing subsequence) are the anchors;
 *    the others moved. Between two anchors, a removed and an added block of the same type with
 *    similar text are one block edited in place ('changed'); so is a run of removed blocks
 *    replaced by as many added ones of the same kinds in the same order.
 * Blocks past `maxBlocks` on either side are compared by position only (coarse) and flagged.
 */
export type Slot =
  | { kind: 'same' | 'moved'; before: number; after: number }
  | { kind: 'changed'; before: number; after: number; coarse: boolean }
  | { kind: 'added'; after: number }
  | { kind: 'removed'; before: number }

/** A removed and an added block this alike (0..1, word Dice) are one block edited. */
const SIMILAR = 0.5
/** Added blocks a removed one is compared with, so a gap of thousands stays linear. */
const PAIR_WINDOW = 20

export function blockKey(block: JsonNode): string | null {
  const id = block.attrs?.id
  return typeof id === 'string' && id.length > 0 ? id : null
}

export function matchBlocks(before: readonly JsonNode[], after: readonly JsonNode[], maxBlocks: number): { slots: Slot[]; truncated: boolean } {
  const nb = Math.min(before.length, maxBlocks)
  const na = Math.min(after.length, maxBlocks)
  const fpB = before.map(fingerprint)
  const fpA = after.map(fingerprint)
  const toA = new Int32Array(nb).fill(-1)
  const toB = new Int32Array(na).fill(-1)
  const pair = (b: number, a: number) => {
    toA[b] = a
    toB[a] = b
  }

  // 1. By id. An id seen twice on one side (a copy pasted with its id) identifies nothing there.
  const keysA = uniqueKeys(after, na)
  for (const [key, b] of uniqueKeys(before, nb)) {
    const a = keysA.get(key)
    if (a !== undefined && before[b]!.type === after[a]!.type) pair(b, a)
  }
  // 2. LCS over the fingerprints of what is left.
  const restB = range(nb).filter((b) => toA[b] === -1)
  const restA = range(na).filter((a) => toB[a] === -1)
  const { pairs } = lcsPairs(
    restB.map((b) => fpB[b]!),
    restA.map((a) => fpA[a]!),
  )
  for (const [i, j] of pairs) pair(restB[i]!, restA[j]!)
  // 3. Identical leftovers: the same block, elsewhere.
  // A queue per fingerprint with a read position (not shift(): thousands of empty paragraphs).
  const waiting = new Map<number, { list: number[]; next: number }>()
  for (const b of restB) {
    if (toA[b] !== -1) continue
    const queue = waiting.get(fpB[b]!)
    if (queue) queue.list.push(b)
    else waiting.set(fpB[b]!, { list: [b], next: 0 })
  }
  for (const a of restA) {
    if (toB[a] !== -1) continue
    const queue = waiting.get(fpA[a]!)
    if (queue && queue.next < queue.list.length) pair(queue.list[queue.next++]!, a)
  }
  // 4. Anchors: matched pairs (in `after` order) whose `before` indexes increase.
  const matched = range(na).filter((a) => toB[a] !== -1)
  const stableAt = lisIndexes(matched.map((a) => toB[a]!))
  const anchor = new Uint8Array(na)
  for (const k of stableAt) anchor[matched[k]!] = 1

  const slots: Slot[] = []
  const same = (b: number, a: number) => fpB[b] === fpA[a] && sameNode(before[b]!, after[a]!)
  const emitPair = (b: number, a: number) =>
    slots.push(same(b, a) ? { kind: anchor[a] ? 'same' : 'moved', before: b, after: a } : { kind: 'changed', before: b, after: a, coarse: false })
  let b0 = 0
  let a0 = 0
  const anchors = [...matched.filter((a) => anchor[a]), na]
  for (const a1 of anchors) {
    const b1 = a1 < na ? toB[a1]! : nb
    const gapB: number[] = []
    for (let b = b0; b < b1; b++) if (toA[b] === -1) gapB.push(b)
    if (gapB.length > 0 || a1 > a0) emitGap(before, after, gapB, range(a0, a1), toB, emitPair, slots)
    if (a1 < na) emitPair(b1, a1)
    b0 = b1 + 1
    a0 = a1 + 1
  }
  // Past the budget: position against position, whole blocks only.
  for (let i = Math.min(nb, na); i < Math.max(before.length, after.length); i++) {
    const inB = i >= nb && i < before.length
    const inA = i >= na && i < after.length
    if (inB && inA) slots.push(same(i, i) ? { kind: 'same', before: i, after: i } : { kind: 'changed', before: i, after: i, coarse: true })
    else if (inB) slots.push({ kind: 'removed', before: i })
    else if (inA) slots.push({ kind: 'added', after: i })
  }
  return { slots, truncated: before.length > maxBlocks || after.length > maxBlocks }
}

/**
 * One stretch between anchors: removed blocks (`gapB`) and the `after` blocks in order (added,
 * or matched elsewhere = moved). Removed and added of one type with similar text pair up in
 * order; each pair closes a segment, emitted as its removed, then its added/moved, then the pair.
 */
function emitGap(
  before: readonly JsonNode[],
  after: readonly JsonNode[],
  gapB: number[],
  gapA: number[],
  toB: Int32Array,
  emitPair: (b: number, a: number) => void,
  slots: Slot[],
): void {
  const added = gapA.filter((a) => toB[a] === -1)
  const pairs: [number, number][] = []
  if (gapB.length > 0 && added.length > 0) {
    const sameType = (b: number, a: number) => before[b]!.type === after[a]!.type
    if (gapB.length === 1 && added.filter((a) => sameType(gapB[0]!, a)).length === 1) {
      // One block out, one of its kind in, in the same place: that block was edited.
      pairs.push([gapB[0]!, added.find((a) => sameType(gapB[0]!, a))!])
    } else if (gapB.length === added.length && gapB.every((b, k) => sameType(b, added[k]!))) {
      // As many out as in, kind for kind: each was edited in place, however much.
      gapB.forEach((b, k) => pairs.push([b, added[k]!]))
    } else {
      const text = new Map<number, string>()
      const textOf = (nodes: readonly JsonNode[], i: number, tag: number) => {
        const k = tag * 2 ** 32 + i
        let t = text.get(k)
        if (t === undefined) text.set(k, (t = blockText(nodes[i]!)))
        return t
      }
      let next = 0
      for (const b of gapB) {
        for (let k = next; k < Math.min(added.length, next + PAIR_WINDOW); k++) {
          const a = added[k]!
          if (sameType(b, a) && similarity(textOf(before, b, 0), textOf(after, a, 1)) >= SIMILAR) {
            pairs.push([b, a])
            next = k + 1
            break
          }
        }
      }
    }
  }
  let bi = 0
  let ai = 0
  for (const [pb, pa] of [...pairs, [Infinity, Infinity] as [number, number]]) {
    while (bi < gapB.length && gapB[bi]! < pb) slots.push({ kind: 'removed', before: gapB[bi++]! })
    if (bi < gapB.length && gapB[bi] === pb) bi++
    while (ai < gapA.length && gapA[ai]! < pa) {
      const a = gapA[ai++]!
      if (toB[a] === -1) slots.push({ kind: 'added', after: a })
      else emitPair(toB[a]!, a)
    }
    if (ai < gapA.length && gapA[ai] === pa) ai++
    if (pb !== Infinity) slots.push({ kind: 'changed', before: pb, after: pa, coarse: false })
  }
}

function uniqueKeys(nodes: readonly JsonNode[], n: number): Map<string, number> {
  const seen = new Map<string, number>()
  for (let i = 0; i < n; i++) {
    const key = blockKey(nodes[i]!)
    if (key !== null) seen.set(key, seen.has(key) ? -1 : i)
  }
  for (const [k, v] of seen) if (v === -1) seen.delete(k)
  return seen
}

function range(from: number, to?: number): number[] {
  const [lo, hi] = to === undefined ? [0, from] : [from, to]
  const out: number[] = []
  for (let i = lo; i < hi; i++) out.push(i)
  return out
}
