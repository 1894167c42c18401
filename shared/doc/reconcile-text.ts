import * as Y from 'yjs'
import { attrToMark, canonMarks, copyJson, markName, type Mark, type Run } from './reconcile-json.ts'
import { lcsPairs } from './seq-diff.ts'

/**
 * Reconciles one XmlText to target runs with a minimal edit: the string is diffed (common
 * prefix/suffix, then a word-level Myers diff refined to characters), so an edit in the middle of
 * a long paragraph touches only that word and characters the target keeps keep their Yjs items
 * (text typed next to them offline still lands in the right place). Marks are then fixed with
 * `format` on the runs whose formatting differs, never by retyping.
 */

export type Edit = { keep: number } | { del: number } | { ins: string }

const isHigh = (c: number): boolean => c >= 0xd800 && c <= 0xdbff
const isLow = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff

/** Common prefix/suffix lengths that never split a surrogate pair (Yjs would turn half of one into U+FFFD). */
function ends(a: string, b: string): [number, number] {
  let pre = 0
  const min = Math.min(a.length, b.length)
  while (pre < min && a.charCodeAt(pre) === b.charCodeAt(pre)) pre++
  if (pre > 0 && pre < min && isHigh(a.charCodeAt(pre - 1))) pre--
  let suf = 0
  while (suf < min - pre && a.charCodeAt(a.length - 1 - suf) === b.charCodeAt(b.length - 1 - suf)) suf++
  if (suf > 0 && isLow(a.charCodeAt(a.length - suf))) suf--
  return [pre, suf]
}

// Words, runs of whitespace, or single code points: a diff on these reads like a person's edit.
const TOKEN = /[\p{L}\p{N}_]+|\s+|[\s\S]/gu

/** The edit script turning `from` into `to`. */
export function textEdits(from: string, to: string): Edit[] {
  const out: Edit[] = []
  const push = (e: Edit): void => {
    const last = out[out.length - 1]
    if ('keep' in e && e.keep === 0) return
    if ('del' in e && e.del === 0) return
    if ('ins' in e && e.ins === '') return
    if (last && 'keep' in last && 'keep' in e) last.keep += e.keep
    else if (last && 'del' in last && 'del' in e) last.del += e.del
    else if (last && 'ins' in last && 'ins' in e) last.ins += e.ins
    else out.push(e)
  }
  // A replaced stretch: keep what its two sides share at their ends.
  const replace = (a: string, b: string): void => {
    const [pre, suf] = ends(a, b)
    push({ keep: pre })
    push({ del: a.length - pre - suf })
    push({ ins: b.slice(pre, b.length - suf) })
    push({ keep: suf })
  }
  const [pre, suf] = ends(from, to)
  push({ keep: pre })
  const a = from.slice(pre, from.length - suf).match(TOKEN) ?? []
  const b = to.slice(pre, to.length - suf).match(TOKEN) ?? []
  if (!alike(a, b)) {
    // Texts that share few words (two unrelated paragraphs paired): a word diff would keep only
    // scattered spaces and "the"s, at O((N+M)·D) cost. Replace the middle whole.
    replace(from.slice(pre, from.length - suf), to.slice(pre, to.length - suf))
    push({ keep: suf })
    return out
  }
  let i = 0
  let j = 0
  for (const [mi, mj] of [...lcsPairs(a, b), [a.length, b.length] as [number, number]]) {
    replace(a.slice(i, mi).join(''), b.slice(j, mj).join(''))
    if (mi < a.length) push({ keep: a[mi]!.length })
    i = mi + 1
    j = mj + 1
  }
  push({ keep: suf })
  return out
}

/** Tokens the longer side must share with the other (as a multiset) for a word diff to be worth it. */
const ALIKE = 0.3
/** Below this many tokens a word diff is cheap whatever it finds. */
const SMALL = 64

/** Whether two token lists share enough (multiset intersection: an upper bound of their LCS) to diff. */
function alike(a: readonly string[], b: readonly string[]): boolean {
  if (a.length + b.length <= SMALL || a.length === 0 || b.length === 0) return true
  const counts = new Map<string, number>()
  for (const t of a) counts.set(t, (counts.get(t) ?? 0) + 1)
  let common = 0
  for (const t of b) {
    const n = counts.get(t)
    if (n) {
      counts.set(t, n - 1)
      common++
    }
  }
  return common >= ALIKE * Math.max(a.length, b.length)
}

/** Short stable suffix for a second mark of the same type on one run (y-tiptap's `name--xxxxxxxx`). */
function suffix(s: string): string {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193)
  return (h >>> 0).toString(36).padStart(8, '0').slice(-8)
}

const markKey = (m: Mark): string => canonMarks([m])

/**
 * Formatting attributes for `marks`, reusing a key already present (`present`) when it reads as
 * the same mark, so y-tiptap's hashed keys and equal values are left alone.
 */
