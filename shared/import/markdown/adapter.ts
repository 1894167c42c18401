import { entryHash, type Enumerated, type ImportAdapter, type ImportSource, type RenderContext, type RenderedPage, type SourceEntry } from '../adapter.ts'
import { basename, dirname, resolveRelative } from '../paths.ts'
import { decodeText } from '../text.ts'
import type { ArchiveFile, Refusal } from '../zip.ts'
import { convertMarkdown, type ImageResolver, type LinkResolver } from './convert.ts'
import { remoteImage } from './inline.ts'

const MARKDOWN = /\.(md|markdown|mdown|mkd)$/i
/** A folder's own page, when the folder has one of these. */
const INDEX = /^(index|readme)\.(md|markdown)$/i
/** Written by archivers and desktops, never content. */
const JUNK = (path: string) => path.startsWith('__MACOSX/') || path.split('/').some((p) => p.startsWith('.'))

const stem = (path: string) => basename(path).replace(MARKDOWN, '')

/** A source's files by path, built once per source (every file's links and the render look paths up). */
const indexes = new WeakMap<ImportSource, Map<string, ArchiveFile>>()
function indexOf(source: ImportSource): Map<string, ArchiveFile> {
  let index = indexes.get(source)
  if (!index) indexes.set(source, (index = new Map(source.files.map((f) => [f.path, f]))))
  return index
}

/**
 * Markdown: a file, a folder or a zip of folders becomes a page tree mirroring the folders. Every
 * folder holding Markdown (at any depth) is a page, whose content is its index.md or README.md if
 * it has one; every other Markdown file is a page under its folder's page. Source ids are paths
 * (`specs/` for a folder, `specs/eval.md` for a file).
 */
export const markdownAdapter: ImportAdapter = {
  kind: 'markdown',

  enumerate(source: ImportSource): Enumerated {
    const others: ArchiveFile[] = []
    const skipped: Refusal[] = []
    const md = new Map<string, ArchiveFile>()
    for (const f of source.files) {
      if (JUNK(f.path)) skipped.push({ path: f.path, reason: 'hidden or system file' })
      else if (MARKDOWN.test(f.path)) md.set(f.path, f)
      else others.push(f)
    }
    // The files the pages refer to (images, linked files) are stored as attachments; the rest make nothing.
    const referenced = new Set<string>()
    // Each folder's subfolders and Markdown files, grouped once.
    const subfoldersOf = new Map<string, Set<string>>()
    const filesOf = new Map<string, string[]>()
    const group = <T>(map: Map<string, T>, key: string, make: () => T): T => map.get(key) ?? (map.set(key, make()), map.get(key)!)
    for (const path of md.keys()) {
      group(filesOf, dirname(path), () => []).push(path)
      for (let d = dirname(path); d !== ''; d = dirname(d)) group(subfoldersOf, dirname(d), () => new Set()).add(d)
    }
    const folderIndex = (dir: string) => (filesOf.get(dir) ?? []).find((p) => INDEX.test(basename(p))) ?? null
    const entries: SourceEntry[] = []
    const visit = (dir: string, parent: string | null) => {
      const subfolders = [...(subfoldersOf.get(dir) ?? [])].sort()
      const own = dir === '' ? null : folderIndex(dir)
      const files = (filesOf.get(dir) ?? []).filter((p) => p !== own).sort()
      for (const f of subfolders) {
        const index = folderIndex(f)
        const entry = index ? fileEntry(source, md, index, `${f}/`, parent, 'folder', referenced) : folderEntry(f, parent)
        entries.push(entry)
        visit(f, entry.sourceId)
      }
      for (const p of files) entries.push(fileEntry(source, md, p, p, parent, 'page', referenced))
    }
    visit('', null)
    for (const f of others) if (!referenced.has(f.path)) skipped.push({ path: f.path, reason: 'not a Markdown file, and no page refers to it' })
    return { entries, skipped, attachments: [...referenced].sort() }
  },

  render(source: ImportSource, entry: SourceEntry, ctx: RenderContext): RenderedPage {
    const file = indexOf(source).get(entry.path)
    if (!file) return { title: entry.title, content: [], properties: {} }
    const converted = convertMarkdown(decodeText(file.bytes).text, { ...resolvers(entry.path, source, ctx), taskId: ctx.taskId })
    return { title: entry.title, content: converted.content, properties: converted.properties }
  },
}

