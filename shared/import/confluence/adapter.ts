import type { JsonNode } from '../../api/docs.ts'
import { fileNode } from '../../doc/rich-nodes.ts'
import {
  type AdapterContext,
  entryHash,
  type Enumerated,
  type ImportAdapter,
  type ImportMember,
  type ImportSource,
  type RenderContext,
  type RenderedPage,
  type SourceEntry,
} from '../adapter.ts'
import { type FileTarget, type ImageResolver, type LinkResolver, remoteImage } from '../markdown/inline.ts'
import { basename, resolveRelative } from '../paths.ts'
import { decodeText } from '../text.ts'
import type { ArchiveFile } from '../zip.ts'
import { convertBody } from './convert.ts'
import { type ChildNode, findAll, parseHtml, textOf } from './html.ts'
import { readMeta } from './meta.ts'
import { type PageFile, readSpace, readTree, type Space } from './space.ts'

/**
 * Confluence: the HTML export of a space (index.html with the page tree, one HTML file per page,
 * attachments/, styles/, images/) becomes the space's page tree. The hierarchy is index.html's
 * tree, or each page's breadcrumbs where the tree does not list it. Source ids are Confluence's
 * page ids (from `Title_123.html`), so a re-export after a rename updates the same pages. Every
 * page's attachments (`attachments/<pageId>/…`) are stored: embedded images become image blocks,
 * links to them file blocks, and the ones the body does not show are listed at the end of the page,
 * as the export's "Attachments" section does.
 */
