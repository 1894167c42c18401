import type { Node as PmNode } from '@tiptap/pm/model'

/**
 * The document's title: the text of its first heading or, with none, of its first non-empty
 * block. There is no separate title field. The same rule as the server's `titleOf`
 * (shared/doc/fragment.ts), so the breadcrumb and the project's document list agree.
 * Empty string for an empty document (the UI shows "Untitled").
 */
export function documentTitle(doc: PmNode): string {
  let heading = ''
  let first = ''
  doc.forEach((block) => {
    if (heading !== '') return
    const text = block.textContent.trim()
    if (text === '') return
    if (block.type.name === 'heading') heading = text
    else if (first === '') first = text
  })
  return (heading || first).slice(0, 200)
}
