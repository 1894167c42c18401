import { Extension } from '@tiptap/core'
import { Fragment, Slice } from '@tiptap/pm/model'
import { Plugin, PluginKey } from '@tiptap/pm/state'
import { dropPoint } from '@tiptap/pm/transform'
import { ReactNodeViewRenderer } from '@tiptap/react'
import { FILE_NODE } from '#shared/doc/rich-nodes'
import type { EditorEnv } from '../index.ts'
import { AttachmentImageSchema, FileAttachmentSchema } from './attachment-schema.ts'
import { FileView } from './FileView.tsx'
import { ImageView } from './ImageView.tsx'
import { ATTACHMENTS_EXTENSION, insertFiles } from './insert.ts'
import { registerEditor, resumeUploads } from './uploads.ts'

/** The image block with its view: the picture, its caption, and the upload's states. */
export const AttachmentImage = AttachmentImageSchema.extend({
  addNodeView() {
    return ReactNodeViewRenderer(ImageView, { className: 'att-node att-node--image' })
  },
})

/** The file block with its view: icon, name, size and a download link. */
export const FileAttachment = FileAttachmentSchema.extend({
  addNodeView() {
    return ReactNodeViewRenderer(FileView, { className: 'att-node att-node--file' })
  },
})

const RESUME_DELAY_MS = 1000

const filesOf = (data: DataTransfer | null): File[] => [...(data?.files ?? [])]

/**
 * Both attachment nodes, and files pasted or dropped into the editor becoming them. The paste
 * guard (client/editor/paste-guard.ts) runs first and measures only text and HTML, so a pasted
 * file reaches this plugin; an image copied from a web page comes with its HTML too, and the
 * file wins (the picture is uploaded instead of linking another site's URL).
 */
export const Attachments = Extension.create<EditorEnv, { env: EditorEnv; off: () => void }>({
  name: ATTACHMENTS_EXTENSION,
  addOptions() {
    return { projectId: null, notify: () => {} }
  },
  addStorage() {
    return { env: { projectId: this.options.projectId, notify: this.options.notify }, off: () => {} }
  },
  onCreate() {
    // Files picked before a reload (offline) whose placeholders are in this document: send them now,
    // and again each time the browser is back online. A moment after creation: the document's
    // content reaches the editor from Yjs just after it is created.
    const { editor } = this
    const { projectId } = this.options
    if (projectId === null) return
    const unregister = registerEditor(editor)
    // Only an editor sends (a viewer made editor while the page is open may, from then on).
    const resume = (): void => void (editor.isEditable && resumeUploads(editor, projectId))
    const timer = setTimeout(resume, RESUME_DELAY_MS)
    window.addEventListener('online', resume)
    this.storage.off = () => {
      unregister()
      clearTimeout(timer)
      window.removeEventListener('online', resume)
    }
  },
  onDestroy() {
    this.storage.off()
  },
  addExtensions() {
    return [AttachmentImage, FileAttachment]
  },
  addProseMirrorPlugins() {
    const editor = this.editor
    return [
      new Plugin({
        key: new PluginKey('keelAttachmentInput'),
        props: {
          handlePaste: (_view, event) => {
            const files = filesOf(event.clipboardData)
            return files.length > 0 && insertFiles(editor, files)
          },
          handleDrop: (view, event, _slice, moved) => {
            const files = filesOf((event as DragEvent).dataTransfer)
            if (moved || files.length === 0) return false
            event.preventDefault()
            const at = view.posAtCoords({ left: event.clientX, top: event.clientY })?.pos
            // Blocks go between blocks: ProseMirror's own drop point (before or after the line dropped on), not inside it.
            const block = view.state.schema.nodes[FILE_NODE]!.create()
            const point = at === undefined ? null : dropPoint(view.state.doc, at, new Slice(Fragment.from(block), 0, 0))
            return insertFiles(editor, files, point === null ? {} : { at: point })
          },
        },
      }),
    ]
  },
})
