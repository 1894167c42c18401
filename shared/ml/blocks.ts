/**
 * The names of the ML blocks (Tiptap node names, also the Y.XmlElement names in documents), in
 * one place. The data blocks keep their names next to their data (runs.ts, checklist.ts,
 * model-card.ts); this module re-exports them with the blocks that hold no data of their own.
 */
export { EXPERIMENT_BLOCK } from './runs.ts'
export { CHECKLIST_BLOCK } from './checklist.ts'
export { MODEL_CARD_BLOCK } from './model-card.ts'

/**
 * A saved comparison over every run of the project (the runs page, embedded in a document). Its
 * view lives in the node's attrs, so it is shared and synced like any other edit:
 * `{ id, dataset, tag, metric, order, picked }`, where `picked` holds run keys,
 * `<experiment block id>/<run id>` (run ids are unique within one experiment log only).
 */
export const RUN_COMPARISON_BLOCK = 'runComparison'

export interface RunComparisonView {
  dataset: string
  tag: string
  /** The metric the list is sorted by; '' lets the view pick the first one. */
  metric: string
  order: 'asc' | 'desc' | ''
  picked: string[]
}

/** A comparison's view from node attrs, tolerant of anything (old copies, pasted HTML, bad values). */
export function readComparisonView(attrs: Record<string, unknown>): RunComparisonView {
  const str = (v: unknown): string => (typeof v === 'string' ? v.slice(0, 200) : '')
  let picked: unknown = attrs.picked
  if (typeof picked === 'string') {
    try {
      picked = JSON.parse(picked)
    } catch {
      picked = []
    }
  }
  const keys = Array.isArray(picked) ? picked.filter((k): k is string => typeof k === 'string' && k.length > 0 && k.length <= 300) : []
  return {
    dataset: str(attrs.dataset),
    tag: str(attrs.tag),
    metric: str(attrs.metric),
    order: attrs.order === 'asc' || attrs.order === 'desc' ? attrs.order : '',
    picked: [...new Set(keys)].slice(0, 50),
  }
}
