import type { JsonNode } from '../../api/docs.ts'
import { canon, sameValue } from '../../doc/canonical.ts'

export { sameValue }

/**
 * A block's fingerprint: two 32-bit hashes (FNV-1a and a multiplicative one) of its type, attrs
 * (order-insensitive), marks, text and children. Hashing, not serialising:
 * fingerprinting every block of two 20k-block documents was the diff's largest cost. Equal
 * fingerprints are confirmed with `sameNode` before a pair is called unchanged, so a collision
 * can only cost a match, never report a change as none. A number (53 bits of the two hashes), so
 * sequences and maps of fingerprints allocate no strings.
 */
export function fingerprint(node: JsonNode): number {
  const h = { a: 0x811c9dc5, b: 0x9e3779b9 }
  hashNode(node, h)
  return (h.a >>> 0) * 0x200000 + ((h.b >>> 0) & 0x1fffff)
}

function mix(h: { a: number; b: number }, s: string): void {
  let a = h.a
  let b = h.b
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    a = Math.imul(a ^ c, 0x01000193)
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15)
  }
  // A separator, so ["ab", "c"] and ["a", "bc"] differ.
  h.a = Math.imul(a ^ 0xff, 0x01000193)
  h.b = Math.imul(b ^ 0xff, 0x5bd1e995)
}

function hashNode(node: JsonNode, h: { a: number; b: number }): void {
  mix(h, node.type)
  if (node.attrs) {
    const keys = Object.keys(node.attrs)
    if (keys.length > 1) keys.sort()
    for (const k of keys) {
      const v = node.attrs[k]
      if (v === undefined) continue
      mix(h, k)
      // Primitives by value with a type tag (1 and '1' differ); only objects are serialised.
      mix(h, typeof v === 'string' ? `s${v}` : v === null || typeof v !== 'object' ? `p${String(v)}` : canon(v))
    }
  }
  mix(h, '|')
  if (node.marks) for (const m of node.marks) mix(h, m.attrs ? m.type + canon(m.attrs) : m.type)
  mix(h, '|')
  if (node.text !== undefined) mix(h, node.text)
  mix(h, '(')
  if (node.content) for (const c of node.content) hashNode(c, h)
  mix(h, ')')
}

/** Deep equality of two nodes, attrs order-insensitive (what 'same' promises). */
export function sameNode(a: JsonNode, b: JsonNode): boolean {
  if (a === b) return true
  if (a.type !== b.type || a.text !== b.text) return false
  if (!sameAttrs(a.attrs, b.attrs) || (a.marks !== b.marks && !sameValue(a.marks ?? null, b.marks ?? null))) return false
  const ca = a.content ?? []
  const cb = b.content ?? []
  return ca.length === cb.length && ca.every((c, i) => sameNode(c, cb[i]!))
}

/** Attr maps equal as sets of keys and values; primitives compared directly (the common case). */
function sameAttrs(a: Record<string, unknown> | undefined, b: Record<string, unknown> | undefined): boolean {
  if (a === b) return true
  const ka = a ? Object.keys(a).filter((k) => a[k] !== undefined) : []
  const kb = b ? Object.keys(b).filter((k) => b[k] !== undefined) : []
  if (ka.length !== kb.length) return false
  for (const k of ka) {
    const x = a![k]
    const y = b![k]
    if (x !== y && (typeof x !== 'object' || typeof y !== 'object' || !sameValue(x, y))) return false
  }
  return true
}
