import * as Y from 'yjs'
import { TASK_NODE, parseTaskAttrs } from '#shared/blocks/task'
import type { PageType, SearchKind } from '#shared/api/search'
import { EDITOR_FRAGMENT } from '#shared/doc/fragment'
import { mentionText } from '#shared/doc/markdown-inline'
import { MENTION_NODE } from '#shared/doc/rich-nodes'
import { readTitle } from '#shared/doc/title'
import { SEARCH_LIMITS } from '#shared/limits'
import { CHECKLIST_BLOCK, readChecklist } from '#shared/ml/checklist'
import { MODEL_CARD_BLOCK, MODEL_CARD_SECTIONS, readCard } from '#shared/ml/model-card'
import { EXPERIMENT_BLOCK, readRuns } from '#shared/ml/runs'
import { titleOf } from '../tasks/extract.ts'

/** One row of the index as derived from a document (the store adds project, author and time). */
export interface DerivedRow {
  key: string
  unit: string
  kind: SearchKind
  blockId: string | null
  title: string
  body: string
  status: string | null
  assignee: string | null
  stage: string | null
  pageTypes: string
}

/** The page's own row: its title. */
export const PAGE_UNIT = 'page'

/** Blocks indexed on their own even inside others (a task in a list, a run table in a column). */
const UNIT_NODES = new Set([TASK_NODE, EXPERIMENT_BLOCK, CHECKLIST_BLOCK, MODEL_CARD_BLOCK])
const PAGE_TYPE_OF: Record<string, PageType> = {
  [TASK_NODE]: 'task-list',
  [EXPERIMENT_BLOCK]: 'experiment-log',
  [CHECKLIST_BLOCK]: 'checklist',
  [MODEL_CARD_BLOCK]: 'model-card',
}

export const isUnitNode = (el: Y.XmlElement): boolean => UNIT_NODES.has(el.nodeName)
const clean = (s: string): string =>
  s
    .replace(/\p{Cc}+/gu, ' ')
    .trim()
    .slice(0, SEARCH_LIMITS.maxBodyChars)

/**
 * A block's unit key: its id when it has one (tasks, ML blocks), else its Yjs identity, which is
 * the same in every replica and after a reload, so a rebuild from storage finds the same keys.
 */
export function unitKey(el: Y.XmlElement): string {
  const id = el.getAttribute('id')
  if (typeof id === 'string' && id !== '') return `b:${id}`
  const item = el._item
  return item ? `y:${item.id.client}:${item.id.clock}` : 'y:unknown'
}

/** The unit `type` belongs to: the nearest indexed block around it, else its top-level block. */
export function unitOf(type: Y.AbstractType<unknown> | null, fragment: Y.XmlFragment): Y.XmlElement | null {
  let node: unknown = type
  while (node instanceof Y.XmlElement || node instanceof Y.XmlText) {
    if (node instanceof Y.XmlElement && (isUnitNode(node) || node.parent === fragment)) return node
    node = (node as Y.AbstractType<unknown>).parent
  }
  return null
}

/** Units inside `el` (itself included when it is one): what an inserted block brings. */
export function unitsIn(el: Y.XmlElement, fragment: Y.XmlFragment): Y.XmlElement[] {
  const out: Y.XmlElement[] = []
  if (isUnitNode(el) || el.parent === fragment) out.push(el)
  const visit = (node: Y.XmlElement) => {
    for (const child of node.toArray()) {
      if (!(child instanceof Y.XmlElement)) continue
      if (isUnitNode(child)) out.push(child)
      visit(child)
    }
  }
  visit(el)
  return out
}

/** Every unit of a document, in order: its top-level blocks and every indexed block at any depth. */
export function allUnits(fragment: Y.XmlFragment): Y.XmlElement[] {
  const out: Y.XmlElement[] = []
  for (const child of fragment.toArray()) if (child instanceof Y.XmlElement) out.push(...unitsIn(child, fragment))
  return out
}

const plain = (t: Y.XmlText): string => (t.toDelta() as { insert: unknown }[]).map((op) => (typeof op.insert === 'string' ? op.insert : '')).join('')

