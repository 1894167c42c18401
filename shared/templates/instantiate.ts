import type { JsonNode } from '../api/docs.ts'
import { TASK_NODE } from '../blocks/task.ts'
import { CHECKLIST_BLOCK } from '../ml/checklist.ts'
import { MODEL_CARD_BLOCK } from '../ml/model-card.ts'
import { EXPERIMENT_BLOCK } from '../ml/runs.ts'

/** Blocks whose `id` must be unique per instance, and the attributes that refer to another block's id. */
const ID_BLOCKS = new Set([TASK_NODE, EXPERIMENT_BLOCK, CHECKLIST_BLOCK, MODEL_CARD_BLOCK])
const REFERENCES: Record<string, string[]> = { [MODEL_CARD_BLOCK]: ['runsBlock'], [TASK_NODE]: ['deps'] }

/**
 * A template's content with a fresh id for every block that has one, and references between its
 * blocks (a model card's runs block, a task's dependencies) pointing at the new ids. Two uses of
 * one template never share a block id; references to blocks outside the template are kept.
 */
export function instantiate(content: readonly JsonNode[], newId: () => string): JsonNode[] {
  const ids = new Map<string, string>()
  const collect = (n: JsonNode) => {
    const id = n.attrs?.id
    if (ID_BLOCKS.has(n.type) && typeof id === 'string' && !ids.has(id)) ids.set(id, newId())
    n.content?.forEach(collect)
  }
  content.forEach(collect)
  const rewrite = (n: JsonNode): JsonNode => {
    const attrs = n.attrs ? { ...n.attrs } : undefined
    if (attrs && ID_BLOCKS.has(n.type) && typeof attrs.id === 'string') attrs.id = ids.get(attrs.id)!
    for (const ref of REFERENCES[n.type] ?? []) {
      const v = attrs?.[ref]
      if (typeof v === 'string') attrs![ref] = ids.get(v) ?? v
      else if (Array.isArray(v)) attrs![ref] = v.map((x) => (typeof x === 'string' ? (ids.get(x) ?? x) : x))
    }
    return { ...n, ...(attrs ? { attrs } : {}), ...(n.content ? { content: n.content.map(rewrite) } : {}) }
  }
  return content.map(rewrite)
}
