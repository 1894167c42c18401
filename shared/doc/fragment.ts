import * as Y from 'yjs'
import type { JsonNode } from '../api/docs.ts'
import { mentionText } from './markdown-inline.ts'
import { MENTION_NODE } from './rich-nodes.ts'

/** The XmlFragment Tiptap's Collaboration extension binds to (its default `field`). */
export const EDITOR_FRAGMENT = 'default'

/**
 * Reads a Yjs XmlFragment the way y-prosemirror writes it (elements named after node types,
 * attributes as node attrs, text with marks as formatting attributes) into ProseMirror JSON.
 * Pure and DOM-free, so the server can render and index documents without an editor.
 * `readText` replaces how text is read (history's "show authors" splits runs by writer).
 */
export function fragmentToJson(fragment: Y.XmlFragment, readText: (text: Y.XmlText) => JsonNode[] = textToJson): JsonNode {
  return { type: 'doc', content: childrenToJson(fragment, readText) }
}

function childrenToJson(parent: Y.XmlFragment | Y.XmlElement, readText: (text: Y.XmlText) => JsonNode[]): JsonNode[] {
  const out: JsonNode[] = []
  for (const child of parent.toArray()) {
    if (child instanceof Y.XmlText) out.push(...readText(child))
    else if (child instanceof Y.XmlElement) out.push(elementToJson(child, readText))
  }
  return out
}

function elementToJson(el: Y.XmlElement, readText: (text: Y.XmlText) => JsonNode[]): JsonNode {
  const node: JsonNode = { type: el.nodeName }
  const attrs = el.getAttributes() as Record<string, unknown>
  if (Object.keys(attrs).length > 0) node.attrs = attrs
  const content = childrenToJson(el, readText)
  if (content.length > 0) node.content = content
  return node
}

/** A formatting attribute as a mark. y-tiptap may suffix a mark name to let the same mark overlap (`link--<hash>`). */
export function markOf(type: string, attrs: unknown): NonNullable<JsonNode['marks']>[number] {
  const name = type.split('--')[0]!
  return attrs && typeof attrs === 'object' && Object.keys(attrs).length > 0 ? { type: name, attrs: attrs as Record<string, unknown> } : { type: name }
}

function textToJson(text: Y.XmlText): JsonNode[] {
  const delta = text.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[]
  const out: JsonNode[] = []
  for (const op of delta) {
    if (typeof op.insert !== 'string' || op.insert.length === 0) continue
    const node: JsonNode = { type: 'text', text: op.insert }
    if (op.attributes) node.marks = Object.entries(op.attributes).map(([type, attrs]) => markOf(type, attrs))
    out.push(node)
  }
  return out
}

/** Plain text of a node tree (blocks separated by newlines): titles, search, previews. A mention reads "@Name". */
export function jsonToText(node: JsonNode): string {
  if (node.type === 'text') return node.text ?? ''
  if (node.type === MENTION_NODE) return mentionText(node)
  const parts = (node.content ?? []).map(jsonToText)
  const isInline = (node.content ?? []).every((c) => c.type === 'text' || c.type === 'hardBreak' || c.type === MENTION_NODE)
  return parts.join(isInline ? '' : '\n')
}

/** The document's title: the text of its first heading, else of its first non-empty block. */
export function titleOf(doc: JsonNode): string {
  const blocks = doc.content ?? []
  const heading = blocks.find((b) => b.type === 'heading' && jsonToText(b).trim() !== '')
  const first = heading ?? blocks.find((b) => jsonToText(b).trim() !== '')
  return first ? jsonToText(first).trim().slice(0, 200) : 'Untitled'
}
