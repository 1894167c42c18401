import type { InlineOp } from '#shared/history/types'

/** Which side of a word diff to draw: both (inline mode) or one column of side by side. */
export type DiffSide = 'both' | 'before' | 'after'

export interface TextDiff {
  ops: readonly InlineOp[]
  side: DiffSide
}

/**
 * A word-level diff as <ins>/<del>. One column of side by side shows its own side only (the
 * old text with deletions marked, the new with insertions), so each column reads as a text.
 */
export function InlineDiff({ ops, side }: TextDiff) {
  return (
    <>
      {coalesce(ops).map((op, i) => {
        if (op.op === 'equal') return <span key={i}>{withLinks(op.text)}</span>
        if (op.op === 'insert') return side === 'before' ? null : <ins key={i}>{withLinks(op.text)}</ins>
        return side === 'after' ? null : <del key={i}>{withLinks(op.text)}</del>
      })}
    </>
  )
}

/**
 * A word diff of a rewritten phrase alternates word by word ("~~come~~ older ~~from~~ than"),
 * which nobody can read. Inside a replacement (deletions and insertions both pending), a space
 * or a dash between two changed words joins both sides, so it reads "~~come from~~ older than".
 * Each side's text is unchanged.
 */
const GLUE = /^(\s+|[\s\p{P}]{1,3})$/u

export function coalesce(ops: readonly InlineOp[]): InlineOp[] {
  const out: InlineOp[] = []
  let del = ''
  let ins = ''
  const flush = (): void => {
    if (del) out.push({ op: 'delete', text: del })
    if (ins) out.push({ op: 'insert', text: ins })
    del = ins = ''
  }
  ops.forEach((op, i) => {
    if (op.op === 'delete') del += op.text
    else if (op.op === 'insert') ins += op.text
    else if (del && ins && GLUE.test(op.text) && ops[i + 1] !== undefined && ops[i + 1]!.op !== 'equal') {
      del += op.text
      ins += op.text
    } else {
      flush()
      out.push(op)
    }
  })
  flush()
  return out
}

/**
 * How much of a changed text stayed (letters and digits of equal runs over the longer side), 0..1.
 * Below REWRITE_SHARE the block was rewritten: old and new read better whole than interleaved.
 */
export function keptShare(ops: readonly InlineOp[]): number {
  const count = (keep: (op: InlineOp) => boolean) => ops.filter(keep).reduce((n, op) => n + (op.text.match(/[\p{L}\p{N}]/gu)?.length ?? 0), 0)
  const kept = count((o) => o.op === 'equal')
  const longer = Math.max(kept + count((o) => o.op === 'delete'), kept + count((o) => o.op === 'insert'))
  return longer === 0 ? 1 : kept / longer
}

export const REWRITE_SHARE = 0.3

/** The diff's text writes a page link as `[[docId]]` (shared/history/diff/inline.ts): shown as the renderer shows links. */
const LINK = /(\[\[[A-Za-z0-9_-]{1,64}\]\])/
function withLinks(text: string) {
  if (!text.includes('[[')) return text
  return text.split(LINK).map((part, i) =>
    LINK.test(part) ? (
      <span key={i} className="cv-doclink">
        ↗ linked page
      </span>
    ) : (
      part
    ),
  )
}

/**
 * A list's diff, one line per item: the block's text joins items with newlines (jsonToText), so
 * splitting the ops there gives the items back and a list still reads as a list.
 */
export function splitLines(ops: readonly InlineOp[]): InlineOp[][] {
  const lines: InlineOp[][] = [[]]
  for (const op of ops) {
    op.text.split('\n').forEach((part, i) => {
      if (i > 0) lines.push([])
      if (part !== '') lines[lines.length - 1]!.push({ op: op.op, text: part })
    })
  }
  return lines.filter((line) => line.length > 0)
}

/** Whether a line shows on `side`, and whether it is wholly new or wholly gone. */
export function lineKind(line: readonly InlineOp[]): 'insert' | 'delete' | 'mixed' {
  if (line.every((op) => op.op === 'insert')) return 'insert'
  if (line.every((op) => op.op === 'delete')) return 'delete'
  return 'mixed'
}

export function DiffList({ ops, side, ordered }: TextDiff & { ordered: boolean }) {
  const items = splitLines(ops)
    .map((line, i) => ({ line, i, kind: lineKind(line) }))
    .filter(({ kind }) => !(side === 'before' && kind === 'insert') && !(side === 'after' && kind === 'delete'))
  const List = ordered ? 'ol' : 'ul'
  return (
    <List>
      {items.map(({ line, i, kind }) => (
        <li key={i} className={kind === 'mixed' ? undefined : `cv-li--${kind}`}>
          <InlineDiff ops={line} side={side} />
        </li>
      ))}
    </List>
  )
}
