import type { JsonNode } from '#shared/api/docs'
import { appendChildren } from '#shared/doc/build'
import { EDITOR_FRAGMENT } from '#shared/doc/fragment'
import { withTitle } from '#shared/doc/title'
import { writeProperties } from '#shared/import/properties'
import type { RenderedPage } from '#shared/import/adapter'
import type { RoomRegistry } from '../collab/registry.ts'

/**
 * Writes an imported page's content and properties through the normal document path
 * (`registry.change`): committed and logged like an edit, broadcast to open editors, and seen by
 * every document extension (the task index, links and block ids, history). The page's content is
 * replaced whole: on a re-import of a changed file the file wins (what the dry run says).
 */
export function writePage(registry: RoomRegistry, docId: string, userId: string, page: RenderedPage): void {
  const content: JsonNode[] = withTitle(page.content, page.title)
  registry.change(docId, userId, (doc) => {
    const fragment = doc.getXmlFragment(EDITOR_FRAGMENT)
    if (fragment.length > 0) fragment.delete(0, fragment.length)
    appendChildren(fragment, content)
    writeProperties(doc, page.properties)
  })
}
