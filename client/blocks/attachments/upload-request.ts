import { AttachmentMeta } from '#shared/attachments/attachment'
import { ATTACHMENT_LIMITS } from '#shared/limits'
import { humanSize } from './format.ts'

/**
 * One upload: the file's bytes as the raw body of `POST /api/projects/:id/attachments?name=`
 * (docs/PROTOCOL.md). XMLHttpRequest rather than fetch, because only it reports upload progress.
 */
export type UploadOutcome =
  | { ok: true; meta: AttachmentMeta }
  /** The server refused (413 too large, 429, 403…): its message, shown on the block. */
  | { ok: false; offline: false; message: string }
  /** No answer at all (offline, server down): worth trying again when the connection is back. */
  | { ok: false; offline: true; message: string }

export const uploadPath = (projectId: string, name: string): string =>
  `/api/projects/${encodeURIComponent(projectId)}/attachments?name=${encodeURIComponent(name)}`

/** "the upload is empty" → "The upload is empty.": the server's words as a sentence. */
const sentence = (s: string): string => s.replace(/^\w/, (c) => c.toUpperCase()).replace(/[^.!?]$/, '$&.')

/** Words for a refusal, from the server's `{ error: { code, message } }` when it sent one. */
export function refusalMessage(status: number, body: unknown): string {
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error
  const message = typeof error?.message === 'string' && error.message !== '' ? sentence(error.message) : null
  // The server's words count bytes; people read megabytes.
  if (status === 413 || error?.code === 'attachment_too_large') return `The file is too large. Files can be up to ${humanSize(ATTACHMENT_LIMITS.maxBytes)}.`
  if (status === 429) return 'Too many uploads. Wait a minute and try again.'
  if (status === 403) return 'You do not have permission to attach files here.'
  return message ?? `The upload failed (${status}).`
}

export function sendUpload(
  projectId: string,
  file: Blob,
  name: string,
  onProgress: (loaded: number, total: number) => void,
): { done: Promise<UploadOutcome>; abort: () => void } {
  const xhr = new XMLHttpRequest()
  const done = new Promise<UploadOutcome>((resolve) => {
    xhr.open('POST', uploadPath(projectId, name))
    xhr.withCredentials = true
    xhr.setRequestHeader('content-type', 'application/octet-stream')
    xhr.setRequestHeader('accept', 'application/json')
    xhr.responseType = 'text'
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size)
    const offline = (): void => resolve({ ok: false, offline: true, message: navigator.onLine ? 'The server did not answer.' : 'You are offline.' })
    xhr.onerror = offline
    xhr.ontimeout = offline
    xhr.onabort = () => resolve({ ok: false, offline: false, message: 'The upload was cancelled.' })
    xhr.onload = () => {
      let body: unknown = null
      try {
        body = JSON.parse(xhr.responseText)
      } catch {
        // A proxy's HTML error page: no body to read.
      }
      if (xhr.status === 201 || xhr.status === 200) {
        const meta = AttachmentMeta.safeParse(body)
        resolve(
          meta.success ? { ok: true, meta: meta.data } : { ok: false, offline: false, message: 'The server sent an answer this page does not understand.' },
        )
        return
      }
      // 502–504 with no JSON: a proxy saying the server is away, like no answer at all.
      if (xhr.status >= 502 && body === null) return offline()
      resolve({ ok: false, offline: false, message: refusalMessage(xhr.status, body) })
    }
    xhr.send(file)
  })
  return { done, abort: () => xhr.abort() }
}