export const confluenceAdapter: ImportAdapter = {
  kind: 'confluence',

  enumerate(source: ImportSource, context?: AdapterContext): Enumerated {
    const space = spaceOf(source)
    const members = context?.members ?? []
    const referenced = new Set<string>()
    const parsed = new Map(space.pages.map((p) => [p.sourceId, readPage(p)]))
    const parentOf = new Map<string, string | null>()
    const treeTitle = new Map<string, string>()
    const tree = space.index ? readTree(parseHtml(decodeText(space.index.bytes).text)) : []
    for (const link of tree) {
      const page = pageOfHref(space, link.href)
      if (!page || parentOf.has(page.sourceId)) continue
      parentOf.set(page.sourceId, link.parentHref ? (pageOfHref(space, link.parentHref)?.sourceId ?? null) : null)
      treeTitle.set(page.sourceId, link.title)
    }
    // Pages the tree does not list: under the last page of their breadcrumbs that is in the export.
    for (const page of space.pages) {
      if (parentOf.has(page.sourceId)) continue
      const crumbs = parsed
        .get(page.sourceId)!
        .meta.breadcrumbs.map((h) => pageOfHref(space, h))
        .filter((p) => p && p !== page)
      parentOf.set(page.sourceId, crumbs.at(-1)?.sourceId ?? null)
    }
    const entries: SourceEntry[] = []
    const placed = new Set<string>()
    const place = (page: PageFile, trail: Set<string>) => {
      if (placed.has(page.sourceId)) return
      let parent = parentOf.get(page.sourceId) ?? null
      const warnings: string[] = []
      if (parent && trail.has(parent)) {
        warnings.push('its breadcrumbs make a cycle: imported at the top')
        parent = null
      }
      const parentPage = parent ? space.bySourceId.get(parent) : undefined
      if (parentPage) place(parentPage, new Set([...trail, page.sourceId]))
      placed.add(page.sourceId)
      entries.push(entry(space, page, parsed.get(page.sourceId)!, parent, treeTitle.get(page.sourceId), warnings, members, referenced))
    }
    const order = [...tree.map((l) => pageOfHref(space, l.href)).filter((p): p is PageFile => p !== null), ...space.pages]
    for (const page of order) place(page, new Set())
    const skipped = [...space.skipped]
    for (const [owner, paths] of space.attachments) {
      if (space.byPageId.has(owner)) paths.forEach((p) => referenced.add(p))
      else skipped.push(...paths.filter((p) => !referenced.has(p)).map((path) => ({ path, reason: 'an attachment of a page that is not in the export' })))
    }
    const attachmentNames: Record<string, string> = {}
    for (const page of space.pages) attachmentNamesOf(space, page, parsed.get(page.sourceId)!.doc, attachmentNames)
    return { entries, skipped, attachments: [...referenced].sort(), attachmentNames }
  },

  render(source: ImportSource, entry: SourceEntry, ctx: RenderContext & Partial<AdapterContext>): RenderedPage {
    const space = spaceOf(source)
    const page = space.bySourceId.get(entry.sourceId)
    if (!page || page.file.path !== entry.path) return { title: entry.title, content: [], properties: {} }
    const { meta } = readPage(page)
    const shown = new Set<string>()
    const converted = convertBody(meta.body, { ...resolvers(space, page, ctx, shown), members: ctx.members ?? [], taskId: ctx.taskId })
    // The export's "Attachments" section (outside the body): the page's files its body does not show.
    const rest = (page.pageId ? (space.attachments.get(page.pageId) ?? []) : [])
      .filter((p) => !shown.has(p))
      .map((p) => ctx.attachmentOf?.(p) ?? null)
      .filter((a) => a !== null)
    const section: JsonNode[] =
      rest.length > 0 ? [{ type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Attachments' }] }, ...rest.map(fileNode)] : []
    return { title: entry.title, content: [...converted.content, ...section], properties: meta.properties }
  },
}

/** A source's files sorted once, not once per page rendered (a run renders every page of the same source). */
const spaces = new WeakMap<ArchiveFile[], Space>()
function spaceOf(source: ImportSource): Space {
  let space = spaces.get(source.files)
  if (!space) spaces.set(source.files, (space = readSpace(source.files)))
  return space
}

function readPage(page: PageFile) {
  const decoded = decodeText(page.file.bytes)
  const doc = parseHtml(decoded.text)
  return { decoded, doc, meta: readMeta(doc) }
}

/** Where an href or src of a page points under the export's attachments/, or null. */
function attachmentPathOf(space: Space, page: PageFile, href: string): string | null {
  const path = resolveRelative(page.file.path, href.split('#')[0]!.split('?')[0]!)
  const prefix = space.root === '' ? 'attachments/' : `${space.root}/attachments/`
  return path?.startsWith(prefix) ? path : null
}

/**
 * The names the page gives its attachment files (the export names them by id): an image's or a
 * link's alias (`data-linked-resource-default-alias`), else a link's text when it is a file name
 * with the file's extension (the "Attachments" section lists them so).
 */
function attachmentNamesOf(space: Space, page: PageFile, doc: ChildNode[], names: Record<string, string>): void {
  for (const el of findAll(doc, (e) => (e.name === 'img' && e.attribs.src !== undefined) || (e.name === 'a' && e.attribs.href !== undefined))) {
    const path = attachmentPathOf(space, page, el.name === 'img' ? el.attribs.src! : el.attribs.href!)
    if (!path || names[path]) continue
    const ext = /\.[A-Za-z0-9]{1,10}$/.exec(path)?.[0]?.toLowerCase()
    const text = el.name === 'a' ? textOf(el) : ''
    const name = el.attribs['data-linked-resource-default-alias'] || (ext && text.toLowerCase().endsWith(ext) ? text : '')
    if (name && name !== basename(path)) names[path] = name.slice(0, 200)
  }
}

function entry(
  space: Space,
  page: PageFile,
  read: ReturnType<typeof readPage>,
  parent: string | null,
  treeTitle: string | undefined,
  warnings: string[],
  members: readonly ImportMember[],
  referenced: Set<string>,
): SourceEntry {
  let links = 0
  // Ids do not exist yet: count the links that will become page links.
  const pending = () => {
    links++
    return 'pending'
  }
  const shown = new Set<string>()
  const converted = convertBody(read.meta.body, { ...resolvers(space, page, { pageIdOf: pending }, shown), members })
  for (const f of shown) referenced.add(f)
  // The page shows its own attachments too (at its end): their bytes are part of what it is.
  const files = [...new Set([...shown, ...(page.pageId ? (space.attachments.get(page.pageId) ?? []) : [])])].sort()
  return {
    sourceId: page.sourceId,
    parentSourceId: parent,
    path: page.file.path,
    title: (read.meta.title || treeTitle || page.name.replace(/(_\d+)?\.html?$/i, '')).slice(0, 200),
    kind: 'page',
    bytes: page.file.bytes.length,
    hash: entryHash(
      page.file.bytes,
      files.map((f) => space.attachmentBytes.get(f)),
    ),
    tasks: converted.tasks,
    links,
    warnings: [...(read.decoded.warning ? [read.decoded.warning] : []), ...warnings, ...converted.warnings],
    dropped: converted.dropped,
  }
}

/** The exported page an href names: `Title_123.html` (relative, any `#anchor` ignored), or Confluence's `viewpage.action?pageId=123`. */
function pageOfHref(space: Space, href: string): PageFile | null {
  const byId = /[?&]pageId=(\d+)/.exec(href)?.[1]
  if (byId) return space.byPageId.get(byId) ?? null
  if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(href)) return null
  let name = basename(href.split('#')[0]!.split('?')[0]!)
  try {
    name = decodeURIComponent(name)
  } catch {
    // As written.
  }
  return space.byName.get(name) ?? null
}

/**
 * Links and images as the export writes them. A link to another exported page is a Keel page link
 * (`/d/<id>`); to a file under attachments/, that file (stored as an attachment); absolute URLs
 * are kept (the converter checks them with safeHref); in-page anchors and pages not in the export
 * are kept as text with a warning. An image is an attachment, a remote URL (kept as a link), or
 * neither (Confluence's icons: not imported). Every attachment referred to is added to `seen`.
 */
function resolvers(
  space: Space,
  page: PageFile,
  ctx: Pick<RenderContext, 'pageIdOf' | 'attachmentOf'>,
  seen: Set<string>,
): { resolveLink: LinkResolver; resolveImage: ImageResolver } {
  const files = filesOf(space)
  const attachmentPath = (href: string) => attachmentPathOf(space, page, href)
  const file = (href: string): FileTarget | { text: string } | null => {
    const path = attachmentPath(href)
    if (path === null) return null
    if (!files.has(path)) return { text: `attachment "${href.slice(0, 100)}" is not in the export: kept as text` }
    seen.add(path)
    return { file: path, attachment: ctx.attachmentOf?.(path) ?? null }
  }
  const resolveImage: ImageResolver = (src) =>
    remoteImage(src) ?? file(src) ?? { text: "not an attachment of the page (Confluence's icons and images are not imported)" }
  const pageLink = linkResolver(space, ctx.pageIdOf)
  return { resolveLink: (href) => (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(href.trim()) ? null : file(href)) ?? pageLink(href), resolveImage }
}

/** Every attachment path of the export, once per space. */
const attachmentSets = new WeakMap<Space, Set<string>>()
function filesOf(space: Space): Set<string> {
  let all = attachmentSets.get(space)
  if (!all) attachmentSets.set(space, (all = new Set([...space.attachments.values()].flat())))
  return all
}

function linkResolver(space: Space, pageIdOf: (sourceId: string) => string | null): LinkResolver {
  return (href) => {
    const short = href.slice(0, 100)
    if (href.startsWith('#')) return { text: 'in-page anchor links (#…) are kept as text' }
    const page = pageOfHref(space, href)
    if (page) {
      const id = pageIdOf(page.sourceId)
      return id ? { href: `/d/${id}` } : { text: `link to "${short}": its page was not imported, kept as text` }
    }
    if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(href.trim())) return { href }
    return { text: `link to "${short}": not a page of this export, kept as text` }
  }
}
