import { CHECKLIST_BLOCK, checklistBlocks } from '#shared/ml/checklist'
import { blocksWithRuns, EXPERIMENT_BLOCK } from '#shared/ml/runs'
import type { IndexedBlockKind } from '../hub/block-index.ts'

/** The `blocks.kind` of experiment logs: runs are posted to a block id, found through this index. */
export const EXPERIMENT_KIND = 'experiment'
/** The `blocks.kind` of deployment checklists. */
export const CHECKLIST_KIND = 'checklist'

/**
 * The ML block kinds the hub indexes. Both also count ids found only in the document's maps: a
 * log whose node was cut keeps its runs (and a script may still post to it) until it is pasted back.
 */
export const mlBlockKinds: readonly IndexedBlockKind[] = [
  { kind: EXPERIMENT_KIND, nodeNames: [EXPERIMENT_BLOCK], fromMaps: blocksWithRuns },
  { kind: CHECKLIST_KIND, nodeNames: [CHECKLIST_BLOCK], fromMaps: checklistBlocks },
]
