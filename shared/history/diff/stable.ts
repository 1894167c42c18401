/**
 * JSON with object keys sorted, recursively: block fingerprints and value comparison must not
 * depend on attribute order (Yjs returns attributes in insertion order, which differs by writer).
 */
export function stableStringify(v: unknown): string {
  if (v === undefined) return 'null'
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null'
  if (Array.isArray(v)) return `[${v.map(stableStringify).join(',')}]`
  const obj = v as Record<string, unknown>
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort()
  return `{${keys.map((k) => `${JSON.stringify(k)}:${stableStringify(obj[k])}`).join(',')}}`
}

export const sameValue = (a: unknown, b: unknown): boolean => a === b || stableStringify(a) === stableStringify(b)
