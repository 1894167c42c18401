import { strToU8, zipSync, type Zippable } from 'fflate'
import * as Y from 'yjs'
import type { JsonNode } from '#shared/api/docs'
import { ErrorCode } from '#shared/api/errors'
import type { AttachmentMeta } from '#shared/attachments/attachment'
import { attachmentPaths, attachmentRefs, ATTACHMENTS_FOLDER } from '#shared/export/attachments'
import { EXPORT_LIMITS } from '#shared/limits'
import { EDITOR_FRAGMENT, fragmentToJson } from '#shared/doc/fragment'
import { toMarkdown } from '#shared/doc/markdown'
import { htmlPage, indexList, toHtml, esc, type IndexEntry } from '#shared/export/html'
import { EXPORT_FORMAT, EXPORT_VERSION, type ExportFormat, type KeelExport, MANIFEST_ENTRY } from '#shared/export/manifest'
import { pagePaths, relativeHref, safeName } from '#shared/export/paths'
import { attachBlockData } from '#shared/history/block-data'
import type { AttachmentReader } from '../attachments/attachment-writer.ts'
import type { RoomRegistry } from '../collab/registry.ts'
import { HttpError } from '../http/errors.ts'
import type { HubStore } from '../hub/hub-store.ts'
import type { TaskStore } from '../tasks/task-store.ts'
import type { ExportStore } from './export-store.ts'
import type { ExportScope } from './scope.ts'

/** A file to download. */
export interface ExportFile {
  filename: string
  contentType: string
  body: Uint8Array
}

export interface ArchiveDeps {
  registry: RoomRegistry
  hub: HubStore
  tasks: TaskStore
  exports: ExportStore
  /** A page's title when it is linked but not exported. */
  titleOf: (docId: string) => string
  /** The rows and bytes of the attachments the pages show (server/attachments/). */
  attachments: AttachmentReader
  /** EXPORT_LIMITS.maxBytes unless a test gives a smaller one: the pages' stored bytes and the attachments' together. */
  bounds?: { maxBytes: number }
}

const iso = (ms: number) => new Date(ms).toISOString()

/** A page's content as history's Markdown sees it: the fragment as JSON with its ML blocks' data attached. */
const contentOf = (doc: Y.Doc): JsonNode => attachBlockData(fragmentToJson(doc.getXmlFragment(EDITOR_FRAGMENT)), doc)

/** A turn of the event loop: an export yields after every page, so other people's requests and edits are answered meanwhile. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve))

export async function buildExport(deps: ArchiveDeps, scope: ExportScope, format: ExportFormat, now = Date.now()): Promise<ExportFile> {
  const base = safeName(scope.kind === 'project' ? scope.project.name : (scope.pages[0]?.title ?? 'Untitled'))
  // Read once, for the attachments they show and to render them (a project's JSON export needs neither).
  const contents = new Map<string, JsonNode>()
  if (format !== 'json' || scope.kind !== 'project') {
    for (const p of scope.pages) {
      await nextTurn()
      contents.set(p.id, contentOf(deps.registry.readCommitted(p.id)))
    }
  }
  const attachments = attachmentsOf(deps, scope, contents)
  if (format === 'json') {
    const body = strToU8(JSON.stringify(await manifest(deps, scope, attachments, now)))
    if (scope.kind === 'page') return { filename: `${base}.keel.json`, contentType: 'application/json; charset=utf-8', body }
    // Several pages: the same manifest in a zip (the base64 states deflate to about 3/4), which the import takes as it is.
    return { filename: `${base}.keel.zip`, contentType: 'application/zip', body: zipSync({ [MANIFEST_ENTRY]: body }, { level: 6, mtime: now }) }
  }
  const ext = format === 'md' ? 'md' : 'html'
  // index.html is the HTML archive's entry, attachments/ the files' folder: no page may take their names.
  const paths = pagePaths(scope.pages, format === 'html' ? ['index', ATTACHMENTS_FOLDER] : [ATTACHMENTS_FOLDER])
  const files = attachmentPaths(attachments)
  const file = (id: string) => `${paths.get(id)!}.${ext}`
  const titles = new Map(scope.pages.map((p) => [p.id, p.title]))
  // A link's title only for pages of this project: a raw update can name any document id.
  const docTitle = (id: string) => titles.get(id) ?? (deps.hub.doc(id)?.projectId === scope.project.id ? deps.titleOf(id) : null)
  const render = (id: string): string => {
    const from = file(id)
    const docHref = (to: string) => (paths.has(to) ? relativeHref(from, file(to)) : null)
    // Only what the archive holds: an id of another project's attachment is its name, as text.
    const attachmentHref = (a: string) => (files.has(a) ? relativeHref(from, files.get(a)!) : null)
    const json = contents.get(id)!
    if (format === 'md') return toMarkdown(json, { docTitle, docHref, attachmentHref })
    const nav = scope.pages.length > 1 ? `<a href="${esc(relativeHref(from, 'index.html'))}">${esc(scope.project.name)}</a>` : esc(scope.project.name)
    return htmlPage(titles.get(id) || 'Untitled', toHtml(json, { docTitle, docHref, attachmentHref }), nav)
  }
  const contentType = format === 'md' ? 'text/markdown; charset=utf-8' : 'text/html; charset=utf-8'
  // One page without attachments is one file, not an archive.
  if (scope.kind === 'page' && scope.pages.length === 1 && attachments.length === 0)
    return { filename: `${base}.${ext}`, contentType, body: strToU8(render(scope.pages[0]!.id)) }
  const zip: Zippable = {}
  for (const p of scope.pages) {
    await nextTurn()
    zip[file(p.id)] = strToU8(render(p.id))
  }
  for (const a of attachments) {
    await nextTurn()
    const bytes = await deps.attachments.read(a.id)
    // Images and archives are compressed already: stored, not deflated again.
    if (bytes) zip[files.get(a.id)!] = [bytes, { level: a.contentType.startsWith('text/') ? 6 : 0 }]
  }
  if (format === 'html')
    zip['index.html'] = strToU8(htmlPage(scope.project.name, `<h1>${esc(scope.project.name)}</h1>\n${indexList(indexOf(scope, file))}`, ''))
  return { filename: `${base}.zip`, contentType: 'application/zip', body: zipSync(zip, { level: 6, mtime: now }) }
}

/**
 * The attachments an export carries: every one of the project for a project export (lossless:
 * an upload no page shows any more comes along), else those the pages show. Only the project's
 * own: a page can name any id (a raw update), and must not export another project's file. Their
 * bytes count toward the export's bound with the pages' (413 past it, before any is read).
 */
