import {
  type AdapterContext,
  entryHash,
  type Enumerated,
  type ImportAdapter,
  type ImportSource,
  type RenderContext,
  type RenderedPage,
  type SourceEntry,
} from '../adapter.ts'
import { convertMarkdown, type ImageResolver, type LinkResolver } from '../markdown/convert.ts'
import { type FileTarget, remoteImage } from '../markdown/inline.ts'
import { resolveRelative } from '../paths.ts'
import { decodeText } from '../text.ts'
import { type DatabaseRendering, type NotionMember, readDatabase, renderDatabase } from './database.ts'
import { idInLink } from './names.ts'
import { splitNotionPage } from './page.ts'
import { readWorkspace, type NotionNode, type Workspace } from './workspace.ts'

export interface NotionOptions {
  /**
   * The members an assignee cell is matched against (by email, then by name); by default the
   * project's, which the server passes in the adapter context.
   */
  members?: readonly NotionMember[]
}

/**
 * Notion's "Markdown & CSV" export: every page a `Title <id>.md` with its subpages in the folder
 * `Title <id>/` beside it; every database a `Name <id>.csv` (and `Name <id>_all.csv`, preferred)
 * with its rows' pages in `Name <id>/`. Pages go through the Markdown converter; a database is one
 * page whose rows are task blocks when it has a status-like column (linked to the row pages, which
 * are its subpages), else a table. Images and files the pages embed or link (`Page <id>/plot.png`)
 * are stored as attachments (their paths are the export's, inside its inner zips: `readAttachment`
 * reads them). Source ids are Notion's ids (`page:<id>`, `db:<id>`), so a page
 * renamed in Notion still updates the same Keel page on a re-import.
 */
export function createNotionAdapter(options: NotionOptions = {}): ImportAdapter {
  const membersOf = (context: AdapterContext | undefined): readonly NotionMember[] => options.members ?? context?.members ?? []
  // The server enumerates once and renders every entry: read the export once per source.
  const cache = new WeakMap<ImportSource, Workspace>()
  const workspaceOf = (source: ImportSource) => {
    let ws = cache.get(source)
    if (!ws) cache.set(source, (ws = readWorkspace(source.files)))
    return ws
  }

  const database = (
    ws: Workspace,
    node: NotionNode,
    members: readonly NotionMember[],
    pageIdOf: (sourceId: string) => string | null,
    taskId?: (n: number) => string,
  ) => {
    const decoded = decodeText(ws.files.get(node.path)!.bytes)
    const table = readDatabase(decoded.text)
    const rowPages = new Map<string, string[]>()
    for (const n of ws.nodes) {
      if (n.parentSourceId !== node.sourceId || n.kind !== 'page') continue
      // The page's own `# Title`: Notion shortens long titles in file names, never in the CSV.
      const title = splitNotionPage(decodeText(ws.files.get(n.path)!.bytes).text).title ?? n.title
      rowPages.set(title, [...(rowPages.get(title) ?? []), n.sourceId])
    }
    // Rows and their pages meet by title; rows with the same title take their pages in order.
    const links = table.rows.map((row) => rowPages.get(row[0] || 'Untitled')?.shift() ?? null)
    const rendered: DatabaseRendering = renderDatabase(table, {
      members,
      taskId,
      rowLink: (n) => {
        const sourceId = links[n]
        const id = sourceId ? pageIdOf(sourceId) : null
        return id ? `/d/${id}` : null
      },
    })
    return { ...rendered, warnings: [...(decoded.warning ? [decoded.warning] : []), ...rendered.warnings] }
  }

  const page = (
    ws: Workspace,
    node: NotionNode,
    ctx: Pick<RenderContext, 'pageIdOf' | 'attachmentOf'>,
    taskId?: (n: number) => string,
    referenced = new Set<string>(),
  ) => {
    const decoded = decodeText(ws.files.get(node.path)!.bytes)
    const split = splitNotionPage(decoded.text)
    const file = (path: string) => {
      referenced.add(path)
      return { file: path, attachment: ctx.attachmentOf?.(path) ?? null }
    }
    const converted = convertMarkdown(split.body, {
      resolveLink: linkResolver(ws, node.path, ctx.pageIdOf, file),
      resolveImage: imageResolver(ws, node.path, file),
      taskId,
    })
    return {
      ...converted,
      properties: { ...converted.properties, ...split.properties },
      warnings: [...(decoded.warning ? [decoded.warning] : []), ...converted.warnings],
    }
  }

  return {
    kind: 'notion',

    enumerate(source: ImportSource, context?: AdapterContext): Enumerated {
      const members = membersOf(context)
      const ws = workspaceOf(source)
      const referenced = new Set<string>()
      const entries: SourceEntry[] = ws.nodes.map((node) => {
        const base = { sourceId: node.sourceId, parentSourceId: node.parentSourceId, path: node.path, title: node.title.slice(0, 200) }
        if (node.kind === 'folder') return { ...base, kind: 'folder', bytes: 0, hash: 'folder', tasks: 0, links: 0, warnings: [], dropped: [] }
        const bytes = ws.files.get(node.path)!.bytes
        let links = 0
        // Ids do not exist yet: count the links that will become page links.
        const pending = () => {
          links++
          return 'pending'
        }
        const files = new Set<string>()
        const read = node.kind === 'database' ? database(ws, node, members, pending) : page(ws, node, { pageIdOf: pending }, undefined, files)
        for (const f of files) referenced.add(f)
        const title = node.kind === 'page' && 'title' in read && read.title ? read.title : node.title
        return {
          ...base,
          title: title.slice(0, 200),
          kind: 'page',
          bytes: bytes.length,
          hash: entryHash(
            bytes,
            [...files].sort().map((f) => ws.files.get(f)?.bytes),
          ),
          tasks: read.tasks,
          links,
          warnings: read.warnings,
          dropped: read.dropped,
        }
      })
      const skipped = [
        ...ws.skipped,
        ...ws.others.filter((p) => !referenced.has(p)).map((path) => ({ path, reason: 'not a page or a database, and no page refers to it' })),
      ]
      return { entries, skipped, attachments: [...referenced].sort() }
    },

    readAttachment(source: ImportSource, path: string): Uint8Array | null {
      return workspaceOf(source).files.get(path)?.bytes ?? null
    },

    render(source: ImportSource, entry: SourceEntry, ctx: RenderContext & Partial<AdapterContext>): RenderedPage {
      const ws = workspaceOf(source)
      const node = ws.nodes.find((n) => n.sourceId === entry.sourceId)
      if (!node || node.kind === 'folder') return { title: entry.title, content: [], properties: {} }
      if (node.kind === 'database')
        return { title: entry.title, content: database(ws, node, membersOf(ctx as AdapterContext), ctx.pageIdOf, ctx.taskId).content, properties: {} }
      const read = page(ws, node, ctx, ctx.taskId)
      return { title: entry.title, content: read.content, properties: read.properties }
    },
  }
}

