/**
 * mulberry32: a tiny seeded PRNG for property and fuzz tests, so a failing seed can be replayed.
 * Its first outputs are already well spread (a plain LCG's first output is tiny for small seeds,
 * which once made every "random" graph in a property test a single node).
 */
export function seeded(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
