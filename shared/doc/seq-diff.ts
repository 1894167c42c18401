/**
 * Longest common subsequence of two key sequences: Myers' O((N+M)·D) diff after trimming the
 * common prefix and suffix (which is all most edits need). Used for blocks (keys are canonical
 * JSON or block ids) and for text (keys are word tokens).
 *
 * Returns matched index pairs [i, j] in increasing order. When the sequences differ by more than
 * `maxD` edits the middle is left unmatched (the caller then replaces it wholesale): bounded time
 * and memory (the trace is O(maxD²)) matter more there than the last saved byte.
 */
export function lcsPairs(a: readonly string[], b: readonly string[], maxD = 1000): Array<[number, number]> {
  const n = a.length
  const m = b.length
  let pre = 0
  while (pre < n && pre < m && a[pre] === b[pre]) pre++
  let suf = 0
  while (suf < n - pre && suf < m - pre && a[n - 1 - suf] === b[m - 1 - suf]) suf++
  const out: Array<[number, number]> = []
  for (let i = 0; i < pre; i++) out.push([i, i])
  // Keys are interned to small integers: block keys are long canonical strings, compared often.
  const ids = new Map<string, number>()
  const intern = (keys: readonly string[]): Int32Array => Int32Array.from(keys, (k) => ids.get(k) ?? (ids.set(k, ids.size), ids.size - 1))
  const middle = myers(intern(a.slice(pre, n - suf)), intern(b.slice(pre, m - suf)), maxD)
  for (const [i, j] of middle) out.push([i + pre, j + pre])
  for (let s = suf; s > 0; s--) out.push([n - s, m - s])
  return out
}

function myers(a: Int32Array, b: Int32Array, maxD: number): Array<[number, number]> {
  const n = a.length
  const m = b.length
  if (n === 0 || m === 0) return []
  const max = n + m
  const off = max + 1
  const v = new Int32Array(2 * max + 3)
  // trace[d] is the frontier before step d, for k in [-d, d] (index k + d).
  const trace: Int32Array[] = []
  const limit = Math.min(max, maxD)
  let found = -1
  outer: for (let d = 0; d <= limit; d++) {
    trace.push(v.slice(off - d, off + d + 1))
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[off + k - 1]! < v[off + k + 1]!) ? v[off + k + 1]! : v[off + k - 1]! + 1
      let y = x - k
      while (x < n && y < m && a[x] === b[y]) {
        x++
        y++
      }
      v[off + k] = x
      if (x >= n && y >= m) {
        found = d
        break outer
      }
    }
  }
  if (found < 0) return []
  const pairs: Array<[number, number]> = []
  let x = n
  let y = m
  for (let d = found; d > 0; d--) {
    const prev = trace[d]!
    const at = (k: number): number => prev[k + d]!
    const k = x - y
    const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1
    const prevX = at(prevK)
    const prevY = prevX - prevK
    while (x > prevX && y > prevY) pairs.push([--x, --y])
    x = prevX
    y = prevY
  }
  while (x > 0 && y > 0) pairs.push([--x, --y])
  return pairs.reverse()
}
