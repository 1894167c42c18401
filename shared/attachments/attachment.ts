import { z } from 'zod'

/**
 * An attachment: a file (an image, a config, a small CSV) uploaded to a project and referenced
 * from its documents by id. The bytes are stored once per content (sha256) on the server; the
 * row says who uploaded what name into which project. Documents never hold bytes, only the id
 * (and, for an image, the URL below), so a document's Yjs state stays small and every read of
 * the bytes goes through the server's permission check.
 */
export const ATTACHMENT_ID_PATTERN = /^att_[A-Za-z0-9_-]{16,40}$/

export const AttachmentMeta = z.object({
  id: z.string().regex(ATTACHMENT_ID_PATTERN),
  projectId: z.string(),
  /** The file name as uploaded (cleaned: no path, no control characters). */
  name: z.string(),
  /** Sniffed from the bytes, never taken from the upload's header. */
  contentType: z.string(),
  size: z.number().int().nonnegative(),
  /** Hex sha256 of the bytes: the blob's name on disk, and the HTTP ETag. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** True for the raster types a browser may show inline (ATTACHMENT_LIMITS.inlineImageTypes). */
  image: z.boolean(),
  createdAt: z.number().int(),
  createdBy: z.string().nullable(),
})
export type AttachmentMeta = z.infer<typeof AttachmentMeta>

/** Where the bytes are served (with the project's read permission; 404 to anyone else). */
export const attachmentUrl = (id: string): string => `/api/attachments/${id}`
/** The same bytes with `Content-Disposition: attachment` (what a file block's download link uses). */
export const attachmentDownloadUrl = (id: string): string => `/api/attachments/${id}?download=1`

/** The id in an attachment URL of ours, or null for any other src. */
export function attachmentIdOf(src: string): string | null {
  const m = /^\/api\/attachments\/([^/?#]+)/.exec(src)
  return m && ATTACHMENT_ID_PATTERN.test(m[1]!) ? m[1]! : null
}
