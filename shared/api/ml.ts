import { z } from 'zod'
import type { ShipDecision } from '../ml/checklist.ts'
import type { ChecklistItem } from '../ml/gates.ts'
import type { Run } from '../ml/runs.ts'

/**
 * The ML API's bodies and answers (server/ml/routes/*.ts). Run bodies are defined with the run
 * data they write (shared/ml/runs.ts) and re-exported here. Where an answer carries a value the
 * document model already types (a run, a checklist item, a ship decision), the schema takes that
 * type as it is (`z.custom`) instead of listing its fields a second time: the server builds those
 * answers, nobody parses them.
 */
export { RunInput, RunPatch } from '../ml/runs.ts'

/** `GET /api/projects/:projectId/runs`: filter by dataset (`name` or `name@version`) or tag, sort by a metric. */
export const RunsQuery = z.object({
  dataset: z.string().max(200).optional(),
  tag: z.string().max(50).optional(),
  metric: z.string().max(100).optional(),
  order: z.enum(['asc', 'desc']).default('desc'),
})
export type RunsQuery = z.infer<typeof RunsQuery>

/** `POST …/experiments/:blockId/runs`: short, as scripts post thousands (201 created, 200 updated). */
export const RunWritten = z.object({ runId: z.string(), created: z.boolean() })
export type RunWritten = z.infer<typeof RunWritten>

/** `PATCH …/experiments/:blockId/runs/:runId`. */
export const RunPatched = z.object({ runId: z.string(), updated: z.literal(true) })
export type RunPatched = z.infer<typeof RunPatched>

/** `DELETE …/experiments/:blockId/runs/:runId`: `deleted` is false when the run was not there (idempotent). */
export const RunDeleted = z.object({ runId: z.string(), deleted: z.boolean() })
export type RunDeleted = z.infer<typeof RunDeleted>

/** A run of the project-wide list, with the block and document it was logged in. */
export const ProjectRun = z.intersection(z.custom<Run>(), z.object({ blockId: z.string(), docId: z.string() }))
export type ProjectRun = z.infer<typeof ProjectRun>

/** A checklist item's id in a path. */
export const ChecklistItemId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/)

/** A sign-off or decision found in the document that the server has no record of, and why. */
export const Unverified = z.object({ signedBy: z.string().nullable(), signedAt: z.string().nullable(), reason: z.string() })
export type Unverified = z.infer<typeof Unverified>

/** An item as the server vouches for it: signed only by its recorded sign-off. */
export const ChecklistItemView = z.intersection(
  z.custom<ChecklistItem & { area: string | null; order: number }>(),
  // A sign-off brought in by an import: `signedBy` is who imported it, this who the file said signed.
  z.object({ unverified: Unverified.nullable(), importedFrom: z.object({ userId: z.string(), at: z.string() }).nullable().optional() }),
)
export type ChecklistItemView = z.infer<typeof ChecklistItemView>

/** One gate, evaluated now. */
export const GateState = z.object({ label: z.string(), holds: z.boolean(), detail: z.string() })

/** `GET /api/projects/:projectId/checklists/:checklistId`. */
export const ChecklistView = z.object({
  items: z.array(ChecklistItemView),
  gates: z.array(GateState),
  ready: z.boolean(),
  /** Everything standing between the team and "ready to ship". */
  blockers: z.array(z.string()),
  /** The recorded ship decision. */
  decision: z.custom<ShipDecision>().nullable(),
  /** A decision in the document with no matching record. */
  unverifiedDecision: z.custom<ShipDecision>().nullable(),
  unverifiedSignOffs: z.number().int(),
})
export type ChecklistView = z.infer<typeof ChecklistView>

/** `POST …/ml-test-score`: how many items the checklist has now. */
export const MlTestScoreAdded = z.object({ items: z.number().int() })
export type MlTestScoreAdded = z.infer<typeof MlTestScoreAdded>

/** `POST …/items/:itemId/signoff`. */
export const SignedOff = z.object({ id: z.string(), signedBy: z.string(), signedAt: z.string() })
export type SignedOff = z.infer<typeof SignedOff>

/** `DELETE …/items/:itemId/signoff`: `withdrawn` is false when the item was not signed. */
export const Withdrawn = z.object({ id: z.string(), withdrawn: z.boolean() })
export type Withdrawn = z.infer<typeof Withdrawn>
