import { EXPORT_LIMITS } from '../limits.ts'

/** A page as the archive lays it out: its parent among the exported pages, or null at the top. */
export interface PathNode {
  id: string
  title: string
  parentId: string | null
}

/** Names Windows refuses for a file whatever its extension. */
const RESERVED = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])$/i

/**
 * A page title as a file or folder name that is safe on every system and in every zip reader:
 * no separators (so `../` in a title is text, never a path), no control or reserved characters,
 * no leading dots (hidden files, `..`), no trailing dots or spaces (Windows drops them), not a
 * Windows device name, at most `EXPORT_LIMITS.maxNameChars` characters (cut between code
 * points), and never empty. Unicode letters are kept as they are (NFC).
 */
export function safeName(title: string): string {
  const cleaned = title
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}/\\:*?"<>|]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s]+/, '')
  let name = [...cleaned]
    .slice(0, EXPORT_LIMITS.maxNameChars)
    .join('')
    .replace(/[.\s]+$/, '')
  if (RESERVED.test(name)) name = `_${name}`
  return name === '' ? 'Untitled' : name
}

/**
 * The archive path of every page (without extension): pages at the top are files at the root, a
 * page's children sit in a folder named like it (`Spec.md` beside `Spec/Data.md`). Names are
 * unique within a folder ignoring case (zip readers on macOS and Windows fold case): a second
 * "Notes" is "Notes (2)". `reserved` names are taken at the root already (e.g. `index`).
 * Pages are named in the order given, so give them in tree order for stable names.
 */
export function pagePaths(nodes: readonly PathNode[], reserved: readonly string[] = []): Map<string, string> {
  const ids = new Set(nodes.map((n) => n.id))
  const taken = new Map<string, Set<string>>()
  const takenIn = (folder: string) => {
    let set = taken.get(folder)
    if (!set) taken.set(folder, (set = new Set(folder === '' ? reserved.map((r) => r.toLowerCase()) : [])))
    return set
  }
  const out = new Map<string, string>()
  const byId = new Map(nodes.map((n) => [n.id, n]))
  const pathOf = (node: PathNode, seen: Set<string>): string => {
    const known = out.get(node.id)
    if (known !== undefined) return known
    // A parent outside the export (or a cycle, which buildTree never hands over) puts the page at the top.
    const parent = node.parentId !== null && ids.has(node.parentId) && !seen.has(node.parentId) ? byId.get(node.parentId)! : null
    const folder = parent ? pathOf(parent, new Set([...seen, node.id])) : ''
    const names = takenIn(folder)
    const base = safeName(node.title)
    let name = base
    for (let i = 2; names.has(name.toLowerCase()); i++) name = `${base} (${i})`
    names.add(name.toLowerCase())
    const path = folder === '' ? name : `${folder}/${name}`
    out.set(node.id, path)
    return path
  }
  for (const node of nodes) pathOf(node, new Set())
  return out
}

/** encodeURIComponent, and parentheses too: a Markdown link destination must not hold unbalanced ones. */
const encodeSegment = (s: string): string => encodeURIComponent(s).replace(/[()!*']/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)

/** A relative link from the file at `from` to the file at `to` (both archive paths), each segment URL-encoded. */
export function relativeHref(from: string, to: string): string {
  const a = from.split('/').slice(0, -1)
  const b = to.split('/')
  let common = 0
  while (common < a.length && common < b.length - 1 && a[common] === b[common]) common++
  const up = a.slice(common).map(() => '..')
  return [...up, ...b.slice(common)].map((s) => (s === '..' ? s : encodeSegment(s))).join('/')
}
