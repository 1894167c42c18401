import { z } from 'zod'
import { ATTACHMENT_ID_PATTERN } from '../attachments/attachment.ts'
import { ATTACHMENT_LIMITS, DOC_ID_PATTERN, EXPORT_LIMITS } from '../limits.ts'

/** The `format` field of every Keel JSON export; `version` changes when the shape does. */
export const EXPORT_FORMAT = 'keel-export'
export const EXPORT_VERSION = 1
/** The manifest's name inside a `.keel.zip` (the JSON export of more than one page). */
export const MANIFEST_ENTRY = 'keel-export.json'

export const ExportFormat = z.enum(['md', 'html', 'json'])
export type ExportFormat = z.infer<typeof ExportFormat>

/** `?format=md|html|json&subtree=1` on the export routes (subtree: the page and everything under it). */
export const ExportQuery = z.object({
  format: ExportFormat.default('md'),
  subtree: z
    .enum(['0', '1', 'true', 'false'])
    .optional()
    .transform((v) => v === '1' || v === 'true'),
})

const DocId = z.string().regex(DOC_ID_PATTERN)
const Iso = z.string().max(40)

/** A page's place in the tree: the tree document's node fields (shared/hub/tree.ts), trash excluded. */
export const ManifestNode = z.object({
  id: DocId,
  title: z.string().max(10_000),
  parentId: DocId.nullable(),
  order: z.string().min(1).max(200),
})
export type ManifestNode = z.infer<typeof ManifestNode>

/** One document: its metadata and its whole Yjs state (`Y.encodeStateAsUpdate`), base64. */
export const ManifestDoc = z.object({
  id: DocId,
  title: z.string().max(10_000),
  createdAt: Iso,
  updatedAt: Iso,
  isTemplate: z.boolean(),
  state: z.string().max(EXPORT_LIMITS.maxImportBytes),
})
export type ManifestDoc = z.infer<typeof ManifestDoc>

/**
 * A server record that is not in any document (sign-offs, ship decisions, done-while-blocked
 * overrides: the `approvals` table), kept as stored; `data` is its JSON detail.
 */
export const ManifestApproval = z.object({
  kind: z.enum(['signoff', 'decision', 'override']),
  docId: DocId,
  blockId: z.string().min(1).max(200),
  itemId: z.string().max(200),
  userId: z.string().max(200),
  at: Iso,
  data: z.string().max(100_000),
})
export type ManifestApproval = z.infer<typeof ManifestApproval>

/** A task as the source server indexed it: informative (the importing server derives its own from the documents). */
export const ManifestTask = z.object({
  id: z.string().max(200),
  docId: DocId,
  title: z.string(),
  status: z.string(),
  deps: z.array(z.string()),
})
export type ManifestTask = z.infer<typeof ManifestTask>

/**
 * An attachment of the exported pages (a project export: every attachment of the project), its
 * row and its bytes. The importer stores the bytes through its AttachmentWriter (sniffing the
 * type again: `contentType` is informative) under the same id unless that id is taken there.
 */
export const ManifestAttachment = z.object({
  id: z.string().regex(ATTACHMENT_ID_PATTERN),
  name: z.string().min(1).max(1000),
  contentType: z.string().max(200),
  size: z.number().int().positive().max(ATTACHMENT_LIMITS.maxBytes),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  createdAt: Iso,
  /** The bytes, base64. */
  data: z.string().max(Math.ceil(ATTACHMENT_LIMITS.maxBytes / 3) * 4),
})
export type ManifestAttachment = z.infer<typeof ManifestAttachment>

/** A Keel JSON export (docs/EXPORT.md): lossless for pages, their tree, their ML data and approvals. */
export const KeelExport = z.object({
  format: z.literal(EXPORT_FORMAT),
  version: z.literal(EXPORT_VERSION),
  exportedAt: Iso,
  scope: z.enum(['project', 'subtree', 'page']),
  // As a project's own fields allow (shared/api/hub.ts UpdateProject).
  project: z.object({ id: z.string().min(1).max(64), name: z.string().max(120), description: z.string().max(2000) }),
  tree: z.array(ManifestNode).max(EXPORT_LIMITS.maxImportDocs),
  docs: z.array(ManifestDoc).max(EXPORT_LIMITS.maxImportDocs),
  approvals: z.array(ManifestApproval).max(100_000),
  // Absent in exports from before attachments (they import as before).
  attachments: z.array(ManifestAttachment).max(10_000).optional(),
  // For reference only: the importer derives its tasks from the documents, so the list is not walked (it was parsed with the body, within its limit).
  tasks: z.custom<ManifestTask[]>((v) => Array.isArray(v), 'tasks: expected an array'),
})
export type KeelExport = z.infer<typeof KeelExport>

/** What `POST /api/workspaces/:workspaceId/import/keel-json` answers. */
export const ImportResult = z.object({
  projectId: z.string(),
  /** Source document id → the id it has here (equal unless the id was taken). */
  docs: z.record(z.string(), z.string()),
  created: z.number().int(),
  /** Documents already imported from this file's project earlier (not created again). */
  skipped: z.number().int(),
})
export type ImportResult = z.infer<typeof ImportResult>
