import type { JsonNode } from '#shared/api/docs'
import { appendChildren } from '#shared/doc/build'
import { EDITOR_FRAGMENT } from '#shared/doc/fragment'
import { withTitle } from '#shared/doc/title'
import { writeProperties } from '#shared/import/properties'
import type { RenderedPage } from '#shared/import/adapter'
import type { QuietWrites } from '../events/quiet-writes.ts'
import type { RoomRegistry } from '../collab/registry.ts'

/**
 * Writes an imported page's content and properties through the normal document path
 * (`registry.change`): committed and logged like an edit, broadcast to open editors, and seen by
 * every document extension (the task index, links and block ids, history). The page's content is
 * replaced whole: on a re-import of a changed file the file wins (what the dry run says).
 *
 * A long page (a Jira epic of 800 tasks) is written as several changes of `BLOCKS_PER_CHANGE`
 * top-level blocks, with `pause()` (a turn of the event loop) between them: one change of the
 * whole page kept other people's edits waiting half a second while it committed and was indexed.
 * Open editors see the page grow; a run cut short mid-page leaves the page's import row without
 * its hash, so running it again replaces the page whole.
 */
export const BLOCKS_PER_CHANGE = 100

export async function writePage(
  registry: RoomRegistry,
  docId: string,
  userId: string,
  page: RenderedPage,
  pause: () => Promise<void>,
  quiet?: QuietWrites,
): Promise<void> {
  const content: JsonNode[] = withTitle(page.content, page.title)
  for (let at = 0; at === 0 || at < content.length; at += BLOCKS_PER_CHANGE) {
    if (at > 0) await pause()
    const chunk = content.slice(at, at + BLOCKS_PER_CHANGE)
    const write = (): void =>
      registry.change(docId, userId, (doc) => {
        const fragment = doc.getXmlFragment(EDITOR_FRAGMENT)
        if (at === 0) {
          if (fragment.length > 0) fragment.delete(0, fragment.length)
          writeProperties(doc, page.properties)
        }
        appendChildren(fragment, chunk)
      })
    // Imported content notifies nobody (its tasks' assignees, its mentions): see QuietWrites.
    if (quiet) quiet.run(write)
    else write()
  }
}
