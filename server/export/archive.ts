import { strToU8, zipSync, type Zippable } from 'fflate'
import * as Y from 'yjs'
import type { JsonNode } from '#shared/api/docs'
import { EDITOR_FRAGMENT, fragmentToJson } from '#shared/doc/fragment'
import { toMarkdown } from '#shared/doc/markdown'
import { htmlPage, indexList, toHtml, esc, type IndexEntry } from '#shared/export/html'
import { EXPORT_FORMAT, EXPORT_VERSION, type ExportFormat, type KeelExport, MANIFEST_ENTRY } from '#shared/export/manifest'
import { pagePaths, relativeHref, safeName } from '#shared/export/paths'
import { attachBlockData } from '#shared/history/block-data'
import type { RoomRegistry } from '../collab/registry.ts'
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
}

const iso = (ms: number) => new Date(ms).toISOString()

/** A page's content as history's Markdown sees it: the fragment as JSON with its ML blocks' data attached. */
const contentOf = (doc: Y.Doc): JsonNode => attachBlockData(fragmentToJson(doc.getXmlFragment(EDITOR_FRAGMENT)), doc)

/** A turn of the event loop: an export yields after every page, so other people's requests and edits are answered meanwhile. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve))

export async function buildExport(deps: ArchiveDeps, scope: ExportScope, format: ExportFormat, now = Date.now()): Promise<ExportFile> {
  const base = safeName(scope.kind === 'project' ? scope.project.name : (scope.pages[0]?.title ?? 'Untitled'))
  if (format === 'json') {
    const body = strToU8(JSON.stringify(await manifest(deps, scope, now)))
    if (scope.kind === 'page') return { filename: `${base}.keel.json`, contentType: 'application/json; charset=utf-8', body }
    // Several pages: the same manifest in a zip (the base64 states deflate to about 3/4), which the import takes as it is.
    return { filename: `${base}.keel.zip`, contentType: 'application/zip', body: zipSync({ [MANIFEST_ENTRY]: body }, { level: 6, mtime: now }) }
  }
  const ext = format === 'md' ? 'md' : 'html'
  // index.html is the HTML archive's entry: no page may take its name.
  const paths = pagePaths(scope.pages, format === 'html' ? ['index'] : [])
  const file = (id: string) => `${paths.get(id)!}.${ext}`
  const titles = new Map(scope.pages.map((p) => [p.id, p.title]))
  // A link's title only for pages of this project: a raw update can name any document id.
  const docTitle = (id: string) => titles.get(id) ?? (deps.hub.doc(id)?.projectId === scope.project.id ? deps.titleOf(id) : null)
  const render = (id: string): string => {
    const from = file(id)
    const docHref = (to: string) => (paths.has(to) ? relativeHref(from, file(to)) : null)
    const json = contentOf(deps.registry.readCommitted(id))
    if (format === 'md') return toMarkdown(json, { docTitle, docHref })
    const nav = scope.pages.length > 1 ? `<a href="${esc(relativeHref(from, 'index.html'))}">${esc(scope.project.name)}</a>` : esc(scope.project.name)
    return htmlPage(titles.get(id) || 'Untitled', toHtml(json, { docTitle, docHref }), nav)
  }
  const contentType = format === 'md' ? 'text/markdown; charset=utf-8' : 'text/html; charset=utf-8'
  // One page is one file, not an archive.
  if (scope.kind === 'page' && scope.pages.length === 1) return { filename: `${base}.${ext}`, contentType, body: strToU8(render(scope.pages[0]!.id)) }
  const files: Zippable = {}
  for (const p of scope.pages) {
    await nextTurn()
    files[file(p.id)] = strToU8(render(p.id))
  }
  if (format === 'html')
    files['index.html'] = strToU8(htmlPage(scope.project.name, `<h1>${esc(scope.project.name)}</h1>\n${indexList(indexOf(scope, file))}`, ''))
  return { filename: `${base}.zip`, contentType: 'application/zip', body: zipSync(files, { level: 6, mtime: now }) }
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
async function manifest(deps: ArchiveDeps, scope: ExportScope, now: number): Promise<KeelExport> {
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
  }
}
