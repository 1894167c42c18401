import type { InlineOp } from '#shared/history/types'

/** Which side of a word diff to draw: both (inline mode) or one column of side by side. */
export type DiffSide = 'both' | 'before' | 'after'

/**
 * A word-level diff as <ins>/<del>. One column of side by side shows its own side only (the
 * old text with deletions marked, the new with insertions), so each column reads as a text.
 */
export function InlineDiff({ ops, side }: { ops: readonly InlineOp[]; side: DiffSide }) {
  return (
    <>
      {ops.map((op, i) => {
        if (op.op === 'equal') return <span key={i}>{op.text}</span>
        if (op.op === 'insert') return side === 'before' ? null : <ins key={i}>{op.text}</ins>
        return side === 'after' ? null : <del key={i}>{op.text}</del>
      })}
    </>
  )
}
