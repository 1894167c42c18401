import type { BlockAttribution } from './api.ts'
import { when } from './format.ts'

/** One label beside the live document: the first of a run of blocks last changed by the same version and person. */
export interface BlockLabel {
  /** Top-level block index the label sits beside. */
  index: number
  /** How many blocks from `index` share it. */
  span: number
  text: string
  /** The full sentence, for the tooltip and screen readers. */
  title: string
  versionId: number | null
  userId: string
}

const sameChange = (a: BlockAttribution, b: BlockAttribution): boolean => a.versionId === b.versionId && a.author?.userId === b.author?.userId

/**
 * Labels for the blocks the server attributed (`GET /api/docs/:id/attribution`), like a blame
 * gutter: one label per run of neighbouring blocks with the same last change, so a page written
 * in one sitting reads as one note rather than a column of repeats. Blocks the server knows no
 * writer for (text from before history began) get no label.
 */
export function blockLabels(blocks: readonly BlockAttribution[], now = new Date()): BlockLabel[] {
  const out: BlockLabel[] = []
  let run: { label: BlockLabel; block: BlockAttribution } | null = null
  for (const block of [...blocks].sort((a, b) => a.index - b.index)) {
    if (run && run.label.index + run.label.span === block.index && sameChange(run.block, block)) {
      run.label.span++
      continue
    }
    run = null
    if (!block.author) continue
    const at = block.at ? when(block.at, now) : null
    const label: BlockLabel = {
      index: block.index,
      span: 1,
      text: at ? `${block.author.name} · ${at}` : block.author.name,
      title: `Last changed by ${block.author.name}${at ? `, ${at}` : ''}`,
      versionId: block.versionId,
      userId: block.author.userId,
    }
    out.push(label)
    run = { label, block }
  }
  return out
}