function folderEntry(dir: string, parent: string | null): SourceEntry {
  return {
    sourceId: `${dir}/`,
    parentSourceId: parent,
    path: `${dir}/`,
    title: basename(dir),
    kind: 'folder',
    bytes: 0,
    hash: 'folder',
    tasks: 0,
    links: 0,
    warnings: [],
    dropped: [],
  }
}

function fileEntry(
  source: ImportSource,
  md: Map<string, ArchiveFile>,
  path: string,
  sourceId: string,
  parent: string | null,
  kind: 'page' | 'folder',
  referenced: Set<string>,
): SourceEntry {
  const file = md.get(path)!
  const decoded = decodeText(file.bytes)
  let links = 0
  // Ids do not exist yet: count the links that will become page links.
  const pending = {
    pageIdOf: () => {
      links++
      return 'pending'
    },
  }
  const files = new Set<string>()
  const converted = convertMarkdown(decoded.text, resolvers(path, source, pending, files))
  for (const f of files) referenced.add(f)
  const title = converted.title ?? (kind === 'folder' ? basename(dirname(path)) : stem(path))
  return {
    sourceId,
    parentSourceId: parent,
    path,
    title: title.slice(0, 200),
    kind,
    bytes: file.bytes.length,
    hash: entryHash(
      file.bytes,
      [...files].sort().map((f) => indexOf(source).get(f)?.bytes),
    ),
    tasks: converted.tasks,
    links,
    warnings: [...(decoded.warning ? [decoded.warning] : []), ...converted.warnings],
    dropped: converted.dropped,
  }
}

/**
 * Links and images as written in `from`. A link to another Markdown file of the import
 * (`other.md`, `../dir/x.md#h`, a folder with an index) becomes a link to its page (`/d/<id>`;
 * the `#anchor` is dropped, pages have no heading anchors); a link to another file of the import
 * (`train.yaml`) is that file, stored as an attachment; a relative link to something not in the
 * import, or an in-page anchor, stays as text with a warning; absolute URLs are kept (and checked
 * by the converter). An image is a file of the import, or a remote URL kept as a link. Every file
 * referred to is added to `referenced` (what the server stores before rendering).
 */
function resolvers(
  from: string,
  source: ImportSource,
  ctx: Pick<RenderContext, 'pageIdOf' | 'attachmentOf'>,
  referenced = new Set<string>(),
): { resolveLink: LinkResolver; resolveImage: ImageResolver } {
  const paths = indexOf(source)
  const file = (path: string) => {
    referenced.add(path)
    return { file: path, attachment: ctx.attachmentOf?.(path) ?? null }
  }
  const resolveImage: ImageResolver = (src) => {
    const remote = remoteImage(src)
    if (remote) return remote
    const short = src.slice(0, 100)
    const target = resolveRelative(from, src.split('#')[0]!.split('?')[0]!)
    if (target === null || JUNK(target)) return { text: `image "${short}" is not a file of the import: kept as its alt text` }
    if (!paths.has(target)) return { text: `image "${short}" is not in the archive: kept as its alt text` }
    return file(target)
  }
  const resolveLink = linkResolver(from, paths, ctx.pageIdOf, (path) => file(path))
  return { resolveLink, resolveImage }
}

function linkResolver(
  from: string,
  paths: Map<string, ArchiveFile>,
  pageIdOf: (sourceId: string) => string | null,
  file: (path: string) => ReturnType<LinkResolver>,
): LinkResolver {
  return (href) => {
    if (href.startsWith('#')) return { text: 'in-page anchor links (#…) are kept as text' }
    const bare = href.split('#')[0]!.split('?')[0]!
    const target = resolveRelative(from, bare)
    if (target === null)
      return /^[a-z][a-z0-9+.-]*:|^\/\//i.test(href) ? { href } : { text: `link to "${href.slice(0, 100)}" points outside the import: kept as text` }
    const candidates = [target, `${target}.md`, `${target}/index.md`, `${target}/README.md`, `${target}/readme.md`]
    const hit = candidates.find((c) => paths.has(c) && MARKDOWN.test(c))
    if (!hit && paths.has(target) && !JUNK(target)) return file(target)
    if (!hit) return { text: `link to "${href.slice(0, 100)}": no such Markdown file in the import, kept as text` }
    const sourceId = INDEX.test(basename(hit)) && dirname(hit) !== '' ? `${dirname(hit)}/` : hit
    const id = pageIdOf(sourceId)
    return id ? { href: `/d/${id}` } : { text: `link to "${href.slice(0, 100)}": its page was not imported, kept as text` }
  }
}