/** A block's text without the indexed blocks inside it (they have rows of their own). */
function textOf(el: Y.XmlElement): string {
  const parts: string[] = []
  const visit = (node: Y.XmlElement) => {
    for (const child of node.toArray()) {
      if (child instanceof Y.XmlText) parts.push(plain(child))
      else if (child instanceof Y.XmlElement && child.nodeName === MENTION_NODE)
        parts.push(mentionText({ type: MENTION_NODE, attrs: child.getAttributes() as Record<string, unknown> }))
      else if (child instanceof Y.XmlElement && !isUnitNode(child)) {
        visit(child)
        parts.push(' ')
      }
    }
  }
  visit(el)
  return parts.join('').replace(/\s+/g, ' ')
}

const base = (unit: string, kind: SearchKind, blockId: string | null): Omit<DerivedRow, 'title' | 'body'> => ({
  key: unit,
  unit,
  kind,
  blockId,
  status: null,
  assignee: null,
  stage: null,
  pageTypes: '',
})

/** The rows one unit yields: none for an empty paragraph, one per run for an experiment log. */
export function rowsOfUnit(doc: Y.Doc, el: Y.XmlElement): DerivedRow[] {
  const unit = unitKey(el)
  const id = el.getAttribute('id')
  const blockId = typeof id === 'string' && id !== '' ? id : null
  switch (el.nodeName) {
    case TASK_NODE: {
      const a = parseTaskAttrs(el.getAttributes() as Record<string, unknown>)
      const fields = [a.status.replace('_', ' '), a.priority, a.stage === 'none' ? '' : a.stage, a.due ?? '', a.assignee ?? ''].join(' ')
      return [{ ...base(unit, 'task', blockId), title: clean(titleOf(el)), body: clean(fields), status: a.status, assignee: a.assignee, stage: a.stage }]
    }
    case EXPERIMENT_BLOCK:
      if (!blockId) return []
      return readRuns(doc, blockId).map((r) => {
        const params = Object.entries(r.params).map(([k, v]) => `${k}=${String(v)}`)
        const body = [r.runId, r.status, ...params, ...Object.keys(r.metrics), ...r.tags, r.dataset?.name ?? '', r.commit ?? '', r.notes].join(' ')
        return { ...base(unit, 'run', blockId), key: `${unit}:run:${r.runId}`, title: clean(r.name || r.runId), body: clean(body) }
      })
    case CHECKLIST_BLOCK: {
      if (!blockId) return []
      const c = readChecklist(doc, blockId)
      const body = c.items.map((i) => [i.text, i.area ?? '', i.evidence ?? ''].join(' ')).join(' · ')
      return [{ ...base(unit, 'checklist', blockId), title: 'Checklist', body: clean(body) }]
    }
    case MODEL_CARD_BLOCK: {
      if (!blockId) return []
      const card = readCard(doc, blockId)
      const body = MODEL_CARD_SECTIONS.map((s) => (card[s.key] ? `${s.title}: ${card[s.key]}` : '')).join(' ')
      return [{ ...base(unit, 'card', blockId), title: 'Model card', body: clean(body) }]
    }
    default: {
      const text = clean(textOf(el))
      return text === '' ? [] : [{ ...base(unit, 'text', blockId), title: '', body: text }]
    }
  }
}

/** The page's types, from the indexed blocks it holds (space-separated, sorted: a stable value to compare). */
export function pageTypesOf(units: Iterable<Y.XmlElement>): string {
  const types = new Set<string>()
  for (const el of units) {
    const t = PAGE_TYPE_OF[el.nodeName]
    if (t) types.add(t)
  }
  return [...types].sort().join(' ')
}

export function pageRow(doc: Y.Doc, pageTypes: string): DerivedRow {
  return { ...base(PAGE_UNIT, 'page', null), title: clean(readTitle(doc)), body: '', pageTypes }
}

/** Every row of a document (a load, a rebuild): what incremental updates must stay equal to. */
export function rowsOfDoc(doc: Y.Doc): DerivedRow[] {
  const units = allUnits(doc.getXmlFragment(EDITOR_FRAGMENT))
  const rows = [pageRow(doc, pageTypesOf(units))]
  const seen = new Set<string>()
  for (const el of units) {
    const key = unitKey(el)
    if (seen.has(key)) continue // a pasted duplicate id: the first block keeps it, as in the task index
    seen.add(key)
    rows.push(...rowsOfUnit(doc, el))
  }
  return rows
}
