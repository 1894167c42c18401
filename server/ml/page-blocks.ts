import type { JsonNode } from '#shared/api/docs'
import { addMlTestScore, CHECKLIST_BLOCK, putGate } from '#shared/ml/checklist'
import { EXPERIMENT_BLOCK } from '#shared/ml/runs'
import type { PageInitialiser } from '../hub/pages.ts'
import { EXPERIMENT_KIND, CHECKLIST_KIND } from './block-kinds.ts'

/**
 * The ML blocks of a new page (a `PageInitialiser` for Pages): a checklist marked
 * `init: 'ml-test-score'` gets the rubric's 28 items and a gate on the evaluation tasks, written
 * into the document's maps. Experiment-log and checklist blocks are indexed now rather than after
 * the hub's indexing pause, so a script can post runs the moment the page exists.
 */
export const initialiseMlBlocks: PageInitialiser = ({ docId, userId, content }, { hub, registry }) => {
  const checklists: string[] = []
  const logs = new Set<string>()
  const walk = (n: JsonNode) => {
    if (n.type === CHECKLIST_BLOCK && n.attrs?.init === 'ml-test-score' && typeof n.attrs.id === 'string') checklists.push(n.attrs.id)
    if (n.type === EXPERIMENT_BLOCK && typeof n.attrs?.id === 'string') logs.add(n.attrs.id)
    n.content?.forEach(walk)
  }
  content.forEach(walk)
  if (logs.size > 0) hub.setBlocks(docId, EXPERIMENT_KIND, logs)
  if (checklists.length === 0) return
  registry.change(docId, userId, (doc) => {
    for (const id of checklists) {
      addMlTestScore(doc, id)
      putGate(doc, id, 'evaluation-done', { kind: 'tasks', stage: 'evaluation' })
    }
  })
  hub.setBlocks(docId, CHECKLIST_KIND, new Set(checklists))
}
