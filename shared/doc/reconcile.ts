import * as Y from 'yjs'
import type { JsonNode } from '../api/docs.ts'
import { sameValue } from './canonical.ts'
import { copyJson, groupTargets, type TargetItem } from './reconcile-json.ts'
import { currentChildren, plan, targetChildren, textSimilarity, type Current, type Target } from './reconcile-plan.ts'
import { attributesFor, reconcileText } from './reconcile-text.ts'

/**
 * Restoring a version as a forward edit. The server has no ProseMirror schema, so instead of
 * y-prosemirror's updateYFragment this works on the JSON that fragmentToJson reads: the current
 * fragment is changed, as little as possible, until it reads as the target.
 *
 * Minimal matters because the restore reaches every open editor and every offline replica as
 * an ordinary update: a block the version keeps must keep its Y items, or text a replica typed
 * into it offline would vanish when it merges (Yjs drops inserts into deleted types). So blocks
 * equal to the target are never touched, same-kind blocks are reconciled in place (attrs one by
 * one, children aligned recursively, text diffed), and only what the target lacks is deleted.
 *
 * The caller wraps calls in one `doc.transact`, so the restore is one update and one undo step.
 */

/** Makes `fragment` read as `target` (a `fragmentToJson` doc): `fragmentToJson(fragment)` equals it afterwards, marks compared as sets. */
export function reconcileFragment(fragment: Y.XmlFragment, target: JsonNode): void {
  reconcileChildren(fragment, target.content ?? [])
}

/**
 * Restores only top-level block `index` of `version`: the current block that matches it (same
 * block id; else the one the alignment of the whole document pairs with it) is reconciled to it;
 * a block that no longer exists is re-inserted after the nearest preceding block of the version
 * that still does (or first). Returns whether anything changed.
 */
export function reconcileBlock(fragment: Y.XmlFragment, version: JsonNode, index: number): boolean {
  const nodes = version.content ?? []
  if (index < 0 || index >= nodes.length) return false
  // Adjacent text nodes form one item (one XmlText); grouping is greedy left to right, so the
  // item holding node `index` is the last item of the grouped prefix.
  if (nodes[index]!.type === 'text' && (nodes[index]!.text ?? '') === '') return false
  const item = groupTargets(nodes.slice(0, index + 1)).length - 1
  const cur = currentChildren(fragment)
  const tgt = targetChildren(nodes)
  const want = tgt[item]!
  let match: Current | undefined
  if (want.id !== null) {
    match = cur.find((c) => c.id === want.id && c.type === want.type)
    // The same block id under another node type: replace it where it is, never duplicate the id.
    const other = match ? undefined : cur.find((c) => c.id === want.id)
    if (other) {
      fragment.delete(other.pos, 1)
      insertItem(fragment, other.pos, want.item)
      return true
    }
  }
  const steps = plan(cur, tgt)
  if (want.id === null) {
    // The alignment's partner counts as the same block only when it sits between the same
    // neighbours or still shares text with it: restoring one block must not overwrite an
    // unrelated paragraph written since, only bring the old one back beside it.
    const k = steps.findIndex((s) => s.b === item && s.a !== undefined)
    const step = steps[k]
    if (step) {
      const a = step.a!
      const prev = steps[k - 1]
      const next = steps[k + 1]
      const sameNeighbours = (!prev || (prev.a === a - 1 && prev.b === item - 1)) && (!next || (next.a === a + 1 && next.b === item + 1))
      if (sameNeighbours || textSimilarity(cur[a]!, want) >= 0.3) match = cur[a]
    }
  }
  if (match) return reconcileChild(match, want)
  // Gone: insert after the nearest earlier block of the version that still exists.
  let pos = 0
  for (let b = item - 1; b >= 0; b--) {
    const prev = tgt[b]!
    const found = prev.id !== null ? cur.find((c) => c.id === prev.id && c.type === prev.type) : cur[steps.find((s) => s.b === b && s.a !== undefined)?.a ?? -1]
    if (found) {
      pos = found.pos + 1
      break
    }
  }
  insertItem(fragment, pos, want.item)
  return true
}

function reconcileChildren(parent: Y.XmlFragment, nodes: readonly JsonNode[]): boolean {
  const cur = currentChildren(parent)
  const tgt = targetChildren(nodes)
  let changed = false
  // `shift` maps an original child index to its index now, after the edits made to its left.
  let shift = 0
  let cursor = 0
  for (const step of plan(cur, tgt)) {
    if (step.a !== undefined) {
      const c = cur[step.a]!
      const pos = c.pos + shift
      if (step.b !== undefined) {
        changed = reconcileChild(c, tgt[step.b]!) || changed
        cursor = pos + 1
      } else if (c.y instanceof Y.XmlText) {
        // Emptied, not deleted: text a replica typed into it offline then still shows after merging.
        if (c.y.length > 0) {
          c.y.delete(0, c.y.length)
          changed = true
        }
        cursor = pos + 1
      } else {
        parent.delete(pos, 1)
        shift--
        cursor = pos
        changed = true
      }
    } else {
      insertItem(parent, cursor++, tgt[step.b!]!.item)
      shift++
      changed = true
    }
  }
  return changed
}

/** Reconciles a paired current child in place (the plan pairs only children of the same kind). */
function reconcileChild(c: Current, t: Target): boolean {
  if (c.canon === t.canon) return false
  if (c.y instanceof Y.XmlText) return t.item.kind === 'text' ? reconcileText(c.y, t.item.runs) : false
  if (t.item.kind !== 'el') return false
  const el = c.y
  const node = t.item.node
  const want = node.attrs ?? {}
  const have = el.getAttributes() as Record<string, unknown>
  let changed = false
  // One attribute at a time: a concurrent change to another attribute survives the restore.
  for (const [k, v] of Object.entries(want)) {
    if (v === undefined || (k in have && sameValue(have[k], v))) continue
    el.setAttribute(k, copyJson(v) as string)
    changed = true
  }
  for (const k of Object.keys(have)) {
    if (want[k] !== undefined) continue
    el.removeAttribute(k)
    changed = true
  }
  return reconcileChildren(el, node.content ?? []) || changed
}

/**
 * Creates a target item at `pos`. Each type is inserted first and filled after: Yjs types can
 * only be read and appended to by length once they belong to a document.
 */
function insertItem(parent: Y.XmlFragment, pos: number, item: TargetItem): void {
  if (item.kind === 'text') {
    const text = new Y.XmlText()
    parent.insert(pos, [text])
    for (const run of item.runs) text.insert(text.length, run.text, attributesFor(run.marks))
    return
  }
  const el = new Y.XmlElement(item.node.type)
  parent.insert(pos, [el])
  for (const [k, v] of Object.entries(item.node.attrs ?? {})) if (v !== undefined) el.setAttribute(k, copyJson(v) as string)
  groupTargets(item.node.content ?? []).forEach((child, i) => insertItem(el, i, child))
}
