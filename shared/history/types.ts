import { z } from 'zod'
import { JsonNodeSchema } from '../api/docs.ts'

/**
 * The block-level diff of two documents (ProseMirror JSON, `fragmentToJson`), as
 * `diffDocs(before, after)` (shared/history/diff.ts) computes it and the compare view renders
 * it. Pure data: the server computes it, the client only draws it.
 *
 * `entries` walk the union of both documents in reading order of `after`, with removed blocks
 * placed where they were: every top-level block of either side appears exactly once (a moved
 * block once, as 'moved', at its new place). Indexes point into `before.content` / `after.content`.
 */

/** A run of words in an inline diff. */
export const InlineOp = z.object({ op: z.enum(['equal', 'insert', 'delete']), text: z.string() })
export type InlineOp = z.infer<typeof InlineOp>

/** A field of a block whose value changed: task fields by name (status, assignee, due, deps…), else attrs. */
export const FieldChange = z.object({ field: z.string(), from: z.unknown(), to: z.unknown() })
export type FieldChange = z.infer<typeof FieldChange>

/** A run of an experiment log added, removed or changed (metrics/params named). */
export const RunChange = z.object({
  runId: z.string(),
  name: z.string(),
  change: z.enum(['added', 'removed', 'changed']),
  /** Metric and param names whose values changed (for 'changed'). */
  keys: z.array(z.string()),
})
export type RunChange = z.infer<typeof RunChange>

export const DiffEntry = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('same'), before: z.number().int(), after: z.number().int() }),
  z.object({ kind: z.literal('added'), after: z.number().int() }),
  z.object({ kind: z.literal('removed'), before: z.number().int() }),
  z.object({ kind: z.literal('moved'), before: z.number().int(), after: z.number().int() }),
  z.object({
    kind: z.literal('changed'),
    before: z.number().int(),
    after: z.number().int(),
    /** Word-level diff of the block's text (absent when the text is equal or too long to diff). */
    text: z.array(InlineOp).optional(),
    fields: z.array(FieldChange),
    runs: z.array(RunChange),
  }),
])
export type DiffEntry = z.infer<typeof DiffEntry>

export const DiffCounts = z.object({
  added: z.number().int(),
  removed: z.number().int(),
  changed: z.number().int(),
  moved: z.number().int(),
})
export type DiffCounts = z.infer<typeof DiffCounts>

export const DocDiffSchema = z.object({
  entries: z.array(DiffEntry),
  counts: DiffCounts,
  /** One line for the history panel: "3 paragraphs added, task 'Label audit' → done, 2 metrics changed". */
  summary: z.string(),
  /**
   * The diff was bounded (`HISTORY_LIMITS`): past the block or text budget the remaining blocks
   * are compared whole (same/changed without inline detail). The view says so.
   */
  truncated: z.boolean(),
})
export type DocDiff = z.infer<typeof DocDiffSchema>

export { JsonNodeSchema }
