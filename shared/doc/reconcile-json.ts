import * as Y from 'yjs'
import type { JsonNode } from '../api/docs.ts'
import { canon } from './canonical.ts'

/**
 * The JSON side of reconciling: how one Y child reads as ProseMirror JSON (the same rules as
 * fragmentToJson, per child so they can be compared one by one), canonical strings for equality,
 * and the mapping between marks and XmlText formatting attributes.
 */

export type Mark = NonNullable<JsonNode['marks']>[number]
/** A text run: a text node's text and marks. */
export type Run = { text: string; marks: Mark[] }

/** A child of a target node list: one element, or a group of text nodes that one XmlText holds. */
export type TargetItem = { kind: 'el'; node: JsonNode } | { kind: 'text'; runs: Run[] }

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Mark name of a formatting key: y-tiptap suffixes overlapping marks (`link--<hash>`). */
export const markName = (key: string): string => key.split('--')[0]!

/** A formatting attribute as fragmentToJson reads it. */
export function attrToMark(key: string, value: unknown): Mark {
  const type = markName(key)
  return isPlainObject(value) && Object.keys(value).length > 0 ? { type, attrs: value } : { type }
}

/** The runs of an XmlText (non-string embeds and empty inserts are invisible to fragmentToJson). */
export function textRuns(text: Y.XmlText): Run[] {
  const out: Run[] = []
  for (const op of text.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[]) {
    if (typeof op.insert !== 'string' || op.insert.length === 0) continue
    out.push({ text: op.insert, marks: Object.entries(op.attributes ?? {}).map(([k, v]) => attrToMark(k, v)) })
  }
  return out
}

/** Marks compare as a set: mark order means nothing to ProseMirror (it sorts marks by schema rank on load). */
const canonMark = (m: Mark): string => (m.attrs && Object.keys(m.attrs).length > 0 ? `${JSON.stringify(m.type)}${canon(m.attrs)}` : JSON.stringify(m.type))
export const canonMarks = (marks: readonly Mark[] | undefined): string => `[${(marks ?? []).map(canonMark).sort().join(',')}]`

export const canonRuns = (runs: readonly Run[]): string => `T[${runs.map((r) => `${JSON.stringify(r.text)}${canonMarks(r.marks)}`).join(',')}]`

/**
 * Groups a node list into target items. Adjacent text nodes share one XmlText, as y-prosemirror
 * writes them, except where two neighbours carry the same marks: one XmlText would merge them into
 * one delta op, so such a target (which only two XmlTexts side by side can have produced) gets two.
 */
export function groupTargets(nodes: readonly JsonNode[]): TargetItem[] {
  const out: TargetItem[] = []
  let group: Run[] | null = null
  for (const node of nodes) {
    if (node.type !== 'text') {
      group = null
      out.push({ kind: 'el', node })
      continue
    }
    const text = node.text ?? ''
    if (text.length === 0) continue
    const run: Run = { text, marks: node.marks ?? [] }
    const last = group?.[group.length - 1]
    if (!group || (last && canonMarks(last.marks) === canonMarks(run.marks))) {
      group = [run]
      out.push({ kind: 'text', runs: group })
    } else group.push(run)
  }
  return out
}

/** Node attrs as fragmentToJson reports them (absent when empty). */
export function elementAttrs(el: Y.XmlElement): Record<string, unknown> {
  return el.getAttributes() as Record<string, unknown>
}

/** One element as fragmentToJson reads it. */
export function elementJson(el: Y.XmlElement): JsonNode {
  const node: JsonNode = { type: el.nodeName }
  const attrs = elementAttrs(el)
  if (Object.keys(attrs).length > 0) node.attrs = attrs
  const content: JsonNode[] = []
  for (const child of el.toArray()) {
    if (child instanceof Y.XmlText) content.push(...textRuns(child).map(runJson))
    else if (child instanceof Y.XmlElement) content.push(elementJson(child))
  }
  if (content.length > 0) node.content = content
  return node
}

const runJson = (r: Run): JsonNode => (r.marks.length > 0 ? { type: 'text', text: r.text, marks: r.marks } : { type: 'text', text: r.text })

/**
 * Canonical form of a node (target or read back), treating `attrs: {}`, `content: []`, `marks: []`
 * and empty mark attrs like absence, since fragmentToJson omits them all.
 */
export function canonNode(node: JsonNode): string {
  const parts = [`"type":${JSON.stringify(node.type)}`]
  const attrs = Object.entries(node.attrs ?? {}).filter(([, v]) => v !== undefined)
  if (attrs.length > 0) parts.push(`"attrs":${canon(Object.fromEntries(attrs))}`)
  if (node.type === 'text') parts.push(`"text":${JSON.stringify(node.text ?? '')}`, `"marks":${canonMarks(node.marks)}`)
  const content = (node.content ?? []).filter((c) => c.type !== 'text' || (c.text ?? '') !== '')
  if (content.length > 0) parts.push(`"content":[${content.map(canonNode).join(',')}]`)
  return `{${parts.join(',')}}`
}

/** Plain text of a node or runs, for similarity. */
export function plainText(node: JsonNode): string {
  if (node.type === 'text') return node.text ?? ''
  return (node.content ?? []).map(plainText).join('')
}

/** The stable block id, for block kinds that have one (tasks, ML blocks). */
export function blockId(attrs: Record<string, unknown> | undefined): string | null {
  const id = attrs?.id
  return typeof id === 'string' && id !== '' ? id : null
}

/**
 * A private copy of a JSON value before it goes into Yjs: Yjs keeps the object it is given, and
 * the target is the caller's (often read straight out of another Y document).
 */
export const copyJson = <T>(v: T): T => (v !== null && typeof v === 'object' ? (JSON.parse(JSON.stringify(v)) as T) : v)
