/**
 * A longest common subsequence over interned symbols (numbers), bounded: used for top-level
 * blocks (fingerprints) and for words inside a block. The common prefix and suffix are matched
 * first (the usual edit touches a small middle); the middle gets an exact LCS by dynamic
 * programming while it fits `maxCells`, else a patience diff (anchored on symbols unique to both
 * sides), which is still a valid common subsequence (never wrong, only possibly not the longest),
 * so the caller stays correct.
 *
 * Returns the matched index pairs [i, j] with both i and j strictly increasing.
 */
export function lcsPairs(a: readonly number[], b: readonly number[], maxCells = 4_000_000): { pairs: [number, number][]; exact: boolean } {
  const pairs: [number, number][] = []
  let start = 0
  while (start < a.length && start < b.length && a[start] === b[start]) pairs.push([start, start++])
  let endA = a.length
  let endB = b.length
  const tail: [number, number][] = []
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) tail.push([--endA, --endB])
  const n = endA - start
  const m = endB - start
  let exact = true
  if (n > 0 && m > 0) {
    if (n * m <= maxCells) pairs.push(...dpPairs(a, b, start, endA, start, endB))
    else {
      exact = false
      pairs.push(...patiencePairs(a, b, start, endA, start, endB, maxCells, 0))
    }
  }
  for (let k = tail.length - 1; k >= 0; k--) pairs.push(tail[k]!)
  return { pairs, exact }
}

/**
 * Too large for the table: patience diff. Symbols that occur exactly once on each side (most
 * blocks of a real document are unique) are matched, the longest run of them in order becomes
 * the anchors, and each stretch between anchors is solved again (table, or patience, or at
 * worst greedy). Repeated symbols such as empty paragraphs can then never drag the match off.
 */
function patiencePairs(
  a: readonly number[],
  b: readonly number[],
  a0: number,
  a1: number,
  b0: number,
  b1: number,
  maxCells: number,
  depth: number,
): [number, number][] {
  if ((a1 - a0) * (b1 - b0) <= maxCells) return dpPairs(a, b, a0, a1, b0, b1)
  const counts = new Map<number, { na: number; nb: number; ia: number; ib: number }>()
  for (let i = a0; i < a1; i++) {
    const c = counts.get(a[i]!)
    if (c) c.na++
    else counts.set(a[i]!, { na: 1, nb: 0, ia: i, ib: -1 })
  }
  for (let j = b0; j < b1; j++) {
    const c = counts.get(b[j]!)
    if (c) {
      c.nb++
      c.ib = j
    }
  }
  const unique: [number, number][] = []
  for (let i = a0; i < a1; i++) {
    const c = counts.get(a[i]!)!
    if (c.na === 1 && c.nb === 1) unique.push([i, c.ib])
  }
  if (unique.length === 0 || depth > 32) return greedyPairs(a, b, a0, a1, b0, b1)
  const keep = lisIndexes(unique.map(([, j]) => j))
  const anchors = unique.filter((_, k) => keep.has(k))
  const out: [number, number][] = []
  let i0 = a0
  let j0 = b0
  for (const [i, j] of [...anchors, [a1, b1] as [number, number]]) {
    if (i > i0 && j > j0) out.push(...patiencePairs(a, b, i0, i, j0, j, maxCells, depth + 1))
    if (i < a1) out.push([i, j])
    i0 = i + 1
    j0 = j + 1
  }
  return out
}

/** Exact LCS of a[a0..a1) and b[b0..b1): suffix-length table, then a forward walk. */
function dpPairs(a: readonly number[], b: readonly number[], a0: number, a1: number, b0: number, b1: number): [number, number][] {
  const n = a1 - a0
  const m = b1 - b0
  const w = m + 1
  // Lengths never exceed min(n, m); 32 bits keeps any size the cell budget allows.
  const t = new Uint32Array((n + 1) * w)
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      t[i * w + j] = a[a0 + i] === b[b0 + j] ? t[(i + 1) * w + j + 1]! + 1 : Math.max(t[(i + 1) * w + j]!, t[i * w + j + 1]!)
    }
  }
  const out: [number, number][] = []
  let i = 0
  let j = 0
  while (i < n && j < m) {
    if (a[a0 + i] === b[b0 + j]) {
      out.push([a0 + i, b0 + j])
      i++
      j++
    } else if (t[(i + 1) * w + j]! >= t[i * w + j + 1]!) i++
    else j++
  }
  return out
}

/**
 * For inputs too large for the table: walk `a` in order and match each symbol to its next
 * occurrence in `b` past the last match, skipping symbols whose next occurrence is far ahead
 * (so one common symbol near the end cannot swallow everything before it). O((n + m) log m).
 */
function greedyPairs(a: readonly number[], b: readonly number[], a0: number, a1: number, b0: number, b1: number): [number, number][] {
  const positions = new Map<number, number[]>()
  for (let j = b0; j < b1; j++) {
    const list = positions.get(b[j]!)
    if (list) list.push(j)
    else positions.set(b[j]!, [j])
  }
  const out: [number, number][] = []
  let next = b0
  const window = Math.max(64, Math.ceil((b1 - b0) / 8))
  for (let i = a0; i < a1; i++) {
    const list = positions.get(a[i]!)
    if (!list) continue
    const j = firstAtLeast(list, next)
    if (j === undefined || j - next > window) continue
    out.push([i, j])
    next = j + 1
  }
  return out
}

function firstAtLeast(list: number[], min: number): number | undefined {
  let lo = 0
  let hi = list.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (list[mid]! < min) lo = mid + 1
    else hi = mid
  }
  return list[lo]
}

/** Interns strings as small integers, so sequences compare by number. */
export class Interner {
  private readonly ids = new Map<string, number>()
  id(s: string): number {
    let v = this.ids.get(s)
    if (v === undefined) this.ids.set(s, (v = this.ids.size))
    return v
  }
}

/**
 * The indexes of a longest strictly increasing subsequence of `xs` (patience sorting,
 * O(n log n)): which matched blocks kept their relative order; the rest moved.
 */
export function lisIndexes(xs: readonly number[]): Set<number> {
  const tails: number[] = []
  const prev = new Int32Array(xs.length).fill(-1)
  for (let i = 0; i < xs.length; i++) {
    let lo = 0
    let hi = tails.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (xs[tails[mid]!]! < xs[i]!) lo = mid + 1
      else hi = mid
    }
    if (lo > 0) prev[i] = tails[lo - 1]!
    tails[lo] = i
  }
  const out = new Set<number>()
  let k = tails.length > 0 ? tails[tails.length - 1]! : -1
  while (k >= 0) {
    out.add(k)
    k = prev[k]!
  }
  return out
}
