import type { AttachmentMeta } from '#shared/attachments/attachment'

/**
 * What other features (import, export's Keel-JSON import, the demo seed) use to store a file as a
 * project attachment: the same path as an upload through `POST /api/projects/:id/attachments`
 * (limits, sniffing, content addressing), without HTTP. The blob is on disk (fsynced) and its row
 * committed before the promise resolves.
 */
export interface AttachmentWriter {
  /**
   * `id`: the id to keep if no attachment has it yet (the Keel-JSON import keeps a file's ids, so
   * its documents' references stay as they are); otherwise, and without it, a new one.
   */
  put(input: { projectId: string; name: string; bytes: Uint8Array; createdBy: string | null; id?: string }): Promise<AttachmentMeta>
}

/** What readers (export, backup) use: the row and the bytes of an attachment, or null. */
export interface AttachmentReader {
  meta(id: string): AttachmentMeta | null
  read(id: string): Promise<Uint8Array | null>
  /** Every attachment of a project (export of a whole project, the attachments list). */
  listProject(projectId: string): AttachmentMeta[]
}