export const notionAdapter: ImportAdapter = createNotionAdapter()

/**
 * Links as Notion writes them: a URL-encoded path relative to the page (`Spec%20<id>.md`,
 * `../Experiments%20<id>.csv`), or a notion.so URL. Either becomes a Keel page link when it names a
 * page or database of the export (by path, else by the id in it, which survives renames); a
 * relative link to anything else is text with a warning; other absolute URLs are kept.
 */
export function linkResolver(
  ws: Workspace,
  from: string,
  pageIdOf: (sourceId: string) => string | null,
  file: (path: string) => ReturnType<LinkResolver> = () => null,
): LinkResolver {
  return (href) => {
    if (href.startsWith('#')) return { text: 'in-page anchor links (#…) are kept as text' }
    const absolute = /^[a-z][a-z0-9+.-]*:|^\/\//i.test(href)
    const bare = href.split('#')[0]!.split('?')[0]!
    const target = absolute ? null : resolveRelative(from, bare)
    const byPath = target !== null ? ws.byPath.get(target) : undefined
    const id = idInLink(bare)
    const notionUrl = absolute && /^https?:\/\/([a-z0-9-]+\.)?notion\.(so|site)\//i.test(href)
    const sourceId = byPath ?? (!absolute || notionUrl ? (id ? ws.byId.get(id) : undefined) : undefined)
    if (sourceId) {
      const docId = pageIdOf(sourceId)
      return docId ? { href: `/d/${docId}` } : { text: `link to "${href.slice(0, 100)}": its page was not imported, kept as text` }
    }
    if (absolute) return { href }
    // A file of the export that is neither a page nor a database (Notion's file blocks are such links).
    if (target !== null && ws.files.has(target) && !/\.(md|csv)$/i.test(target)) return file(target)
    return { text: `link to "${href.slice(0, 100)}": no such page in the export, kept as text` }
  }
}

/** An image as Notion writes it: a URL-encoded path relative to the page (a file of the export), or a remote URL (kept as a link). */
function imageResolver(ws: Workspace, from: string, file: (path: string) => FileTarget): ImageResolver {
  return (src) => {
    const remote = remoteImage(src)
    if (remote) return remote
    const target = resolveRelative(from, src.split('#')[0]!.split('?')[0]!)
    if (target === null || !ws.files.has(target)) return { text: `image "${src.slice(0, 100)}" is not in the export: kept as its alt text` }
    return file(target)
  }
}
