import crypto from 'node:crypto'
import type { ImportReport, PlanAttachment } from '#shared/api/imports'
import type { AttachmentMeta } from '#shared/attachments/attachment'
import type { ImportAdapter, ImportSource } from '#shared/import/adapter'
import { basename } from '#shared/import/paths'
import { ATTACHMENT_LIMITS } from '#shared/limits'
import { BlobEmpty, BlobTooLarge } from '../attachments/blob-store.ts'
import type { AttachmentReader, AttachmentWriter } from '../attachments/attachment-writer.ts'
import type { ImportStore } from './import-store.ts'

/** What an import needs of attachments: store a file (server/attachments/), and find one an earlier run stored. */
export type ImportAttachments = AttachmentWriter & Pick<AttachmentReader, 'meta'>

type Stored = NonNullable<ImportReport['attachments']>[number]

const MIB = 1024 * 1024
const sha256 = (bytes: Uint8Array) => crypto.createHash('sha256').update(bytes).digest('hex')

/** A source's files by path, once per source (an export lists thousands of files and hundreds of attachments). */
const byPath = new WeakMap<ImportSource, Map<string, Uint8Array>>()

/** The bytes of a path an adapter listed: through its reader when it has one (Notion's nested zips), else the source's file of that path. */
function bytesOf(adapter: ImportAdapter, source: ImportSource, path: string): Uint8Array | null {
  if (adapter.readAttachment) return adapter.readAttachment(source, path)
  let files = byPath.get(source)
  if (!files) byPath.set(source, (files = new Map(source.files.map((f) => [f.path, f.bytes]))))
  return files.get(path) ?? null
}

/**
 * The dry run's list of the files the pages refer to. Missing, empty and too large files are
 * dropped with the reason; a file an earlier run of the same source stored with the same bytes
 * (the mapping's attachment, still there, same sha256) is reused, so a re-run stores no second row.
 */
export function planAttachments(
  adapter: ImportAdapter,
  source: ImportSource,
  paths: readonly string[],
  names: Readonly<Record<string, string>>,
  known: Map<string, string>,
  metaOf: (id: string) => AttachmentMeta | null,
  projectId: string,
): PlanAttachment[] {
  return [...new Set(paths)].map((path): PlanAttachment => {
    const bytes = bytesOf(adapter, source, path)
    const name = names[path] || basename(path)
    const drop = (reason: string, size = 0): PlanAttachment => ({ path, name, bytes: size, action: 'drop', reason, attachmentId: null })
    if (!bytes) return drop('not in the archive')
    if (bytes.length === 0) return drop('an empty file')
    if (bytes.length > ATTACHMENT_LIMITS.maxBytes)
      return drop(`larger than the ${ATTACHMENT_LIMITS.maxBytes / MIB} MiB an attachment may be: not stored`, bytes.length)
    const before = known.get(path)
    const meta = before ? metaOf(before) : null
    if (meta && meta.projectId === projectId && meta.sha256 === sha256(bytes))
      return { path, name, bytes: bytes.length, action: 'reuse', reason: 'stored by an earlier import of this source, unchanged', attachmentId: meta.id }
    return { path, name, bytes: bytes.length, action: 'store', reason: null, attachmentId: null }
  })
}

export interface StoreDeps {
  store: ImportStore
  attachments: ImportAttachments
}

/**
 * Stores the plan's attachments before any page is rendered, recording path → attachment id at
 * once (a run cut short and run again reuses what it stored). `step` is called after each file
 * with its bytes (progress and the pacer's turn).
 */
export async function storeAttachments(
  deps: StoreDeps,
  job: { projectId: string; sourceKey: string },
  adapter: ImportAdapter,
  source: ImportSource,
  planned: readonly PlanAttachment[],
  userId: string,
  step: (bytes: number) => Promise<void>,
): Promise<{ byPath: Map<string, AttachmentMeta>; report: Stored[] }> {
  const byPath = new Map<string, AttachmentMeta>()
  const report: Stored[] = []
  for (const item of planned) {
    const base = { path: item.path, bytes: item.bytes }
    if (item.action === 'drop') {
      report.push({ ...base, status: 'dropped', attachmentId: null, reason: item.reason })
      continue
    }
    const reused = item.attachmentId ? deps.attachments.meta(item.attachmentId) : null
    if (item.action === 'reuse' && reused) {
      byPath.set(item.path, reused)
      report.push({ ...base, status: 'reused', attachmentId: reused.id, reason: null })
      continue
    }
    const bytes = bytesOf(adapter, source, item.path)
    if (!bytes) {
      report.push({ ...base, status: 'dropped', attachmentId: null, reason: 'not in the archive' })
      continue
    }
    try {
      const meta = await deps.attachments.put({ projectId: job.projectId, name: item.name, bytes, createdBy: userId })
      deps.store.putAttachment({ projectId: job.projectId, sourceKey: job.sourceKey, path: item.path, attachmentId: meta.id })
      byPath.set(item.path, meta)
      report.push({ ...base, status: 'stored', attachmentId: meta.id, reason: null })
    } catch (err) {
      // The writer's own limits (the plan checked them already; the bytes are the same): dropped, the run goes on.
      if (!(err instanceof BlobTooLarge) && !(err instanceof BlobEmpty)) throw err
      report.push({ ...base, status: 'dropped', attachmentId: null, reason: err.message })
    }
    await step(bytes.length)
  }
  return { byPath, report }
}
