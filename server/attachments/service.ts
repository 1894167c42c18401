import { randomBytes } from 'node:crypto'
import type fs from 'node:fs'
import { ATTACHMENT_ID_PATTERN, type AttachmentMeta } from '#shared/attachments/attachment'
import { cleanAttachmentName } from '#shared/attachments/name'
import { SNIFF_BYTES, sniffContentType } from '#shared/attachments/sniff'
import { ATTACHMENT_LIMITS } from '#shared/limits'
import type { AttachmentStore } from './attachment-store.ts'
import type { AttachmentReader, AttachmentWriter } from './attachment-writer.ts'
import type { BlobStore } from './blob-store.ts'

const INLINE: readonly string[] = ATTACHMENT_LIMITS.inlineImageTypes

/** A fresh id matching ATTACHMENT_ID_PATTERN: 22 url-safe characters, 128 random bits. */
export const newAttachmentId = (): string => `att_${randomBytes(16).toString('base64url')}`

/**
 * Attachments: uploads over HTTP, files from importers and the Keel-JSON import, all through
 * `store` here (limits, name cleaning, sniffing, content addressing), and the reads of export,
 * backup and the routes. The row is inserted only once the blob is durable on disk.
 */
export class Attachments implements AttachmentWriter, AttachmentReader {
  constructor(
    private readonly rows: AttachmentStore,
    readonly blobs: BlobStore,
    private readonly now: () => number = Date.now,
    /** Blobs that must stay though no live row names them (those of a set-aside database: set-aside.ts). */
    private readonly keptAside: () => ReadonlySet<string> = () => new Set(),
  ) {}

  /** Stores `source` (rejects with BlobTooLarge past ATTACHMENT_LIMITS.maxBytes) and records its row. */
  async store(input: {
    projectId: string
    name: string
    source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>
    createdBy: string | null
    /** Kept when no attachment has it yet (AttachmentWriter.put). */
    id?: string
  }): Promise<AttachmentMeta> {
    const blob = await this.blobs.write(input.source, ATTACHMENT_LIMITS.maxBytes)
    const name = cleanAttachmentName(input.name)
    const contentType = sniffContentType(blob.head, { name, truncated: blob.size > SNIFF_BYTES })
    const wanted = input.id && ATTACHMENT_ID_PATTERN.test(input.id) && !this.rows.get(input.id) ? input.id : null
    const meta: AttachmentMeta = {
      id: wanted ?? newAttachmentId(),
      projectId: input.projectId,
      name,
      contentType,
      size: blob.size,
      sha256: blob.sha256,
      image: INLINE.includes(contentType),
      createdAt: this.now(),
      createdBy: input.createdBy,
    }
    this.rows.insert(meta)
    return meta
  }

  put(input: { projectId: string; name: string; bytes: Uint8Array; createdBy: string | null; id?: string }): Promise<AttachmentMeta> {
    const { bytes, ...rest } = input
    return this.store({ ...rest, source: [bytes] })
  }

  meta(id: string): AttachmentMeta | null {
    return this.rows.get(id)
  }

  projectOf(id: string): string | null {
    return this.rows.projectOf(id)
  }

  async read(id: string): Promise<Uint8Array | null> {
    const m = this.rows.get(id)
    return m ? this.blobs.read(m.sha256) : null
  }

  /** The bytes as a stream from disk (the download route), or null. */
  open(meta: AttachmentMeta): fs.ReadStream {
    return this.blobs.stream(meta.sha256)
  }

  listProject(projectId: string): AttachmentMeta[] {
    return this.rows.listProject(projectId)
  }

  /** Removes blobs no row names (a deleted workspace's project rows went with it) and stale temporary files. */
  sweep(graceMs = SWEEP_GRACE_MS): number {
    const kept = this.keptAside()
    return this.blobs.sweep((sha) => kept.has(sha) || this.rows.referenced(sha), this.now(), graceMs)
  }
}

/** An upload's temporary file or re-touched blob is this old at most before its row exists. */
export const SWEEP_GRACE_MS = 60 * 60 * 1000
