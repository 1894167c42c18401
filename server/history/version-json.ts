import type * as Y from 'yjs'
import type { JsonNode } from '#shared/api/docs'
import { EDITOR_FRAGMENT, fragmentToJson } from '#shared/doc/fragment'
import { attachBlockData } from '#shared/history/block-data'

/**
 * A document state as history shows it: the editor fragment as JSON, with each ML block's data
 * (runs, checklist items, card text: kept in root maps, not in the fragment) attached as a
 * snapshot, so diffs name runs and Markdown has the tables. Every side of a diff must be built
 * this way, or one side's runs would read as removed.
 */
export function versionJson(doc: Y.Doc): JsonNode {
  return attachBlockData(fragmentToJson(doc.getXmlFragment(EDITOR_FRAGMENT)), doc)
}
