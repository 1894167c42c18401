import { DOC_ID_PATTERN } from '../limits.ts'

/**
 * Links between documents. The editor's `[[` picker inserts an inline `docLink` node holding only
 * the target's id, so the link follows the document through renames and moves and shows its
 * current title; the server derives backlinks from the same nodes.
 */
export const DOC_LINK_NODE = 'docLink'

/** The document id in a Keel document URL (`/d/<id>`, absolute or relative), else null. */
export function docIdFromHref(href: string): string | null {
  const m = /(?:^|\/\/[^/]+)\/d\/([^/?#]+)/.exec(href)
  const id = m?.[1]
  return id && DOC_ID_PATTERN.test(id) ? id : null
}
