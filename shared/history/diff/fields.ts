import type { JsonNode } from '../../api/docs.ts'
import { parseTaskAttrs, TASK_NODE } from '../../blocks/task.ts'
import { readComparisonView, RUN_COMPARISON_BLOCK } from '../../ml/blocks.ts'
import { CHECKLIST_BLOCK } from '../../ml/checklist.ts'
import { MODEL_CARD_BLOCK } from '../../ml/model-card.ts'
import { EXPERIMENT_BLOCK } from '../../ml/runs.ts'
import { cardOf, checklistOf, ownAttrs, runsOf, type RunSnapshot } from '../block-data.ts'
import type { FieldChange, RunChange } from '../types.ts'
import { blockText } from './inline.ts'
import { sameValue } from './stable.ts'

/**
 * What changed inside one block, in the block model's own terms: task fields by name, runs of an
 * experiment log, checklist items and decision, model-card sections, a comparison's view; for
 * any other block its attrs. Field names are stable API: the compare view and summary read them.
 *
 * - task: `title`, `status`, `assignee`, `due`, `estimate`, `priority`, `stage`, `deps`
 * - experiment log: its settings (`metric`, `lowerIsBetter`, `sweep`) and one RunChange per run
 * - checklist: `items.<itemId>` ({ text, signedBy } or null), `gates.<gateId>` (kind or null), `decision`
 * - model card: its settings (`runsBlock`, `metric`), `sections.<key>` (text or null), `runs` (linked run keys)
 * - run comparison: `dataset`, `tag`, `metric`, `order`, `picked`
 */
export interface BlockChanges {
  fields: FieldChange[]
  runs: RunChange[]
}

export const TASK_FIELDS = ['title', 'status', 'assignee', 'due', 'estimate', 'priority', 'stage', 'deps'] as const

export function blockChanges(before: JsonNode, after: JsonNode): BlockChanges {
  if (before.type !== after.type) return { fields: [{ field: 'type', from: before.type, to: after.type }], runs: [] }
  switch (after.type) {
    case TASK_NODE:
      return { fields: taskFields(before, after), runs: [] }
    case EXPERIMENT_BLOCK:
      return { fields: attrFields(ownAttrs(before), ownAttrs(after)), runs: runChanges(runsOf(before), runsOf(after)) }
    case CHECKLIST_BLOCK:
      return { fields: [...attrFields(ownAttrs(before), ownAttrs(after)), ...checklistFields(before, after)], runs: [] }
    case MODEL_CARD_BLOCK:
      return { fields: [...attrFields(ownAttrs(before), ownAttrs(after)), ...cardFields(before, after)], runs: [] }
    case RUN_COMPARISON_BLOCK: {
      const a = readComparisonView(ownAttrs(before)) as unknown as Record<string, unknown>
      const b = readComparisonView(ownAttrs(after)) as unknown as Record<string, unknown>
      return { fields: attrFields(a, b), runs: [] }
    }
    default:
      return { fields: attrFields(before.attrs ?? {}, after.attrs ?? {}), runs: [] }
  }
}

function taskFields(before: JsonNode, after: JsonNode): FieldChange[] {
  // Through parseTaskAttrs, so a malformed value and its default read the same (as the index does).
  const a = { ...parseTaskAttrs(before.attrs ?? {}), title: blockText(before) }
  const b = { ...parseTaskAttrs(after.attrs ?? {}), title: blockText(after) }
  return TASK_FIELDS.filter((f) => !sameValue(a[f], b[f])).map((field) => ({ field, from: a[field], to: b[field] }))
}

/** Changed keys of two attr maps (the block id is identity, not a field), in a stable order. */
function attrFields(a: Record<string, unknown>, b: Record<string, unknown>): FieldChange[] {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => k !== 'id').sort()
  return keys.filter((k) => !sameValue(a[k] ?? null, b[k] ?? null)).map((field) => ({ field, from: a[field] ?? null, to: b[field] ?? null }))
}

const RUN_FIELDS = ['name', 'status', 'start', 'end', 'commit', 'dataset', 'tags', 'notes', 'trackerUrl', 'archivedAt'] as const

/** Runs in `after`'s order, then the removed ones; `keys` names metrics, then params, then run fields. */
export function runChanges(before: readonly RunSnapshot[], after: readonly RunSnapshot[]): RunChange[] {
  const old = new Map(before.map((r) => [r.runId, r]))
  const now = new Set(after.map((r) => r.runId))
  const out: RunChange[] = []
  for (const r of after) {
    const o = old.get(r.runId)
    if (!o) {
      out.push({ runId: r.runId, name: r.name, change: 'added', keys: [] })
      continue
    }
    const keys = [...changedKeys(o.metrics, r.metrics), ...changedKeys(o.params, r.params), ...RUN_FIELDS.filter((f) => !sameValue(o[f], r[f]))]
    if (keys.length > 0) out.push({ runId: r.runId, name: r.name, change: 'changed', keys })
  }
  for (const o of before) if (!now.has(o.runId)) out.push({ runId: o.runId, name: o.name, change: 'removed', keys: [] })
  return out
}

export function changedKeys(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => !sameValue(a[k], b[k])).sort()
}

function checklistFields(before: JsonNode, after: JsonNode): FieldChange[] {
  const a = checklistOf(before)
  const b = checklistOf(after)
  const out: FieldChange[] = []
  const item = (i: { text: string; signedBy: string | null } | undefined) => (i ? { text: i.text, signedBy: i.signedBy } : null)
  const itemsA = new Map(a.items.map((i) => [i.id, i]))
  const itemsB = new Map(b.items.map((i) => [i.id, i]))
  for (const id of [...new Set([...itemsB.keys(), ...itemsA.keys()])]) {
    const from = item(itemsA.get(id))
    const to = item(itemsB.get(id))
    if (!sameValue(from, to)) out.push({ field: `items.${id}`, from, to })
  }
  const gatesA = new Map(a.gates.map((g) => [g.id, g.kind]))
  const gatesB = new Map(b.gates.map((g) => [g.id, g.kind]))
  for (const id of [...new Set([...gatesB.keys(), ...gatesA.keys()])]) {
    if (gatesA.get(id) !== gatesB.get(id)) out.push({ field: `gates.${id}`, from: gatesA.get(id) ?? null, to: gatesB.get(id) ?? null })
  }
  if (!sameValue(a.decision, b.decision)) out.push({ field: 'decision', from: a.decision, to: b.decision })
  return out
}

function cardFields(before: JsonNode, after: JsonNode): FieldChange[] {
  const a = cardOf(before)
  const b = cardOf(after)
  const out: FieldChange[] = []
  for (const key of changedKeys(a.sections, b.sections))
    out.push({ field: `sections.${key}`, from: a.sections[key as never] ?? null, to: b.sections[key as never] ?? null })
  const links = (c: typeof a) => c.links.map((l) => `${l.blockId}/${l.runId}`).sort()
  if (!sameValue(links(a), links(b))) out.push({ field: 'runs', from: links(a), to: links(b) })
  return out
}
