import type { AttachmentMeta } from '#shared/attachments/attachment'

/** The attachments' rows (the bytes are in the BlobStore). SqliteAttachmentStore implements it. */
export interface AttachmentStore {
  insert(meta: AttachmentMeta): void
  get(id: string): AttachmentMeta | null
  /** The project an attachment belongs to (what the access check of its routes asks), or null. */
  projectOf(id: string): string | null
  listProject(projectId: string): AttachmentMeta[]
  /** Whether any row names these bytes (the sweep keeps every such blob). */
  referenced(sha256: string): boolean
}
