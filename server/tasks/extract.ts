import * as Y from 'yjs'
import { type DoneOverride, parseTaskAttrs, TASK_NODE, type TaskAttrs } from '#shared/blocks/task'
import { mentionText } from '#shared/doc/markdown-inline'
import { MENTION_NODE } from '#shared/doc/rich-nodes'

/**
 * One task as the index stores it: the block's attributes, its title and where it sits. Its
 * `override` is the server's record only (the indexer replaces the block's copy with it); a copy
 * on the block without a matching record is kept apart as `unverifiedOverride`.
 */
export interface TaskRow extends TaskAttrs {
  id: string
  docId: string
  title: string
  position: string
  unverifiedOverride: DoneOverride | null
}

/** Plain text of an XmlText without its formatting (Y.XmlText.toString renders marks as tags). */
function plain(t: Y.XmlText): string {
  return (t.toDelta() as { insert: unknown }[]).map((op) => (typeof op.insert === 'string' ? op.insert : '')).join('')
}

export function titleOf(el: Y.XmlElement): string {
  let out = ''
  for (const child of el.toArray()) {
    if (child instanceof Y.XmlText) out += plain(child)
    // "Ask @Ada": a mention in a title reads as its name, as everywhere else (shared/doc/fragment.ts).
    else if (child instanceof Y.XmlElement && child.nodeName === MENTION_NODE)
      out += mentionText({ type: MENTION_NODE, attrs: child.getAttributes() as Record<string, unknown> })
    else if (child instanceof Y.XmlElement && child.nodeName !== TASK_NODE) out += titleOf(child)
  }
  return out.trim().slice(0, 500)
}

/** Sibling indices from the fragment down to `el`, zero-padded so rows sort in document order. */
export function positionOf(el: Y.XmlElement): string {
  const parts: string[] = []
  let node: Y.XmlElement | Y.XmlFragment = el
  while (node.parent instanceof Y.XmlElement || node.parent instanceof Y.XmlFragment) {
    const parent: Y.XmlElement | Y.XmlFragment = node.parent
    let i = 0
    for (const sibling of parent.toArray()) {
      if (sibling === node) break
      i++
    }
    parts.unshift(String(i).padStart(6, '0'))
    node = parent
  }
  return parts.join('.')
}

/**
 * The row for a task element, or null when it has no id yet (its creator assigns one). The
 * block's override is a claim until the indexer checks it: it starts as `unverifiedOverride`.
 */
export function rowOf(docId: string, el: Y.XmlElement, position = positionOf(el)): TaskRow | null {
  const attrs = parseTaskAttrs(el.getAttributes() as Record<string, unknown>)
  if (!attrs.id) return null
  return { ...attrs, id: attrs.id, docId, title: titleOf(el), position, override: null, unverifiedOverride: attrs.override }
}

/** Every task element with its position, from one walk (no per-task sibling scans). */
export function taskElementsWithPositions(root: Y.XmlFragment): { el: Y.XmlElement; position: string }[] {
  const out: { el: Y.XmlElement; position: string }[] = []
  const visit = (node: Y.XmlFragment | Y.XmlElement, path: string): void => {
    let i = 0
    for (const child of node.toArray()) {
      const here = path ? `${path}.${String(i).padStart(6, '0')}` : String(i).padStart(6, '0')
      i++
      if (!(child instanceof Y.XmlElement)) continue
      if (child.nodeName === TASK_NODE) out.push({ el: child, position: here })
      visit(child, here)
    }
  }
  visit(root, '')
  return out
}

/** Every task element under `root`, in document order (a full scan: loads and rebuilds). */
export function taskElements(root: Y.XmlFragment | Y.XmlElement): Y.XmlElement[] {
  const out: Y.XmlElement[] = []
  const visit = (node: Y.XmlFragment | Y.XmlElement): void => {
    for (const child of node.toArray()) {
      if (!(child instanceof Y.XmlElement)) continue
      if (child.nodeName === TASK_NODE) out.push(child)
      visit(child)
    }
  }
  if (root instanceof Y.XmlElement && root.nodeName === TASK_NODE) out.push(root)
  visit(root)
  return out
}

/** Whether an element is gone from its document: deleted, or in no document at all (the indexer and the gate hold elements across commits). */
export const isDeleted = (el: Y.XmlElement): boolean => el.doc === null || (el._item !== null && el._item.deleted)

/** The nearest task element containing `type` (itself included), or null. */
export function enclosingTask(type: Y.AbstractType<unknown> | null): Y.XmlElement | null {
  let node: unknown = type
  while (node instanceof Y.XmlElement || node instanceof Y.XmlText || node instanceof Y.XmlFragment) {
    if (node instanceof Y.XmlElement && node.nodeName === TASK_NODE) return node
    node = (node as Y.AbstractType<unknown>).parent
  }
  return null
}
