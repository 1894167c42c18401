/** Small statistics helpers shared by the scenarios and the report. */

/** Sorted copy (ascending). */
export const sorted = (xs: readonly number[]): number[] => [...xs].sort((a, b) => a - b)

/** Percentile by nearest rank on a sorted copy; `p` in [0, 100]. NaN for an empty list. */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return Number.NaN
  const s = sorted(xs)
  const rank = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))
  return s[rank]!
}

/** Median (mean of the two middle values for an even count). NaN for an empty list. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN
  const s = sorted(xs)
  const mid = s.length >> 1
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}

export const mean = (xs: readonly number[]): number => (xs.length === 0 ? Number.NaN : xs.reduce((a, b) => a + b, 0) / xs.length)

/** Median of the non-null values, or null when there are none. */
export function medianOrNull(xs: readonly (number | null)[]): number | null {
  const vals = xs.filter((x): x is number => x !== null && Number.isFinite(x))
  return vals.length === 0 ? null : median(vals)
}

/** A compact human format: 3 significant digits, thousands separators for big numbers. */
export function fmt(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return 'n/a'
  const abs = Math.abs(x)
  if (abs >= 1000) return Math.round(x).toLocaleString('en-US')
  if (abs >= 100) return x.toFixed(0)
  if (abs >= 10) return x.toFixed(1)
  if (abs >= 1) return x.toFixed(2)
  if (abs === 0) return '0'
  return x.toPrecision(2)
}
