import { basename, dirname } from '../paths.ts'
import { readZip, type ArchiveFile, type Refusal } from '../zip.ts'
import { parseNotionName } from './names.ts'

/** One thing of the export that becomes a Keel page. */
export interface NotionNode {
  sourceId: string
  parentSourceId: string | null
  kind: 'page' | 'database' | 'folder'
  /** The .md or chosen .csv (a folder's own path for a folder). */
  path: string
  title: string
  /** The folder holding its subpages (or the database's row pages). */
  folder: string
}

export interface Workspace {
  files: Map<string, ArchiveFile>
  /** Parents before children. */
  nodes: NotionNode[]
  skipped: Refusal[]
  /** Every .md and .csv path (both exports of a database), and every Notion id, to the node it is. */
  byPath: Map<string, string>
  byId: Map<string, string>
  /** Files that are neither pages nor databases (images, PDFs): attachments when a page refers to them. */
  others: string[]
}

const JUNK = (path: string) => path.startsWith('__MACOSX/') || path.split('/').some((p) => p.startsWith('.'))
const MD = /\.md$/i
const CSV = /\.csv$/i

/**
 * Notion wraps its export: a zip holding one or more zips (`Export-….zip` parts), and/or one top
 * folder. One level of each is opened; paths from then on are relative to the workspace's root,
 * which is how the links inside pages are written.
 */
export function unwrap(files: readonly ArchiveFile[]): { files: ArchiveFile[]; skipped: Refusal[] } {
  const skipped: Refusal[] = []
  const clean = (list: readonly ArchiveFile[]) =>
    list.filter((f) => {
      if (!JUNK(f.path)) return true
      skipped.push({ path: f.path, reason: 'hidden or system file' })
      return false
    })
  let out = clean(files)
  const zips = out.filter((f) => /\.zip$/i.test(f.path))
  if (zips.length > 0 && !out.some((f) => MD.test(f.path) || CSV.test(f.path))) {
    out = out.filter((f) => !zips.includes(f))
    for (const z of zips) {
      const inner = readZip(z.bytes)
      skipped.push(...inner.refused.map((r) => ({ path: `${z.path}/${r.path}`, reason: r.reason })))
      if (inner.ok) out.push(...clean(inner.files))
      else skipped.push({ path: z.path, reason: inner.error })
    }
  }
  const tops = new Set(out.map((f) => (f.path.includes('/') ? f.path.slice(0, f.path.indexOf('/')) : '')))
  const [top] = [...tops]
  // One top folder that is not a page's folder (no `Top.md` beside it) is the export's wrapper.
  if (tops.size === 1 && top && !out.some((f) => f.path === `${top}.md`)) out = out.map((f) => ({ path: f.path.slice(top.length + 1), bytes: f.bytes }))
  return { files: out, skipped }
}

/** The export as a tree of pages, databases and the folders between them. */
export function readWorkspace(all: readonly ArchiveFile[]): Workspace {
  const { files: list, skipped } = unwrap(all)
  const files = new Map(list.map((f) => [f.path, f]))
  const pages: string[] = []
  const others: string[] = []
  const csvs = new Map<string, string[]>()
  for (const f of list) {
    if (MD.test(f.path)) pages.push(f.path)
    else if (CSV.test(f.path)) {
      const folder = f.path.replace(CSV, '').replace(/_all$/i, '')
      csvs.set(folder, [...(csvs.get(folder) ?? []), f.path])
    } else others.push(f.path)
  }
  const databases: string[] = []
  for (const paths of csvs.values()) {
    // `_all` has every property; the other is the same rows with the visible ones only.
    const chosen = paths.find((p) => parseNotionName(p).all) ?? paths[0]!
    databases.push(chosen)
    for (const p of paths)
      if (p !== chosen) skipped.push({ path: p, reason: `the same database as ${basename(chosen)}, which has every property: read that one` })
  }
  const owners = new Map<string, { kind: 'page' | 'database'; path: string }>()
  for (const p of pages) owners.set(p.replace(MD, ''), { kind: 'page', path: p })
  for (const p of databases) owners.set(p.replace(CSV, '').replace(/_all$/i, ''), { kind: 'database', path: p })
  const folders = new Set<string>()
  for (const p of [...pages, ...databases]) for (let d = dirname(p); d !== ''; d = dirname(d)) folders.add(d)

  const nodes: NotionNode[] = []
  const byPath = new Map<string, string>()
  const byId = new Map<string, string>()
  const used = new Set<string>()
  const idFor = (kind: NotionNode['kind'], path: string, id: string | null) => {
    const preferred = id ? `${kind === 'database' ? 'db' : 'page'}:${id}` : `path:${path}`
    // A Notion id is unique in an export; a malformed one that repeats falls back to the path.
    const sourceId = used.has(preferred) ? `path:${path}` : preferred
    used.add(sourceId)
    return sourceId
  }
  // Children by folder, once (a visit per folder scanning every owner is quadratic in a large workspace).
  const group = <T>(items: Iterable<T>, dirOf: (item: T) => string) => {
    const out = new Map<string, T[]>()
    for (const item of items) out.set(dirOf(item), [...(out.get(dirOf(item)) ?? []), item])
    return out
  }
  const ownersIn = group(owners.entries(), ([folder]) => dirname(folder))
  const orphansIn = group(
    [...folders].filter((f) => !owners.has(f)),
    (f) => dirname(f),
  )
  const visit = (dir: string, parent: string | null) => {
    const here = (ownersIn.get(dir) ?? []).sort(([a], [b]) => a.localeCompare(b))
    const orphans = (orphansIn.get(dir) ?? []).sort()
    for (const folder of orphans) {
      const { title } = parseNotionName(folder)
      const sourceId = idFor('folder', `${folder}/`, null)
      nodes.push({ sourceId, parentSourceId: parent, kind: 'folder', path: `${folder}/`, title, folder })
      visit(folder, sourceId)
    }
    for (const [folder, owner] of here) {
      const { title, id } = parseNotionName(owner.path)
      const sourceId = idFor(owner.kind, owner.path, id)
      nodes.push({ sourceId, parentSourceId: parent, kind: owner.kind, path: owner.path, title, folder })
      byPath.set(owner.path, sourceId)
      if (owner.kind === 'database') for (const p of csvs.get(folder) ?? []) byPath.set(p, sourceId)
      if (id && !byId.has(id)) byId.set(id, sourceId)
      if (folders.has(folder)) visit(folder, sourceId)
    }
  }
  visit('', null)
  return { files, nodes, skipped, byPath, byId, others }
}
