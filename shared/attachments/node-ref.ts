import type { JsonNode } from '../api/docs.ts'
import { ATTACHMENT_ID_PATTERN, attachmentIdOf } from './attachment.ts'

/**
 * The attachment an image or file node shows (shared/doc/rich-nodes.ts), or null: its
 * `attachmentId`, else, for an image, the id in its `src` when that is our attachment URL. Attrs
 * are untrusted (a raw Yjs update can hold anything): only a well-formed id counts.
 */
export function attachmentOfNode(node: JsonNode): string | null {
  if (node.type !== 'image' && node.type !== 'fileAttachment') return null
  const id = node.attrs?.attachmentId
  if (typeof id === 'string' && ATTACHMENT_ID_PATTERN.test(id)) return id
  const src = node.attrs?.src
  return node.type === 'image' && typeof src === 'string' ? attachmentIdOf(src) : null
}
