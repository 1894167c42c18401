import type { Editor } from '@tiptap/core'
import { forgetPending, keepPending, pendingUploads } from './pending-store.ts'
import { sendUpload } from './upload-request.ts'
import { blockState, findUpload, settleDone, settleError } from './upload-state.ts'

/**
 * The uploads this tab is sending, by uploadId: the file itself (kept in memory until the server
 * has it), the progress the block shows ("Uploading loss.png… 42%") and whether it waits for
 * the connection. Module-level, not a node view's state: a block's view is rebuilt when the block
 * moves or a remote edit re-renders it, and the editor itself is rebuilt when the page is left and
 * opened again; the upload goes on regardless, and settles the block in whichever live editor of
 * this tab holds it (liveEditors).
 *
 * Offline (no answer at all), the file waits here and is sent again when the browser says it is
 * back online (or every RETRY_MS). It is also kept in IndexedDB (pending-store.ts) until the
 * server's answer reached the block, so a reload or a closed tab does not lose it: the next editor
 * of the document in this browser resumes it (resumeUploads). A Web Lock per upload keeps two
 * tabs from sending the same one at once.
 */
export interface UploadProgress {
  name: string
  loaded: number
  total: number
  phase: 'sending' | 'waiting'
}

interface Upload {
  projectId: string
  file: Blob
  progress: UploadProgress
  abort: (() => void) | null
  /** Called when the upload leaves this tab (settled, cancelled, or no editor holds its block): releases the lock. */
  finish: () => void
}

const RETRY_MS = 15_000
const uploads = new Map<string, Upload>()
const listeners = new Map<string, Set<() => void>>()
/** The editable editors of this tab (the attachments extension registers them). */
const liveEditors = new Set<Editor>()

const emit = (uploadId: string): void => listeners.get(uploadId)?.forEach((f) => f())

export function registerEditor(editor: Editor): () => void {
  liveEditors.add(editor)
  return () => liveEditors.delete(editor)
}

/** The live editor whose document has the block of `uploadId`, or null. */
function editorOf(uploadId: string): Editor | null {
  for (const editor of liveEditors) if (!editor.isDestroyed && findUpload(editor.state.doc, uploadId)) return editor
  return null
}

/** This tab's progress of an upload; null when another editor is uploading it (or nobody is any more). */
export const uploadProgress = (uploadId: string): UploadProgress | null => uploads.get(uploadId)?.progress ?? null

export function onUploadProgress(uploadId: string, callback: () => void): () => void {
  const set = listeners.get(uploadId) ?? new Set()
  set.add(callback)
  listeners.set(uploadId, set)
  return () => {
    set.delete(callback)
    if (set.size === 0) listeners.delete(uploadId)
  }
}

function drop(uploadId: string, upload: Upload): void {
  uploads.delete(uploadId)
  upload.finish()
  emit(uploadId)
}

function send(uploadId: string): void {
  const upload = uploads.get(uploadId)
  if (!upload) return
  // The document was left while the file waited: its next editor resumes it from IndexedDB.
  if (!editorOf(uploadId)) return drop(uploadId, upload)
  upload.progress = { ...upload.progress, phase: 'sending', loaded: 0 }
  emit(uploadId)
  const request = sendUpload(upload.projectId, upload.file, upload.progress.name, (loaded, total) => {
    upload.progress = { ...upload.progress, loaded, total }
    emit(uploadId)
  })
  upload.abort = request.abort
  void request.done.then((outcome) => {
    if (uploads.get(uploadId) !== upload) return
    upload.abort = null
    if (!outcome.ok && outcome.offline) {
      upload.progress = { ...upload.progress, phase: 'waiting', loaded: 0 }
      emit(uploadId)
      return
    }
    const editor = editorOf(uploadId)
    if (editor) {
      const tr = editor.state.tr
      const settled = outcome.ok ? settleDone(tr, uploadId, outcome.meta) : settleError(tr, uploadId, outcome.message)
      // The settle is no one's edit to undo: undo after an upload should not turn it back into a placeholder.
      if (settled) editor.view.dispatch(tr.setMeta('addToHistory', false))
      void forgetPending(uploadId)
    }
    // No editor holds the block now: the file stays in IndexedDB, and the document's next editor
    // sends it again if the block is still a placeholder then.
    drop(uploadId, upload)
  })
}

/** Sends every upload waiting for the connection. */
function retryWaiting(): void {
  for (const [uploadId, upload] of uploads) if (upload.progress.phase === 'waiting') send(uploadId)
}
if (typeof window !== 'undefined') {
  window.addEventListener('online', retryWaiting)
  setInterval(() => {
    if (navigator.onLine) retryWaiting()
  }, RETRY_MS)
}

/** Runs `start` holding this tab's lock on the upload until it calls `finish`; not at all when another tab holds it. */
function withLock(uploadId: string, start: (finish: () => void) => void): void {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined
  if (!locks) return start(() => {})
  void locks.request(`keel-upload:${uploadId}`, { ifAvailable: true }, (lock) => {
    if (!lock) return
    return new Promise<void>((release) => start(release))
  })
}

function begin(projectId: string, uploadId: string, file: Blob, name: string): void {
  if (uploads.has(uploadId)) return
  withLock(uploadId, (finish) => {
    if (uploads.has(uploadId)) return finish()
    uploads.set(uploadId, { projectId, file, finish, abort: null, progress: { name, loaded: 0, total: file.size, phase: 'waiting' } })
    if (navigator.onLine) send(uploadId)
    else emit(uploadId)
  })
}

/** Starts uploading `file` for the placeholder block of `uploadId` (already in the document). */
export function startUpload(projectId: string, uploadId: string, file: File): void {
  void keepPending({ uploadId, projectId, name: file.name, file, createdAt: Date.now() })
  begin(projectId, uploadId, file, file.name)
}

/**
 * Starts again the uploads this browser kept (pending-store.ts) whose placeholder is in this
 * editor's document and still uploading: a file picked offline before a reload.
 */
export async function resumeUploads(editor: Editor, projectId: string): Promise<void> {
  for (const entry of await pendingUploads()) {
    if (editor.isDestroyed || entry.projectId !== projectId || uploads.has(entry.uploadId)) continue
    const at = findUpload(editor.state.doc, entry.uploadId)
    if (at && blockState(at.node.attrs).state === 'uploading') begin(projectId, entry.uploadId, entry.file, entry.name)
  }
}

/** Stops an upload (its block was removed): the file is dropped, the request aborted. */
export function cancelUpload(uploadId: string): void {
  void forgetPending(uploadId)
  const upload = uploads.get(uploadId)
  if (!upload) return
  upload.abort?.()
  drop(uploadId, upload)
}
