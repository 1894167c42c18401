import type { ArchiveFile, Refusal } from '../zip.ts'
import { basename, dirname } from '../paths.ts'
import { type ChildNode, childElements, type Element, findAll, findFirst, isElement, textOf } from './html.ts'

/** One exported page file. */
export interface PageFile {
  file: ArchiveFile
  /** Confluence's page id (`Title_123.html`, `123.html`), else the file's path: stable across exports even when a title changes. */
  sourceId: string
  /** The file's name, which is how pages link to each other in the export. */
  name: string
  /** Confluence's numeric page id, when the file name carries it. */
  pageId: string | null
}

export interface Space {
  /** The folder holding index.html and the pages ('' at the top of the zip). */
  root: string
  index: ArchiveFile | null
  pages: PageFile[]
  byName: Map<string, PageFile>
  bySourceId: Map<string, PageFile>
  byPageId: Map<string, PageFile>
  /** Attachment files (archive paths) per the page id of their folder (`attachments/<pageId>/<file>`). */
  attachments: Map<string, string[]>
  /** The bytes of each attachment file, by path. */
  attachmentBytes: Map<string, Uint8Array>
  skipped: Refusal[]
}

const HTML = /\.html?$/i
const JUNK = (path: string) => path.startsWith('__MACOSX/') || path.split('/').some((p) => p.startsWith('.'))

/** Sorts an export's files: its index, its pages, their attachments, and what makes nothing (styles, icons), with why. */
export function readSpace(files: ArchiveFile[]): Space {
  const indexes = files.filter((f) => basename(f.path).toLowerCase() === 'index.html' && !JUNK(f.path))
  const index = indexes.sort((a, b) => a.path.split('/').length - b.path.split('/').length)[0] ?? null
  const shallowest = files.filter((f) => HTML.test(f.path) && !JUNK(f.path)).sort((a, b) => a.path.split('/').length - b.path.split('/').length)[0]
  const root = index ? dirname(index.path) : shallowest ? dirname(shallowest.path) : ''
  const inRoot = (path: string) => (root === '' ? path : path.startsWith(`${root}/`) ? path.slice(root.length + 1) : null)
  const space: Space = {
    root,
    index,
    pages: [],
    byName: new Map(),
    bySourceId: new Map(),
    byPageId: new Map(),
    attachments: new Map(),
    attachmentBytes: new Map(),
    skipped: [],
  }
  for (const file of files) {
    const rel = inRoot(file.path)
    if (file === index) continue
    if (JUNK(file.path)) space.skipped.push({ path: file.path, reason: 'hidden or system file' })
    else if (rel !== null && !rel.includes('/') && HTML.test(rel)) {
      const id = /(?:^|_)(\d+)\.html?$/i.exec(rel)?.[1] ?? null
      // Two files claiming one page id (hand-edited exports): the second is known by its path, so source ids stay unique.
      const pageId = id && !space.byPageId.has(id) ? id : null
      const page: PageFile = { file, sourceId: pageId ?? rel, name: rel, pageId }
      space.pages.push(page)
      space.byName.set(rel, page)
      space.bySourceId.set(page.sourceId, page)
      if (pageId) space.byPageId.set(pageId, page)
    } else if (rel?.startsWith('attachments/') && rel.split('/').length === 3) {
      const owner = rel.split('/')[1]!
      space.attachments.set(owner, [...(space.attachments.get(owner) ?? []), file.path])
      space.attachmentBytes.set(file.path, file.bytes)
    } else if (rel?.startsWith('styles/') || rel?.startsWith('images/'))
      space.skipped.push({ path: file.path, reason: "Confluence's styles and icons, not content" })
    else space.skipped.push({ path: file.path, reason: 'not a page of the space export' })
  }
  return space
}

/** A node of index.html's page tree: a link to a page file, with its children. */
export interface TreeLink {
  href: string
  title: string
  parentHref: string | null
}

/**
 * index.html's page tree (nested `<ul>`s of links), flattened in document order so parents come
 * before children. The outermost lists holding page links are the tree; other lists are ignored.
 */
export function readTree(doc: ChildNode[]): TreeLink[] {
  const out: TreeLink[] = []
  const isList = (e: Element) => e.name === 'ul' || e.name === 'ol'
  const visit = (list: Element, parentHref: string | null) => {
    for (const li of childElements(list).filter((e) => e.name === 'li')) {
      const own = li.children.filter((c) => !(isElement(c) && isList(c)))
      const a = findFirst(own, (e) => e.name === 'a' && HTML.test((e.attribs.href ?? '').split('#')[0]!))
      const href = a ? a.attribs.href!.split('#')[0]! : null
      if (href) out.push({ href, title: textOf(a!), parentHref })
      for (const sub of childElements(li).filter(isList)) visit(sub, href ?? parentHref)
    }
  }
  const lists = findAll(doc, (e) => isList(e) && findFirst(e.children, (a) => a.name === 'a' && HTML.test(a.attribs.href ?? '')) !== null)
  const nested = new Set(lists.flatMap((l) => findAll(l.children, isList)))
  for (const list of lists) if (!nested.has(list)) visit(list, null)
  return out
}