export function attributesFor(marks: readonly Mark[], present: Record<string, unknown> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const mark of marks) {
    const reuse = Object.keys(present).find((k) => !(k in out) && markName(k) === mark.type && markKey(attrToMark(k, present[k])) === markKey(mark))
    if (reuse !== undefined) {
      out[reuse] = present[reuse]
      continue
    }
    let key = mark.type
    for (let n = 0; key in out; n++) key = `${mark.type}--${suffix(markKey(mark) + n)}`
    out[key] = copyJson(mark.attrs ?? {})
  }
  return out
}

type Op = { insert: unknown; attributes?: Record<string, unknown> }

/** Every formatting key the text has ever used (live format items), so stale boundaries can be nulled. */
function formatKeys(text: Y.XmlText): Set<string> {
  const keys = new Set<string>()
  // Internal walk, as y-prosemirror's own updateYText does: deltas do not show unused format items.
  for (let n = (text as unknown as { _start: Y.Item | null })._start; n !== null; n = n.right as Y.Item | null) {
    if (!n.deleted && n.content instanceof Y.ContentFormat) keys.add(n.content.key)
  }
  return keys
}

/** Makes `text` read as `runs`. Returns whether it changed anything. */
export function reconcileText(text: Y.XmlText, runs: readonly Run[]): boolean {
  let changed = false
  // Embeds are invisible to fragmentToJson but take index space: drop them first.
  const delta = text.toDelta() as Op[]
  let index = 0
  const embeds: number[] = []
  for (const op of delta) {
    if (typeof op.insert === 'string') index += op.insert.length
    else embeds.push(index++)
  }
  for (const at of embeds.reverse()) text.delete(at, 1)
  changed ||= embeds.length > 0
  const from = delta.map((op) => (typeof op.insert === 'string' ? op.insert : '')).join('')
  const to = runs.map((r) => r.text).join('')

  // Text: apply the edit script; inserted pieces get their run's marks directly.
  const starts: number[] = []
  let acc = 0
  for (const r of runs) {
    starts.push(acc)
    acc += r.text.length
  }
  // One delta, applied in one walk over the text (an insert or delete by index walks from the
  // start each time: quadratic in the edits of a long paragraph).
  const ops: ({ retain: number } | { delete: number } | { insert: string; attributes: Record<string, unknown> })[] = []
  let cursor = 0
  for (const e of textEdits(from, to)) {
    if ('keep' in e) {
      cursor += e.keep
      ops.push({ retain: e.keep })
    } else if ('del' in e) {
      ops.push({ delete: e.del })
      changed = true
    } else {
      let done = 0
      while (done < e.ins.length) {
        const at = cursor
        let r = starts.length - 1
        while (r > 0 && starts[r]! > at) r--
        const run = runs[r]!
        const piece = e.ins.slice(done, Math.min(e.ins.length, starts[r]! + run.text.length - at + done))
        ops.push({ insert: piece, attributes: attributesFor(run.marks) })
        cursor += piece.length
        done += piece.length
      }
      changed = true
    }
  }
  while (ops.length > 0 && 'retain' in ops[ops.length - 1]!) ops.pop()
  // Yjs may drop the trailing newline of a delta's last insert at the end of the text (a Quill
  // convention; which `sanitize` value does it differs between versions): an empty retain after
  // it makes it not the last op. A zero-length retain with no attributes does nothing.
  const last = ops[ops.length - 1]
  if (last && 'insert' in last && last.insert.endsWith('\n')) ops.push({ retain: 0 })
  if (ops.length > 0) text.applyDelta(ops)
  return fixMarks(text, runs, starts) || changed
}

/** Formats each target run whose covering delta ops are not exactly one op with its marks. */
function fixMarks(text: Y.XmlText, runs: readonly Run[], starts: number[]): boolean {
  const ops = (text.toDelta() as Op[]).filter((op) => typeof op.insert === 'string') as { insert: string; attributes?: Record<string, unknown> }[]
  let stale: Set<string> | null = null
  let changed = false
  let o = 0
  let oStart = 0
  runs.forEach((run, r) => {
    const t0 = starts[r]!
    const t1 = t0 + run.text.length
    while (o < ops.length && oStart + ops[o]!.insert.length <= t0) oStart += ops[o++]!.insert.length
    const covering: Record<string, unknown>[] = []
    for (let k = o, s = oStart; k < ops.length && s < t1; s += ops[k]!.insert.length, k++) covering.push(ops[k]!.attributes ?? {})
    const want = canonMarks(run.marks)
    const ok = covering.length === 1 && canonMarks(Object.entries(covering[0]!).map(([k, v]) => attrToMark(k, v))) === want
    if (ok) return
    const present = Object.assign({}, ...covering) as Record<string, unknown>
    const attrs = attributesFor(run.marks, present)
    stale ??= formatKeys(text)
    for (const key of stale) if (!(key in attrs)) attrs[key] = null
    text.format(t0, t1 - t0, attrs)
    changed = true
  })
  return changed
}
