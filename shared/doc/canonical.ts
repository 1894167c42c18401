/**
 * Value equality for document data, defined once: Yjs hands back map entries and attributes in
 * insertion order, which differs by writer, so neither `===` nor JSON.stringify can compare them.
 * Used by the reconciler (restore), the ML-data reconciler and the version diff.
 */

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Canonical JSON of a value: object keys sorted, undefined entries dropped (undefined itself is `null`). */
export function canon(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canon).join(',')}]`
  if (isPlainObject(value)) {
    const keys = Object.keys(value)
      .filter((k) => value[k] !== undefined)
      .sort()
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canon(value[k])}`).join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}

const definedKeys = (o: Record<string, unknown>): string[] => Object.keys(o).filter((k) => o[k] !== undefined)

/**
 * `canon(a) === canon(b)` without building the strings (it runs per attribute and per map entry
 * of every block a restore or a diff visits), and stopping at the first difference.
 */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (a === undefined || a === null || b === undefined || b === null) return (a ?? null) === (b ?? null)
  if (typeof a !== 'object' || typeof b !== 'object') return false
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false
    return a.every((v, i) => sameValue(v, b[i]))
  }
  const ao = a as Record<string, unknown>
  const bo = b as Record<string, unknown>
  const ka = definedKeys(ao)
  return ka.length === definedKeys(bo).length && ka.every((k) => bo[k] !== undefined && sameValue(ao[k], bo[k]))
}
