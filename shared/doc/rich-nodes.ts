import type { JsonNode } from '../api/docs.ts'
import { attachmentUrl, type AttachmentMeta } from '../attachments/attachment.ts'

/**
 * The node names and attributes of the rich blocks every side agrees on: the editor (Tiptap's
 * Table, Image and Mention extensions, configured in client/blocks/), the importers that produce
 * them, the exporters that render them and the indexers that read them. The names are Tiptap's
 * own, so the editor's extensions read what the server writes without a mapping.
 */
export const TABLE_NODES = { table: 'table', row: 'tableRow', header: 'tableHeader', cell: 'tableCell' } as const
export const IMAGE_NODE = 'image'
export const FILE_NODE = 'fileAttachment'
export const MENTION_NODE = 'mention'

/** A cell's content: block nodes (Tiptap's cells hold paragraphs, lists…); an empty cell is one empty paragraph. */
export type CellContent = JsonNode[]

/**
 * A table from rows of cells. With `header`, the first row's cells are header cells. Ragged rows
 * are padded with empty cells, because ProseMirror's table model needs a rectangle.
 */
export function tableNode(rows: readonly (readonly CellContent[])[], options: { header: boolean }): JsonNode {
  const width = Math.max(1, ...rows.map((r) => r.length))
  const cell = (content: CellContent, header: boolean): JsonNode => ({
    type: header ? TABLE_NODES.header : TABLE_NODES.cell,
    attrs: { colspan: 1, rowspan: 1, colwidth: null },
    content: content.length > 0 ? [...content] : [{ type: 'paragraph' }],
  })
  return {
    type: TABLE_NODES.table,
    content: rows.map((row, r) => ({
      type: TABLE_NODES.row,
      content: Array.from({ length: width }, (_, c) => cell(row[c] ?? [], options.header && r === 0)),
    })),
  }
}

/** A cell holding one paragraph of inline nodes (text, marks, mentions). */
export const inlineCell = (inline: JsonNode[]): CellContent => [inline.length > 0 ? { type: 'paragraph', content: inline } : { type: 'paragraph' }]

/** An @mention of a member: inline, atomic; `label` is the name shown (kept if the account is later renamed or removed). */
export function mentionNode(member: { id: string; name: string }): JsonNode {
  return { type: MENTION_NODE, attrs: { id: member.id, label: member.name, mentionSuggestionChar: '@' } }
}

/**
 * An image block showing an attachment. `uploadId` is set while an editor's upload is in flight
 * (the placeholder other editors see at once) and cleared when `attachmentId` and `src` arrive.
 */
export function imageNode(attachment: Pick<AttachmentMeta, 'id'>, alt: string, title: string | null = null): JsonNode {
  return { type: IMAGE_NODE, attrs: { src: attachmentUrl(attachment.id), alt, title, attachmentId: attachment.id, uploadId: null, width: null } }
}

/** A file block: name, size and a download link to an attachment that is not shown inline. */
export function fileNode(attachment: Pick<AttachmentMeta, 'id' | 'name' | 'size' | 'contentType'>): JsonNode {
  return {
    type: FILE_NODE,
    attrs: { attachmentId: attachment.id, name: attachment.name, size: attachment.size, contentType: attachment.contentType, uploadId: null },
  }
}

/** The block for an attachment: an image when a browser may show it inline, a file otherwise. */
export const attachmentBlock = (attachment: AttachmentMeta, alt = ''): JsonNode =>
  attachment.image ? imageNode(attachment, alt || attachment.name) : fileNode(attachment)
