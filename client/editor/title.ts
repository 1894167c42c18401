import type { Node as PmNode } from '@tiptap/pm/model'

/** The document's title is the text of its first heading; there is no separate title field. */
export function documentTitle(doc: PmNode): string {
  let title = ''
  doc.descendants((node) => {
    if (title !== '') return false
    if (node.type.name === 'heading') {
      title = node.textContent.trim()
      return false
    }
    return node.isBlock // only look inside block containers (lists, quotes), not inline content
  })
  return title
}
