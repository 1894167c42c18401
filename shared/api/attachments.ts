import { z } from 'zod'

/** `POST /api/projects/:projectId/attachments?name=…`: the body is the file's raw bytes. */
export const AttachmentUploadParams = z.object({ projectId: z.string().min(1) })
export const AttachmentUploadQuery = z.object({ name: z.string().min(1).max(1000) })

/** `GET /api/attachments/:attachmentId[/meta]` */
export const AttachmentParams = z.object({ attachmentId: z.string().min(1) })
/** `?download=1`: always `Content-Disposition: attachment`, an image too. */
export const AttachmentDownloadQuery = z.object({ download: z.enum(['0', '1']).optional() })
