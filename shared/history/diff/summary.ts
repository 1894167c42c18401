import type { JsonNode } from '../../api/docs.ts'
import { TASK_NODE } from '../../blocks/task.ts'
import { FILE_NODE, IMAGE_NODE } from '../../doc/rich-nodes.ts'
import { RUN_COMPARISON_BLOCK } from '../../ml/blocks.ts'
import { CHECKLIST_BLOCK } from '../../ml/checklist.ts'
import { MODEL_CARD_BLOCK } from '../../ml/model-card.ts'
import { EXPERIMENT_BLOCK } from '../../ml/runs.ts'
import { runsOf } from '../block-data.ts'
import type { DiffEntry, DocDiff } from '../types.ts'
import { blockText } from './inline.ts'

/** The history panel's line: at most this many characters, the most telling changes first. */
export const SUMMARY_MAX = 140

const NAMES: Record<string, [string, string]> = {
  paragraph: ['paragraph', 'paragraphs'],
  heading: ['heading', 'headings'],
  bulletList: ['list', 'lists'],
  orderedList: ['list', 'lists'],
  taskList: ['list', 'lists'],
  codeBlock: ['code block', 'code blocks'],
  blockquote: ['quote', 'quotes'],
  horizontalRule: ['divider', 'dividers'],
  table: ['table', 'tables'],
  [IMAGE_NODE]: ['image', 'images'],
  [FILE_NODE]: ['file', 'files'],
  [TASK_NODE]: ['task', 'tasks'],
  [EXPERIMENT_BLOCK]: ['experiment log', 'experiment logs'],
  [CHECKLIST_BLOCK]: ['checklist', 'checklists'],
  [MODEL_CARD_BLOCK]: ['model card', 'model cards'],
  [RUN_COMPARISON_BLOCK]: ['run comparison', 'run comparisons'],
}
const plural = (n: number, type: string) => `${n} ${(NAMES[type] ?? ['block', 'blocks'])[n === 1 ? 0 : 1]}`
const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`
const quote = (s: string) => {
  const t = s.replace(/\s+/g, ' ').trim()
  return `'${t.length > 30 ? `${t.slice(0, 29).trimEnd()}…` : t || 'untitled'}'`
}
const STATUS: Record<string, string> = { todo: 'to do', in_progress: 'in progress', in_review: 'in review', done: 'done', cancelled: 'cancelled' }

/**
 * "3 paragraphs added, task 'Label audit' → done, 2 metrics changed, heading 'Goals' edited":
 * blocks added and removed, then task, run, checklist and card changes, headings, other edits,
 * moves. Parts that do not fit in SUMMARY_MAX are cut, with "…" saying so.
 */
export function summarize(before: JsonNode, after: JsonNode, diff: DocDiff): string {
  const b = before.content ?? []
  const a = after.content ?? []
  const parts: string[] = []
  // Counts per kind of block, largest first ("3 paragraphs added, 1 list added").
  const byType = (types: string[], verb: string) => {
    const counts = new Map<string, [number, string]>()
    for (const t of types) {
      const name = (NAMES[t] ?? ['block'])[0]
      const c = counts.get(name)
      if (c) c[0]++
      else counts.set(name, [1, t])
    }
    for (const [n, t] of [...counts.values()].sort((x, y) => y[0] - x[0])) parts.push(`${plural(n, t)} ${verb}`)
  }
  const entries = (kind: DiffEntry['kind']) => diff.entries.filter((e) => e.kind === kind)
  byType(
    entries('added').map((e) => a[(e as { after: number }).after]!.type),
    'added',
  )
  byType(
    entries('removed').map((e) => b[(e as { before: number }).before]!.type),
    'removed',
  )

  const changed = diff.entries.filter((e): e is Extract<DiffEntry, { kind: 'changed' }> => e.kind === 'changed')
  const tasks = changed.filter((e) => a[e.after]!.type === TASK_NODE && b[e.before]!.type === TASK_NODE)
  const taskParts = tasks.map((e) => {
    const status = e.fields.find((f) => f.field === 'status')
    const title = quote(blockText(a[e.after]!))
    return status ? `task ${title} → ${STATUS[String(status.to)] ?? String(status.to)}` : `task ${title} edited`
  })
  if (taskParts.length <= 2) parts.push(...taskParts)
  else parts.push(`${tasks.length} tasks changed`)

  const logs = changed.filter((e) => a[e.after]!.type === EXPERIMENT_BLOCK)
  let runsAdded = 0
  let runsRemoved = 0
  let metrics = 0
  let params = 0
  let runsEdited = 0
  for (const e of logs) {
    const old = new Map(runsOf(b[e.before]!).map((r) => [r.runId, r]))
    const now = new Map(runsOf(a[e.after]!).map((r) => [r.runId, r]))
    for (const r of e.runs) {
      if (r.change === 'added') runsAdded++
      else if (r.change === 'removed') runsRemoved++
      else {
        const o = old.get(r.runId)
        const n = now.get(r.runId)
        const isMetric = (k: string) => (o && k in o.metrics) || (n && k in n.metrics)
        const isParam = (k: string) => (o && k in o.params) || (n && k in n.params)
        const m = r.keys.filter(isMetric).length
        const p = r.keys.filter((k) => !isMetric(k) && isParam(k)).length
        metrics += m
        params += p
        if (m + p < r.keys.length) runsEdited++
      }
    }
  }
  if (runsAdded) parts.push(`${count(runsAdded, 'run', 'runs')} added`)
  if (runsRemoved) parts.push(`${count(runsRemoved, 'run', 'runs')} removed`)
  if (metrics) parts.push(`${count(metrics, 'metric', 'metrics')} changed`)
  if (params) parts.push(`${count(params, 'param', 'params')} changed`)
  if (runsEdited) parts.push(`${count(runsEdited, 'run', 'runs')} updated`)

  const lists = changed.filter((e) => a[e.after]!.type === CHECKLIST_BLOCK)
  let signed = 0
  let unsigned = 0
  let itemsAdded = 0
  let itemsRemoved = 0
  for (const e of lists) {
    for (const f of e.fields) {
      if (f.field === 'decision') parts.push(f.to ? 'ship decision recorded' : 'ship decision cleared')
      if (!f.field.startsWith('items.')) continue
      const was = (f.from as { signedBy?: unknown } | null)?.signedBy ?? null
      const is = (f.to as { signedBy?: unknown } | null)?.signedBy ?? null
      if (!f.from) itemsAdded++
      else if (!f.to) itemsRemoved++
      else if (!was && is) signed++
      else if (was && !is) unsigned++
    }
  }
  if (signed) parts.push(`${count(signed, 'checklist item', 'checklist items')} signed`)
  if (unsigned) parts.push(`${count(unsigned, 'checklist item', 'checklist items')} unsigned`)
  if (itemsAdded) parts.push(`${count(itemsAdded, 'checklist item', 'checklist items')} added`)
  if (itemsRemoved) parts.push(`${count(itemsRemoved, 'checklist item', 'checklist items')} removed`)
  const sections = changed.filter((e) => a[e.after]!.type === MODEL_CARD_BLOCK).flatMap((e) => e.fields.filter((f) => f.field.startsWith('sections.')))
  if (sections.length) parts.push(`model card: ${count(sections.length, 'section', 'sections')} edited`)

  const headings = changed.filter((e) => a[e.after]!.type === 'heading')
  if (headings.length <= 2) for (const e of headings) parts.push(`heading ${quote(blockText(b[e.before]!))} edited`)
  else parts.push(`${headings.length} headings edited`)

  const special = new Set<string>([TASK_NODE, EXPERIMENT_BLOCK, CHECKLIST_BLOCK, MODEL_CARD_BLOCK, 'heading'])
  const accounted = (e: Extract<DiffEntry, { kind: 'changed' }>) => {
    const t = a[e.after]!.type
    // An ML block is told by its data when its data changed; settings alone make it "edited".
    if (t === EXPERIMENT_BLOCK) return e.runs.length > 0
    if (t === CHECKLIST_BLOCK) return e.fields.some((f) => f.field.startsWith('items.') || f.field === 'decision')
    if (t === MODEL_CARD_BLOCK) return e.fields.some((f) => f.field.startsWith('sections.'))
    return special.has(t)
  }
  byType(
    changed.filter((e) => !accounted(e)).map((e) => a[e.after]!.type),
    'edited',
  )
  byType(
    entries('moved').map((e) => a[(e as { after: number }).after]!.type),
    'moved',
  )
  // Every change is told somehow, even one no rule above names.
  if (parts.length === 0 && diff.entries.some((e) => e.kind !== 'same')) parts.push('content changed')
  return fit(parts)
}

function fit(parts: string[]): string {
  if (parts.length === 0) return 'No changes'
  let out = ''
  for (const [i, part] of parts.entries()) {
    const next = out ? `${out}, ${part}` : part
    const room = i === parts.length - 1 ? SUMMARY_MAX : SUMMARY_MAX - 3
    if (next.length > room) return out ? `${out}, …` : `${part.slice(0, SUMMARY_MAX - 1)}…`
    out = next
  }
  return out
}
