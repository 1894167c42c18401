import { getSchema } from '@tiptap/core'
import { EditorState } from '@tiptap/pm/state'
import StarterKit from '@tiptap/starter-kit'
import { describe, expect, it } from 'vitest'
import type { AttachmentMeta } from '#shared/attachments/attachment'
import { FILE_NODE, IMAGE_NODE } from '#shared/doc/rich-nodes'
import { AttachmentImageSchema, FileAttachmentSchema } from './attachment-schema.ts'
import { blockState, findUpload, kindOf, placeholderAttrs, settleDone, settleError } from './upload-state.ts'

const schema = getSchema([StarterKit, AttachmentImageSchema, FileAttachmentSchema])
const png = { name: 'loss.png', size: 2048, type: 'image/png' }
const csv = { name: 'splits.csv', size: 900, type: 'text/csv' }
const meta = (over: Partial<AttachmentMeta> = {}): AttachmentMeta => ({
  id: 'att_0123456789abcdefXYZ',
  projectId: 'p1',
  name: 'loss.png',
  contentType: 'image/png',
  size: 2048,
  sha256: 'a'.repeat(64),
  image: true,
  createdAt: 1,
  createdBy: 'u1',
  ...over,
})

/** A document: a paragraph, then the given attachment blocks, then another paragraph. */
function stateWith(...blocks: { kind: 'image' | 'file'; file: typeof png; uploadId: string }[]) {
  const nodes = blocks.map((b) => schema.nodes[b.kind === 'image' ? IMAGE_NODE : FILE_NODE]!.create(placeholderAttrs(b.kind, b.file, b.uploadId)))
  const doc = schema.nodes['doc']!.create(null, [schema.nodes['paragraph']!.create(null, schema.text('intro')), ...nodes, schema.nodes['paragraph']!.create()])
  return EditorState.create({ schema, doc })
}

describe('attachment upload state', () => {
  it('a placeholder is uploading, with the file name and size known before the server answers', () => {
    const state = stateWith({ kind: 'file', file: csv, uploadId: 'up_1' })
    const at = findUpload(state.doc, 'up_1')!
    expect(at.node.type.name).toBe(FILE_NODE)
    expect(at.node.attrs).toMatchObject({ name: 'splits.csv', size: 900, contentType: 'text/csv', attachmentId: null })
    expect(blockState(at.node.attrs)).toEqual({ state: 'uploading' })
    expect(findUpload(state.doc, 'up_other')).toBeNull()
  })

  it('done: the image found by uploadId gets its attachment id and src, and stops uploading', () => {
    const state = stateWith({ kind: 'image', file: png, uploadId: 'up_a' }, { kind: 'image', file: png, uploadId: 'up_b' })
    const tr = state.tr
    expect(settleDone(tr, 'up_b', meta())).toBe(true)
    const doc = state.apply(tr).doc
    const images = doc.content.content.filter((n) => n.type.name === IMAGE_NODE)
    expect(images[0]!.attrs).toMatchObject({ uploadId: 'up_a', attachmentId: null, src: null })
    expect(images[1]!.attrs).toMatchObject({ uploadId: null, attachmentId: meta().id, src: `/api/attachments/${meta().id}`, alt: 'loss.png' })
    expect(blockState(images[1]!.attrs)).toEqual({ state: 'done' })
  })

  it('finds the block where it is now, after someone moved it above the text', () => {
    const state = stateWith({ kind: 'file', file: csv, uploadId: 'up_m' })
    const at = findUpload(state.doc, 'up_m')!
    // Move the file block to the very start of the document.
    const moved = state.apply(state.tr.delete(at.pos, at.pos + at.node.nodeSize).insert(0, at.node))
    expect(moved.doc.firstChild!.type.name).toBe(FILE_NODE)
    const tr = moved.tr
    expect(settleDone(tr, 'up_m', meta({ name: 'splits (1).csv', contentType: 'text/csv', size: 901, image: false }))).toBe(true)
    expect(moved.apply(tr).doc.firstChild!.attrs).toMatchObject({
      attachmentId: meta().id,
      name: 'splits (1).csv',
      size: 901,
      contentType: 'text/csv',
      uploadId: null,
    })
  })

  it('error: the block keeps its uploadId and says why; a later answer changes nothing', () => {
    const state = stateWith({ kind: 'image', file: png, uploadId: 'up_e' })
    const tr = state.tr
    expect(settleError(tr, 'up_e', 'The file is too large to attach.')).toBe(true)
    const failed = state.apply(tr)
    const node = findUpload(failed.doc, 'up_e')!.node
    expect(blockState(node.attrs)).toEqual({ state: 'error', message: 'The file is too large to attach.' })
    const late = failed.tr
    expect(settleDone(late, 'up_e', meta())).toBe(false)
    expect(late.docChanged).toBe(false)
  })

  it('a block removed while uploading: nothing to settle', () => {
    const state = stateWith({ kind: 'image', file: png, uploadId: 'up_gone' })
    const at = findUpload(state.doc, 'up_gone')!
    const removed = state.apply(state.tr.delete(at.pos, at.pos + at.node.nodeSize))
    const tr = removed.tr
    expect(settleDone(tr, 'up_gone', meta())).toBe(false)
    expect(settleError(tr, 'up_gone', 'x')).toBe(false)
    expect(tr.docChanged).toBe(false)
  })

  it('the server decides image or file: a ".png" that is not an image becomes a file block', () => {
    const state = stateWith({ kind: 'image', file: png, uploadId: 'up_fake' })
    const tr = state.tr
    expect(settleDone(tr, 'up_fake', meta({ name: 'loss.png', contentType: 'application/octet-stream', image: false }))).toBe(true)
    const block = state.apply(tr).doc.child(1)
    expect(block.type.name).toBe(FILE_NODE)
    expect(block.attrs).toMatchObject({ attachmentId: meta().id, name: 'loss.png', contentType: 'application/octet-stream', uploadId: null })
  })

  it('inline image types are images, everything else (SVG too) a file', () => {
    const inline = ['image/png', 'image/jpeg']
    expect(kindOf('image/png', inline)).toBe('image')
    expect(kindOf('image/svg+xml', inline)).toBe('file')
    expect(kindOf('', inline)).toBe('file')
  })
})
