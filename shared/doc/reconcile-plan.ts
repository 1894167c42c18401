import * as Y from 'yjs'
import type { JsonNode } from '../api/docs.ts'
import { sameValue } from './canonical.ts'
import { blockId, canonNode, canonRuns, elementAttrs, elementJson, groupTargets, plainText, textRuns, type TargetItem } from './reconcile-json.ts'
import { lcsPairs } from './seq-diff.ts'

/**
 * How the current children of a parent line up with the target's: the alignment that decides
 * which Y items are kept untouched, which are reconciled in place, and which are deleted or
 * created. Nothing here writes.
 *
 * 1. Anchors: a longest common subsequence on keys, where a key is the block id (tasks, ML
 *    blocks: the same block even if its content changed) or else the canonical JSON (the same
 *    content). Anchors equal in content are left untouched, so their Y items (and whatever an
 *    offline replica typed into them) survive.
 * 2. Between two anchors, the remaining children are paired by similarity (same node type, text
 *    that shares a prefix/suffix, shared attrs), maximising the total over an order-preserving
 *    alignment; paired children are reconciled in place, the rest deleted or created.
 */

export interface Side {
  /** '#text' for text, else the node type. */
  type: string
  id: string | null
  key: string
  canon: string
  text: string
  attrs: Record<string, unknown>
}

export interface Current extends Side {
  y: Y.XmlElement | Y.XmlText
  /** Index among the parent's children (other kinds of child, e.g. hooks, are skipped but counted). */
  pos: number
}

export interface Target extends Side {
  item: TargetItem
}

/** One step of the alignment, in document order: keep/reconcile (both), delete (a only), create (b only). */
export interface Step {
  a?: number
  b?: number
}

const side = (type: string, attrs: Record<string, unknown>, canon: string, text: string): Side => {
  const id = type === '#text' ? null : blockId(attrs)
  return { type, id, attrs, canon, text, key: id !== null ? `#${type}#${id}` : canon }
}

export function currentChildren(parent: Y.XmlFragment): Current[] {
  const out: Current[] = []
  parent.toArray().forEach((y, pos) => {
    if (y instanceof Y.XmlText) {
      const runs = textRuns(y)
      out.push({ ...side('#text', {}, canonRuns(runs), runs.map((r) => r.text).join('')), y, pos })
    } else if (y instanceof Y.XmlElement) {
      const json = elementJson(y)
      out.push({ ...side(y.nodeName, elementAttrs(y), canonNode(json), plainText(json)), y, pos })
    }
  })
  return out
}

export function targetChildren(nodes: readonly JsonNode[]): Target[] {
  return groupTargets(nodes).map((item) =>
    item.kind === 'text'
      ? { ...side('#text', {}, canonRuns(item.runs), item.runs.map((r) => r.text).join('')), item }
      : { ...side(item.node.type, item.node.attrs ?? {}, canonNode(item.node), plainText(item.node)), item },
  )
}

const compatible = (a: Side, b: Side): boolean => a.type === b.type && (a.id === b.id || a.id === null || b.id === null)

/** How much text a and b share at their ends, in [0, 1]; only the ends of long texts are compared. */
export function textSimilarity(a: Side, b: Side): number {
  const x = a.text
  const y = b.text
  if (x === y) return 1
  const cap = Math.min(256, x.length, y.length)
  let pre = 0
  while (pre < cap && x.charCodeAt(pre) === y.charCodeAt(pre)) pre++
  let suf = 0
  while (suf < cap - pre && x.charCodeAt(x.length - 1 - suf) === y.charCodeAt(y.length - 1 - suf)) suf++
  return (pre + suf) / Math.min(Math.max(x.length, y.length), 512)
}

/** How much of a's text and attrs b shares, in [0, 1.5]. */
function similarity(a: Side, b: Side): number {
  const keys = new Set([...Object.keys(a.attrs), ...Object.keys(b.attrs)])
  let same = 0
  for (const k of keys) if (sameValue(a.attrs[k], b.attrs[k])) same++
  return textSimilarity(a, b) + (keys.size === 0 ? 0.5 : (0.5 * same) / keys.size)
}

const DP_CELLS = 2500

/** Order-preserving pairs within a gap, as [i, j] offsets into its two slices. */
function pairGap(a: readonly Side[], b: readonly Side[]): Array<[number, number]> {
  if (a.length === 0 || b.length === 0) return []
  if (a.length * b.length > DP_CELLS) {
    // Too big to weigh every pair: align by type alone.
    const kind = (s: Side): string => `${s.type}#${s.id ?? ''}`
    return lcsPairs(a.map(kind), b.map(kind))
  }
  const m = a.length
  const n = b.length
  const best = new Float64Array((m + 1) * (n + 1))
  const at = (i: number, j: number): number => i * (n + 1) + j
  for (let i = 1; i <= m; i++) {
    for (let j = 1; j <= n; j++) {
      const pair = compatible(a[i - 1]!, b[j - 1]!) ? best[at(i - 1, j - 1)]! + 1 + similarity(a[i - 1]!, b[j - 1]!) : -1
      best[at(i, j)] = Math.max(best[at(i - 1, j)]!, best[at(i, j - 1)]!, pair)
    }
  }
  const pairs: Array<[number, number]> = []
  for (let i = m, j = n; i > 0 && j > 0;) {
    if (best[at(i, j)] === best[at(i - 1, j)]) i--
    else if (best[at(i, j)] === best[at(i, j - 1)]) j--
    else pairs.push([--i, --j])
  }
  return pairs.reverse()
}

/** The full alignment of `cur` to `tgt`, in document order. */
export function plan(cur: readonly Current[], tgt: readonly Target[]): Step[] {
  const steps: Step[] = []
  let i = 0
  let j = 0
  const anchors = lcsPairs(
    cur.map((c) => c.key),
    tgt.map((t) => t.key),
  )
  for (const [ai, bj] of [...anchors, [cur.length, tgt.length] as [number, number]]) {
    const pairs = pairGap(cur.slice(i, ai), tgt.slice(j, bj))
    let x = i
    let y = j
    for (const [pi, pj] of [...pairs, [ai - i, bj - j] as [number, number]]) {
      while (x < i + pi) steps.push({ a: x++ })
      while (y < j + pj) steps.push({ b: y++ })
      if (x < ai && y < bj) steps.push({ a: x++, b: y++ })
    }
    if (ai < cur.length) steps.push({ a: ai, b: bj })
    i = ai + 1
    j = bj + 1
  }
  return steps
}