function attachmentsOf(deps: ArchiveDeps, scope: ExportScope, contents: ReadonlyMap<string, JsonNode>): AttachmentMeta[] {
  let list: AttachmentMeta[]
  if (scope.kind === 'project') list = deps.attachments.listProject(scope.project.id)
  else {
    const refs = new Set<string>()
    for (const json of contents.values()) attachmentRefs(json, refs)
    list = [...refs].map((id) => deps.attachments.meta(id)).filter((m): m is AttachmentMeta => m !== null && m.projectId === scope.project.id)
  }
  const max = deps.bounds?.maxBytes ?? EXPORT_LIMITS.maxBytes
  const bytes = scope.bytes + list.reduce((n, a) => n + a.size, 0)
  if (bytes > max)
    throw new HttpError(
      413,
      ErrorCode.ExportTooLarge,
      `the pages and their attachments hold ${bytes} bytes, more than one export reads (${max}): export a subtree`,
    )
  return list
}

function indexOf(scope: ExportScope, file: (id: string) => string): IndexEntry[] {
  const entries = new Map<string, IndexEntry>()
  const roots: IndexEntry[] = []
  for (const p of scope.pages) {
    const e: IndexEntry = { title: p.title || 'Untitled', href: file(p.id).split('/').map(encodeURIComponent).join('/'), children: [] }
    entries.set(p.id, e)
    const parent = p.parentId ? entries.get(p.parentId) : undefined
    if (parent) parent.children.push(e)
    else roots.push(e)
  }
  return roots
}

/** The lossless export (docs/EXPORT.md): every page's whole Yjs state, the tree, the approval records and, for reference, the task index. */
async function manifest(deps: ArchiveDeps, scope: ExportScope, attachments: readonly AttachmentMeta[], now: number): Promise<KeelExport> {
  const ids = scope.pages.map((p) => p.id)
  const docs: KeelExport['docs'] = []
  for (const p of scope.pages) {
    await nextTurn()
    const row = deps.hub.doc(p.id)
    const state = Y.encodeStateAsUpdate(deps.registry.readCommitted(p.id))
    docs.push({
      id: p.id,
      title: p.title,
      createdAt: iso(row?.createdAt ?? now),
      updatedAt: iso(row?.updatedAt ?? now),
      isTemplate: row?.isTemplate ?? false,
      state: Buffer.from(state).toString('base64'),
    })
  }
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: iso(now),
    scope: scope.kind,
    project: { id: scope.project.id, name: scope.project.name, description: scope.project.description },
    tree: scope.pages,
    docs,
    approvals: deps.exports.approvalsOf(ids),
    tasks: ids.flatMap((id) => deps.tasks.ofDoc(id).map((t) => ({ id: t.id, docId: t.docId, title: t.title, status: t.status, deps: t.deps }))),
    attachments: await manifestAttachments(deps, attachments),
  }
}

async function manifestAttachments(deps: ArchiveDeps, attachments: readonly AttachmentMeta[]): Promise<NonNullable<KeelExport['attachments']>> {
  const out: NonNullable<KeelExport['attachments']> = []
  for (const a of attachments) {
    await nextTurn()
    const bytes = await deps.attachments.read(a.id)
    if (!bytes) continue
    out.push({
      id: a.id,
      name: a.name,
      contentType: a.contentType,
      size: a.size,
      sha256: a.sha256,
      createdAt: iso(a.createdAt),
      data: Buffer.from(bytes).toString('base64'),
    })
  }
  return out
}
