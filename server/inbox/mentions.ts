import * as Y from 'yjs'
import { MENTION_NODE } from '#shared/doc/rich-nodes'
import { TASK_NODE } from '#shared/blocks/task'

/** The member ids mentioned anywhere inside a block (a paragraph, a list, a table, a task). */
export function mentionIdsIn(el: Y.XmlElement | Y.XmlText): Set<string> {
  const ids = new Set<string>()
  if (el instanceof Y.XmlText) return ids
  const walk = (node: Y.XmlElement): void => {
    if (node.nodeName === MENTION_NODE) {
      const id = node.getAttribute('id')
      if (typeof id === 'string' && id !== '') ids.add(id)
      return
    }
    for (const child of node.toArray()) if (child instanceof Y.XmlElement) walk(child)
  }
  walk(el)
  return ids
}

/** Ids in `after` that were not in `before`: who a change newly mentions. */
export function newlyMentioned(before: ReadonlySet<string> | undefined, after: ReadonlySet<string>): string[] {
  return [...after].filter((id) => !before?.has(id)).sort()
}

/**
 * The block an entry points at: a task's id (tasks have ids and an anchor the page scrolls to;
 * paragraphs have neither, and their mentions are found by the reader's id instead).
 */
export function anchorOf(el: Y.XmlElement | Y.XmlText): string | null {
  if (!(el instanceof Y.XmlElement) || el.nodeName !== TASK_NODE) return null
  const id = el.getAttribute('id')
  return typeof id === 'string' && id !== '' ? id : null
}
