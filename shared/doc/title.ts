import * as Y from 'yjs'
import type { JsonNode } from '../api/docs.ts'
import { EDITOR_FRAGMENT } from './fragment.ts'
import { mentionText } from './markdown-inline.ts'
import { MENTION_NODE } from './rich-nodes.ts'

/**
 * A page's one title, read from and written into its document (the rule the hub keeps the tree
 * in step with: docs/ARCHITECTURE.md, "The project hub"). Reading is the same rule as `titleOf`
 * (fragment.ts) and the editor's `documentTitle`: the text of the first heading with text, else
 * of the first non-empty block; '' for an empty page (shown as "Untitled").
 */
export const TITLE_MAX = 200

/** The page's title as its document says it, without building the document's JSON. */
export function readTitle(doc: Y.Doc): string {
  let first = ''
  for (const block of doc.getXmlFragment(EDITOR_FRAGMENT).toArray()) {
    const text = textOf(block).trim()
    if (text === '') continue
    if (block instanceof Y.XmlElement && block.nodeName === 'heading') return text.slice(0, TITLE_MAX)
    if (first === '') first = text
  }
  return first.slice(0, TITLE_MAX)
}

/**
 * Makes `title` the page's title: the text of its first block when that is a heading (only the
 * characters that differ are replaced, so a concurrent edit of the rest of the heading survives),
 * else a new level-1 heading inserted at the top. Returns whether it changed anything.
 */
export function writeTitle(doc: Y.Doc, title: string): boolean {
  const next = title.trim().slice(0, TITLE_MAX)
  if (next === '' || readTitle(doc) === next) return false
  const fragment = doc.getXmlFragment(EDITOR_FRAGMENT)
  doc.transact(() => {
    const first = fragment.length > 0 ? fragment.get(0) : null
    if (first instanceof Y.XmlElement && first.nodeName === 'heading') {
      const children = first.toArray()
      const only = children.length === 1 ? children[0] : null
      if (only instanceof Y.XmlText) return replaceText(only, next)
      if (first.length > 0) first.delete(0, first.length)
      const text = new Y.XmlText()
      first.insert(0, [text])
      text.insert(0, next)
      return
    }
    const heading = new Y.XmlElement('heading')
    fragment.insert(0, [heading])
    heading.setAttribute('level', 1 as unknown as string)
    const text = new Y.XmlText()
    heading.insert(0, [text])
    text.insert(0, next)
  })
  return true
}

/** Replaces only the middle that differs between the text and `next` (common prefix and suffix kept). */
function replaceText(text: Y.XmlText, next: string): void {
  const old = plain(text)
  let start = 0
  while (start < old.length && start < next.length && old[start] === next[start]) start++
  let end = 0
  while (end < old.length - start && end < next.length - start && old[old.length - 1 - end] === next[next.length - 1 - end]) end++
  const removed = old.length - start - end
  if (removed > 0) text.delete(start, removed)
  const inserted = next.slice(start, next.length - end)
  if (inserted) text.insert(start, inserted)
}

const plain = (text: Y.XmlText): string => (text.toDelta() as { insert: unknown }[]).map((op) => (typeof op.insert === 'string' ? op.insert : '')).join('')

/** Plain text of a block, as `jsonToText` (fragment.ts) reads it. */
function textOf(node: Y.XmlElement | Y.XmlText | Y.XmlHook): string {
  if (node instanceof Y.XmlText) return plain(node)
  if (!(node instanceof Y.XmlElement)) return ''
  if (node.nodeName === MENTION_NODE) return mentionText({ type: MENTION_NODE, attrs: node.getAttributes() as Record<string, unknown> })
  const children = node.toArray()
  const inline = children.every((c) => c instanceof Y.XmlText || (c instanceof Y.XmlElement && (c.nodeName === 'hardBreak' || c.nodeName === MENTION_NODE)))
  return children.map(textOf).join(inline ? '' : '\n')
}

/**
 * New content with `title` as its title (a new page's name written into it before it is stored):
 * the first block's text when it is a heading, else a level-1 heading put on top. "Untitled" and
 * '' leave the content as it is.
 */
export function withTitle(content: readonly JsonNode[], title: string): JsonNode[] {
  const next = title.trim().slice(0, TITLE_MAX)
  if (next === '' || next === 'Untitled') return [...content]
  const [first, ...rest] = content
  const heading: JsonNode = { type: 'heading', attrs: { level: 1 }, content: [{ type: 'text', text: next }] }
  if (first?.type === 'heading') return [{ ...first, content: heading.content! }, ...rest]
  return [heading, ...content]
}
