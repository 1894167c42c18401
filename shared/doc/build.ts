import * as Y from 'yjs'
import type { JsonNode } from '../api/docs.ts'
import { EDITOR_FRAGMENT } from './fragment.ts'

/** Writes `nodes` into a fresh Y.Doc's editor fragment the way y-prosemirror would. */
export function buildDocUpdate(nodes: JsonNode[]): Uint8Array {
  const doc = new Y.Doc()
  const fragment = doc.getXmlFragment(EDITOR_FRAGMENT)
  doc.transact(() => appendChildren(fragment, nodes))
  const update = Y.encodeStateAsUpdate(doc)
  doc.destroy()
  return update
}

const marksOf = (node: JsonNode): Record<string, unknown> => Object.fromEntries((node.marks ?? []).map((m) => [m.type, m.attrs ?? {}]))

/**
 * Appends nodes to an integrated parent. Each child is inserted first and filled after, because
 * Yjs types cannot be read (or appended to by length) before they belong to a document.
 * Adjacent text nodes share one Y.XmlText, each run carrying its marks, as in y-prosemirror.
 */
export function appendChildren(parent: Y.XmlFragment | Y.XmlElement, nodes: JsonNode[]): void {
  let run: Y.XmlText | null = null
  for (const node of nodes) {
    if (node.type === 'text') {
      if (!run) {
        run = new Y.XmlText()
        parent.insert(parent.length, [run])
      }
      run.insert(run.length, node.text ?? '', marksOf(node))
      continue
    }
    run = null
    const el = new Y.XmlElement(node.type)
    parent.insert(parent.length, [el])
    for (const [k, v] of Object.entries(node.attrs ?? {})) el.setAttribute(k, v as string)
    appendChildren(el, node.content ?? [])
  }
}
