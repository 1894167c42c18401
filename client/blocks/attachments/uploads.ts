import type { Editor } from '@tiptap/core'
import { sendUpload } from './upload-request.ts'
import { settleDone, settleError } from './upload-state.ts'

/**
 * The uploads this tab is sending, by uploadId: the file itself (kept in memory until the server
 * has it), the progress the block shows ("Uploading loss.png… 42%") and whether it waits for
 * the connection. Module-level, not a node view's state: a block's view is rebuilt when the block
 * moves or a remote edit re-renders it, and the upload must go on regardless.
 *
 * Offline (no answer at all), the file waits here and is sent again when the browser says it is
 * back online (or every RETRY_MS). It lives in memory only: a reload while it waits loses it,
 * and the block stays a placeholder anyone can remove.
 */
export interface UploadProgress {
  name: string
  loaded: number
  total: number
  phase: 'sending' | 'waiting'
}

interface Upload {
  editor: Editor
  projectId: string
  file: Blob
  progress: UploadProgress
  abort: (() => void) | null
}

const RETRY_MS = 15_000
const uploads = new Map<string, Upload>()
const listeners = new Map<string, Set<() => void>>()

const emit = (uploadId: string): void => listeners.get(uploadId)?.forEach((f) => f())

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

/** Applies the server's answer to the block, wherever it is now; a destroyed editor has no block to change. */
function settle(upload: Upload, apply: (tr: Editor['state']['tr']) => boolean): void {
  const { editor } = upload
  if (editor.isDestroyed) return
  const tr = editor.state.tr
  // The settle is no one's edit to undo: undo after an upload should not turn it back into a placeholder.
  if (apply(tr)) editor.view.dispatch(tr.setMeta('addToHistory', false))
}

function send(uploadId: string): void {
  const upload = uploads.get(uploadId)
  if (!upload) return
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
    if (!outcome.ok && outcome.offline && !upload.editor.isDestroyed) {
      upload.progress = { ...upload.progress, phase: 'waiting', loaded: 0 }
      emit(uploadId)
      return
    }
    uploads.delete(uploadId)
    if (outcome.ok) settle(upload, (tr) => settleDone(tr, uploadId, outcome.meta))
    else settle(upload, (tr) => settleError(tr, uploadId, outcome.message))
    emit(uploadId)
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

/** Starts uploading `file` for the placeholder block of `uploadId` (already in the document). */
export function startUpload(editor: Editor, projectId: string, uploadId: string, file: File): void {
  const upload: Upload = { editor, projectId, file, abort: null, progress: { name: file.name, loaded: 0, total: file.size, phase: 'waiting' } }
  uploads.set(uploadId, upload)
  if (navigator.onLine) send(uploadId)
  else emit(uploadId)
}

/** Stops an upload (its block was removed): the file is dropped, the request aborted. */
export function cancelUpload(uploadId: string): void {
  const upload = uploads.get(uploadId)
  if (!upload) return
  uploads.delete(uploadId)
  upload.abort?.()
  emit(uploadId)
}
