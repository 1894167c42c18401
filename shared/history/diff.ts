import type { JsonNode } from '../api/docs.ts'
import { HISTORY_LIMITS } from '../limits.ts'
import { blockChanges } from './diff/fields.ts'
import { blockText, diffWords } from './diff/inline.ts'
import { blockKey, matchBlocks } from './diff/match.ts'
import { summarize } from './diff/summary.ts'
import type { DiffCounts, DiffEntry, DocDiff } from './types.ts'

export { blockKey, summarize }

export type HistoryLimits = { [K in keyof typeof HISTORY_LIMITS]: number }

/**
 * The block-level diff of two documents (shared/history/types.ts says what the entries mean;
 * diff/match.ts how blocks are matched). Pure and bounded: blocks past `maxDiffBlocks` are
 * compared by position, a block's text longer than `maxInlineDiffChars` or past the
 * `maxDiffTextChars` budget gets no word diff; each of these sets `truncated`.
 *
 * ML blocks are compared by their data only if the JSON carries it (`attachBlockData`).
 */
export function diffDocs(before: JsonNode, after: JsonNode, limits: HistoryLimits = HISTORY_LIMITS): DocDiff {
  const b = before.content ?? []
  const a = after.content ?? []
  const { slots, truncated: blocksCut } = matchBlocks(b, a, limits.maxDiffBlocks)
  let truncated = blocksCut
  let budget = limits.maxDiffTextChars
  const counts: DiffCounts = { added: 0, removed: 0, changed: 0, moved: 0 }
  const entries: DiffEntry[] = slots.map((slot): DiffEntry => {
    if (slot.kind === 'same') return slot
    counts[slot.kind]++
    if (slot.kind !== 'changed') return slot
    const { before: i, after: j } = slot
    if (slot.coarse) return { kind: 'changed', before: i, after: j, fields: [], runs: [] }
    const entry: DiffEntry = { kind: 'changed', before: i, after: j, ...blockChanges(b[i]!, a[j]!) }
    const from = blockText(b[i]!)
    const to = blockText(a[j]!)
    if (from !== to) {
      const size = from.length + to.length
      if (Math.max(from.length, to.length) > limits.maxInlineDiffChars || size > budget) truncated = true
      else {
        budget -= size
        entry.text = diffWords(from, to)
      }
    }
    return entry
  })
  const diff: DocDiff = { entries, counts, summary: '', truncated }
  diff.summary = summarize(before, after, diff)
  return diff
}
