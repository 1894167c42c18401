import type { JsonNode } from '../api/docs.ts'
import type { AttachmentMeta } from '../attachments/attachment.ts'
import type { ImportPlan, ImportSettings } from '../api/imports.ts'
import type { Properties } from './markdown/front-matter.ts'
import type { Dropped } from './markdown/notes.ts'
import type { ArchiveFile, Refusal } from './zip.ts'

/**
 * The import framework's seam: one adapter per source format (Markdown now; Confluence, Jira and
 * Notion later). An import is always the same three steps, and only the first and last differ by
 * format:
 *
 *   enumerate(source)      → entries: one per page to make, each with a stable source id, its
 *                            parent's source id, a title and what will be dropped (pure, no ids yet)
 *   plan (server)          → each entry marked create / update / skip against what earlier imports
 *                            of the same source made (source id → page id), shown as the dry run
 *   render(entry, ids)     → the page's content once every entry has a page id (so links between
 *                            entries become Keel page links), written by the server through the
 *                            normal document path
 *
 * Adapters are pure (shared/): the CLI, the wizard and the server read a source the same way.
 */
export interface ImportSource {
  /** The upload's name without its extension: with the adapter's kind, the key idempotency is per. */
  name: string
  files: ArchiveFile[]
}

export interface SourceEntry {
  /** Stable across runs of the same source (a relative path for Markdown; an issue key for Jira). */
  sourceId: string
  /** The entry's parent, or null for the top of the import. Parents come before children. */
  parentSourceId: string | null
  /** Where it came from, for the plan and report. */
  path: string
  title: string
  kind: 'page' | 'folder'
  /** Bytes of source it stands for (progress counts these) and their hash (re-runs skip unchanged entries). */
  bytes: number
  hash: string
  tasks: number
  links: number
  warnings: string[]
  dropped: Dropped[]
}

export interface Enumerated {
  entries: SourceEntry[]
  /** Files that make no page, with why (attachments, other formats, hidden files). */
  skipped: Refusal[]
  /** Jira: the statuses found and what they map to (the wizard's editable table). */
  statuses?: ImportPlan['statuses']
  /**
   * Archive paths of the files the pages refer to (images, Confluence's attachments/, files a
   * Markdown page links to). The server stores each once, as a project attachment, before any
   * page is rendered, and lists them in the plan and the report; render finds them through
   * `RenderContext.attachmentOf`. Paths are as in `ImportSource.files`, or as the adapter's
   * `readAttachment` reads them.
   */
  attachments?: string[]
  /**
   * The file name a listed path is stored under when the source knows a better one than the
   * path's last segment (Confluence names attachment files by id: `attachments/7/65601.png` is
   * "architecture.png"). Paths not here are stored under their last segment.
   */
  attachmentNames?: Record<string, string>
}

/** A member of the project: who an assignee or a mention in the source can become. */
export interface ImportMember {
  id: string
  email: string
  name: string
}

/** What the server knows that an adapter may use: the project's members and the person's choices. */
export interface AdapterContext {
  members: readonly ImportMember[]
  settings: ImportSettings
  /**
   * Unique to the project being imported into: task ids must be unique server-wide, so an adapter
   * whose tasks refer to each other across pages (Jira's dependencies) names them with it.
   */
  scope: string
}

export interface RenderContext {
  /** The page id of another entry of this import, once it has one. */
  pageIdOf(sourceId: string): string | null
  /** The id of the n-th task block of this page (stable per page, so a re-import updates the same tasks). */
  taskId(n: number): string
  /**
   * The attachment stored for an archive path listed in `Enumerated.attachments`, or null when it
   * was not stored (missing from the archive, over the size limit: the report says which). Pure
   * callers without a server may leave it out; then every reference renders as its plain name.
   */
  attachmentOf?(path: string): AttachmentMeta | null
}

export interface RenderedPage {
  title: string
  content: JsonNode[]
  properties: Properties
}

export interface ImportAdapter {
  readonly kind: string
  /** `context` is always given by the server; pure callers (tests, the CLI's preview) may leave it out. */
  enumerate(source: ImportSource, context?: AdapterContext): Enumerated
  render(source: ImportSource, entry: SourceEntry, ctx: RenderContext & Partial<AdapterContext>): RenderedPage
  /**
   * The bytes of a path listed in `Enumerated.attachments`, for an adapter whose paths are not
   * those of `ImportSource.files` (Notion's export is zips inside a zip); null when it has none.
   * Without it the server reads the file of that path in `ImportSource.files`.
   */
  readAttachment?(source: ImportSource, path: string): Uint8Array | null
}

/** A short content hash (FNV-1a, 32 bits, with the length): enough to tell "changed since the last import". */
export function contentHash(bytes: Uint8Array): string {
  let h = 0x811c9dc5
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i]!
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return `${bytes.length.toString(36)}-${h.toString(36)}`
}

/**
 * An entry's hash when its page shows files of the archive: the page's bytes and each file's, so a
 * re-run whose page is unchanged but whose image changed still updates the page (to the new attachment).
 */
export function entryHash(page: Uint8Array, files: readonly (Uint8Array | null | undefined)[]): string {
  const own = contentHash(page)
  return files.length === 0 ? own : `${own}+${contentHash(new TextEncoder().encode(files.map((f) => (f ? contentHash(f) : '-')).join(',')))}`
}
