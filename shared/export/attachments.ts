import type { JsonNode } from '../api/docs.ts'
import { attachmentOfNode } from '../attachments/node-ref.ts'
import { safeName } from './paths.ts'

/** The folder of an archive's attachment files (beside the pages, at the root). */
export const ATTACHMENTS_FOLDER = 'attachments'

/** Every attachment a document's image and file nodes show, in document order. */
export function attachmentRefs(doc: JsonNode, into = new Set<string>()): Set<string> {
  const id = attachmentOfNode(doc)
  if (id) into.add(id)
  for (const child of doc.content ?? []) attachmentRefs(child, into)
  return into
}

const EXTENSION = /\.[A-Za-z0-9]{1,16}$/

/**
 * Each attachment's path in an archive: `attachments/<name>`, the name made safe as page names
 * are (shared/export/paths.ts) with its extension kept, unique ignoring case (`plot.png`,
 * `plot (2).png`), in the order given.
 */
export function attachmentPaths(attachments: readonly { id: string; name: string }[]): Map<string, string> {
  const taken = new Set<string>()
  const out = new Map<string, string>()
  for (const a of attachments) {
    const ext = EXTENSION.exec(a.name)?.[0] ?? ''
    const stem = safeName(a.name.slice(0, a.name.length - ext.length) || 'file')
    let name = `${stem}${ext}`
    for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${stem} (${i})${ext}`
    taken.add(name.toLowerCase())
    out.set(a.id, `${ATTACHMENTS_FOLDER}/${name}`)
  }
  return out
}
