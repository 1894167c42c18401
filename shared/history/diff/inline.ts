import type { JsonNode } from '../../api/docs.ts'
import { mentionText } from '../../doc/markdown-inline.ts'
import { MENTION_NODE, TABLE_NODES } from '../../doc/rich-nodes.ts'
import { DOC_LINK_NODE } from '../../hub/links.ts'
import type { InlineOp } from '../types.ts'
import { Interner, lcsPairs } from './lcs.ts'

/**
 * Word-level text diff for one block. Hand-written rather than the `diff` package (jsdiff): it is
 * not installed, and a word LCS over interned tokens with a cell budget is ~100 lines we can
 * bound exactly (HISTORY_LIMITS), which a general library would not let us do.
 */

/** Words, runs of whitespace, and single punctuation marks: what a reader sees as one change. */
const TOKEN = /\s+|[\p{L}\p{N}_]+|[^\s\p{L}\p{N}_]/gu

export const tokenize = (s: string): string[] => s.match(TOKEN) ?? []

/** The cells one inline diff may fill (the table is words × words). */
const MAX_INLINE_CELLS = 4_000_000

/**
 * Ops whose 'equal' + 'insert' texts concatenate to `after` and 'equal' + 'delete' texts to
 * `before`. Adjacent ops of one kind are merged; a delete comes before the insert it replaces.
 */
export function diffWords(before: string, after: string): InlineOp[] {
  const a = tokenize(before)
  const b = tokenize(after)
  const interner = new Interner()
  const { pairs } = lcsPairs(
    a.map((t) => interner.id(t)),
    b.map((t) => interner.id(t)),
    MAX_INLINE_CELLS,
  )
  const ops: InlineOp[] = []
  const push = (op: InlineOp['op'], text: string) => {
    if (text === '') return
    const last = ops[ops.length - 1]
    if (last?.op === op) last.text += text
    else ops.push({ op, text })
  }
  let i = 0
  let j = 0
  for (const [pi, pj] of [...pairs, [a.length, b.length] as [number, number]]) {
    push('delete', a.slice(i, pi).join(''))
    push('insert', b.slice(j, pj).join(''))
    if (pi < a.length) push('equal', a[pi]!)
    i = pi + 1
    j = pj + 1
  }
  return ops
}

const INLINE_ATOMS = new Set(['text', 'hardBreak', DOC_LINK_NODE, MENTION_NODE])

/**
 * The text a block is diffed by: its inline text, a doc link as `[[docId]]` (so relinking shows
 * as a change), a mention as `@Name`, a hard break as a newline, nested blocks (list items, quote
 * paragraphs) one per line, a table one row per line with its cells between ` | `.
 */
export function blockText(node: JsonNode): string {
  if (node.type === 'text') return node.text ?? ''
  if (node.type === DOC_LINK_NODE) return `[[${typeof node.attrs?.docId === 'string' ? node.attrs.docId : ''}]]`
  if (node.type === MENTION_NODE) return mentionText(node)
  if (node.type === 'hardBreak') return '\n'
  const children = node.content ?? []
  if (node.type === TABLE_NODES.row) return children.map((cell) => blockText(cell).replace(/\n/g, ' ')).join(' | ')
  const inline = children.every((c) => INLINE_ATOMS.has(c.type))
  return children.map(blockText).join(inline ? '' : '\n')
}

/**
 * How alike two texts are, 0..1 (Dice coefficient over word multisets): whether a removed and an
 * added block of one type are the same block edited. Linear, so it is cheap for any pair tried.
 */
export function similarity(a: string, b: string): number {
  const wa = tokenize(a.toLowerCase()).filter((t) => t.trim() !== '')
  const wb = tokenize(b.toLowerCase()).filter((t) => t.trim() !== '')
  if (wa.length === 0 && wb.length === 0) return 1
  if (wa.length === 0 || wb.length === 0) return 0
  const counts = new Map<string, number>()
  for (const w of wa) counts.set(w, (counts.get(w) ?? 0) + 1)
  let common = 0
  for (const w of wb) {
    const c = counts.get(w) ?? 0
    if (c > 0) {
      common++
      counts.set(w, c - 1)
    }
  }
  return (2 * common) / (wa.length + wb.length)
}
