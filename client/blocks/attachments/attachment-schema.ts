import { mergeAttributes, Node } from '@tiptap/core'
import Image from '@tiptap/extension-image'
import { FILE_NODE, IMAGE_NODE } from '#shared/doc/rich-nodes'

/**
 * The two attachment nodes without their views (attachment-nodes.ts adds those): names and attrs
 * exactly as shared/doc/rich-nodes.ts builds them, plus `uploadError`, which only the editor
 * writes (a failed upload, shown to every editor until someone removes the block). Unknown attrs
 * are harmless to the server: it stores Yjs XML attributes as they come.
 */
const dataAttr = (name: string, attr: string, parse: (v: string) => unknown = (v) => v) => ({
  [name]: {
    default: null,
    parseHTML: (el: HTMLElement) => {
      const v = el.getAttribute(attr)
      return v === null ? null : parse(v)
    },
    renderHTML: (a: Record<string, unknown>) => (a[name] === null || a[name] === undefined ? {} : { [attr]: String(a[name]) }),
  },
})

/** Upload state is this editor session's: a copied placeholder pasted elsewhere is no upload. */
const localOnly = (name: string) => ({ [name]: { default: null, parseHTML: () => null, renderHTML: () => ({}) } })

/** Tiptap's Image as a block (never inline), with the attachment it shows. */
export const AttachmentImageSchema = Image.extend({
  name: IMAGE_NODE,
  addOptions() {
    return { ...this.parent!(), inline: false, allowBase64: false, resize: false }
  },
  addAttributes() {
    return {
      ...this.parent!(),
      ...dataAttr('attachmentId', 'data-attachment-id'),
      ...localOnly('uploadId'),
      ...localOnly('uploadError'),
    }
  },
})

/** A file shown as a card with a download link: an atomic block. */
export const FileAttachmentSchema = Node.create({
  name: FILE_NODE,
  group: 'block',
  atom: true,
  selectable: true,
  draggable: true,
  addAttributes() {
    return {
      ...dataAttr('attachmentId', 'data-attachment-id'),
      ...dataAttr('name', 'data-name'),
      ...dataAttr('size', 'data-size', (v) => (Number.isFinite(Number(v)) ? Number(v) : null)),
      ...dataAttr('contentType', 'data-content-type'),
      ...localOnly('uploadId'),
      ...localOnly('uploadError'),
    }
  },
  parseHTML() {
    return [{ tag: `div[data-type="${FILE_NODE}"]` }]
  },
  renderHTML({ HTMLAttributes, node }) {
    return ['div', mergeAttributes({ 'data-type': FILE_NODE }, HTMLAttributes), String(node.attrs['name'] ?? 'file')]
  },
})
