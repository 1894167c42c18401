import type { Editor } from '@tiptap/core'
import { ATTACHMENT_LIMITS } from '#shared/limits'
import type { EditorEnv } from '../index.ts'
import { humanSize } from './format.ts'
import { startUpload } from './uploads.ts'
import { kindOf, newUploadId, nodeNameOf, placeholderAttrs } from './upload-state.ts'

/** Where the attachments extension keeps the editor's project and notice (attachment-nodes.ts). */
export const ATTACHMENTS_EXTENSION = 'keelAttachments'
export const attachmentEnv = (editor: Editor): EditorEnv | null =>
  (editor.storage as unknown as Record<string, { env?: EditorEnv } | undefined>)[ATTACHMENTS_EXTENSION]?.env ?? null

/** Why a file cannot be attached, in words for the notice; null when it can. */
export function refusal(file: { name: string; size: number }): string | null {
  if (file.size > ATTACHMENT_LIMITS.maxBytes) {
    return `"${file.name}" is too large to attach (${humanSize(file.size)}). Files can be up to ${humanSize(ATTACHMENT_LIMITS.maxBytes)}.`
  }
  return null
}

/**
 * Inserts a placeholder block per file at `at` (the selection when omitted) and starts
 * uploading each: the placeholders reach other editors at once, and each is settled by its
 * uploadId when the server answers (uploads.ts). Files over the limit are refused with a notice
 * and nothing is sent. `trailingParagraph` leaves a line to write on below (a slash-menu pick);
 * blocks that end up last in the document always get one.
 */
export function insertFiles(editor: Editor, files: readonly File[], options: { at?: number; trailingParagraph?: boolean } = {}): boolean {
  const env = attachmentEnv(editor)
  if (!editor.isEditable || !env || files.length === 0) return false
  const { projectId } = env
  if (projectId === null) {
    env.notify('Files can only be attached to documents in a project.')
    return true
  }
  const accepted: { file: File; uploadId: string; node: { type: string; attrs: Record<string, unknown> } }[] = []
  for (const file of files) {
    const why = refusal(file)
    if (why !== null) {
      env.notify(why)
      continue
    }
    const kind = kindOf(file.type, ATTACHMENT_LIMITS.inlineImageTypes)
    const uploadId = newUploadId()
    accepted.push({ file, uploadId, node: { type: nodeNameOf(kind), attrs: placeholderAttrs(kind, file, uploadId) } })
  }
  if (accepted.length === 0) return true
  const content = [...accepted.map((a) => a.node), ...(options.trailingParagraph ? [{ type: 'paragraph' }] : [])]
  const chain = editor.chain().focus()
  const inserted = options.at === undefined ? chain.insertContent(content).run() : chain.insertContentAt(options.at, content).run()
  if (!inserted) return true
  // Blocks pasted or dropped last in the document: a line below them to go on writing in.
  const last = editor.state.doc.lastChild
  if (last && last.attrs['uploadId'] === accepted.at(-1)!.uploadId) {
    editor.chain().insertContentAt(editor.state.doc.content.size, { type: 'paragraph' }).focus('end').run()
  }
  for (const { file, uploadId } of accepted) startUpload(projectId, uploadId, file)
  return true
}

/** Opens the browser's file chooser and attaches what is picked, at the selection. */
export function pickFiles(editor: Editor, accept: string): void {
  const input = document.createElement('input')
  input.type = 'file'
  input.multiple = true
  if (accept) input.accept = accept
  input.addEventListener('change', () => {
    insertFiles(editor, [...(input.files ?? [])], { trailingParagraph: true })
  })
  input.click()
}
