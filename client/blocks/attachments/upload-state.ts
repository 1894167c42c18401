import type { Node as PmNode } from '@tiptap/pm/model'
import type { Transaction } from '@tiptap/pm/state'
import { attachmentUrl, type AttachmentMeta } from '#shared/attachments/attachment'
import { FILE_NODE, IMAGE_NODE } from '#shared/doc/rich-nodes'

/**
 * The life of an attachment block in the document, by its `uploadId`: a placeholder (uploadId
 * set, no attachmentId) that every editor sees at once, then either done (attachmentId and the
 * meta the block shows; uploadId cleared) or failed (`uploadError` set, so every editor shows
 * why, and anyone may remove it). The uploading editor finds the block by uploadId when the
 * server answers, because by then others may have moved it, or removed it.
 */
export type AttachmentKind = 'image' | 'file'

export const nodeNameOf = (kind: AttachmentKind): string => (kind === 'image' ? IMAGE_NODE : FILE_NODE)

/** A fresh id for one upload: random, so two editors inserting at once never collide. */
export const newUploadId = (): string => `up_${crypto.randomUUID().replace(/-/g, '')}`

/** The placeholder inserted at once: the file's name and size are known before the server answers. */
export function placeholderAttrs(kind: AttachmentKind, file: { name: string; size: number; type: string }, uploadId: string): Record<string, unknown> {
  if (kind === 'image') return { src: null, alt: file.name, title: null, attachmentId: null, uploadId, uploadError: null, width: null }
  return { attachmentId: null, name: file.name, size: file.size, contentType: file.type || 'application/octet-stream', uploadId, uploadError: null }
}

/** What the block says once the server stored the bytes (the server's name and sniffed type win). */
export function doneAttrs(kind: AttachmentKind, meta: AttachmentMeta): Record<string, unknown> {
  if (kind === 'image') return { src: attachmentUrl(meta.id), attachmentId: meta.id, uploadId: null, uploadError: null }
  return { attachmentId: meta.id, name: meta.name, size: meta.size, contentType: meta.contentType, uploadId: null, uploadError: null }
}

/** A failed upload keeps its uploadId (the block is still "that upload") and says why. */
export const errorAttrs = (message: string): Record<string, unknown> => ({ uploadError: message })

/** Where the attachment block of an upload is now, or null when it was removed. */
export function findUpload(doc: PmNode, uploadId: string): { pos: number; node: PmNode } | null {
  let found: { pos: number; node: PmNode } | null = null
  doc.descendants((node, pos) => {
    if (found) return false
    if ((node.type.name === IMAGE_NODE || node.type.name === FILE_NODE) && node.attrs['uploadId'] === uploadId) {
      found = { pos, node }
      return false
    }
    // Attachment blocks are blocks: no need to look inside text blocks.
    return !node.isTextblock
  })
  return found
}

/** An attachment block's state as its view shows it. */
export type BlockState = { state: 'done' } | { state: 'uploading' } | { state: 'error'; message: string }

export function blockState(attrs: Record<string, unknown>): BlockState {
  if (typeof attrs['uploadError'] === 'string' && attrs['uploadError'] !== '') return { state: 'error', message: attrs['uploadError'] }
  if (attrs['uploadId'] && !attrs['attachmentId']) return { state: 'uploading' }
  return { state: 'done' }
}

/** The block of `uploadId` while it is still uploading; null when removed, done or failed already. */
function pending(tr: Transaction, uploadId: string): { pos: number; node: PmNode } | null {
  const at = findUpload(tr.doc, uploadId)
  return at && blockState(at.node.attrs).state === 'uploading' ? at : null
}

/**
 * The server stored the bytes: the block of `uploadId`, wherever it is now, shows them. The
 * server's sniffed type decides image or file (a ".png" that is not one becomes a file block).
 * False when there is nothing to settle (removed while uploading, or a late second answer).
 */
export function settleDone(tr: Transaction, uploadId: string, meta: AttachmentMeta): boolean {
  const at = pending(tr, uploadId)
  if (!at) return false
  const kind: AttachmentKind = meta.image ? 'image' : 'file'
  if (at.node.type.name === nodeNameOf(kind)) {
    tr.setNodeMarkup(at.pos, undefined, { ...at.node.attrs, ...doneAttrs(kind, meta) })
  } else {
    const type = tr.doc.type.schema.nodes[nodeNameOf(kind)]!
    const alt = kind === 'image' ? { alt: meta.name } : {}
    tr.replaceWith(
      at.pos,
      at.pos + at.node.nodeSize,
      type.create({ ...placeholderAttrs(kind, { name: meta.name, size: meta.size, type: meta.contentType }, uploadId), ...alt, ...doneAttrs(kind, meta) }),
    )
  }
  return true
}

/** The upload failed: the block says why (to every editor), until someone removes it. */
export function settleError(tr: Transaction, uploadId: string, message: string): boolean {
  const at = pending(tr, uploadId)
  if (!at) return false
  tr.setNodeMarkup(at.pos, undefined, { ...at.node.attrs, ...errorAttrs(message) })
  return true
}

/** Images a browser shows inline are images; everything else (SVG included) is a file block. */
export const kindOf = (type: string, inlineTypes: readonly string[]): AttachmentKind => (inlineTypes.includes(type) ? 'image' : 'file')
