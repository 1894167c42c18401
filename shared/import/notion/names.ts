import { basename } from '../paths.ts'

/** Notion ends every exported page, database and folder name with the object's id: 32 hex digits after a space. */
const ID_SUFFIX = /^(.*?)\s+([0-9a-f]{32})$/i

export interface NotionName {
  /** The name as the person wrote it (without the id). */
  title: string
  /** The object's id (lowercase), or null for a name without one. */
  id: string | null
  /** Set on `Name <id>_all.csv`: the database's export with every property. */
  all: boolean
}

/**
 * A file or folder name of a Notion export read back into its title and id: `Spec 1f3…c9.md` is
 * "Spec" with id `1f3…c9`; `Experiments 8a…_all.csv` is the Experiments database, all properties.
 */
export function parseNotionName(path: string): NotionName {
  const stem = basename(path.replace(/\/$/, '')).replace(/\.(md|csv)$/i, '')
  const all = /_all$/i.test(stem)
  const m = ID_SUFFIX.exec(all ? stem.slice(0, -4) : stem)
  if (m) return { title: m[1]!.trim() || 'Untitled', id: m[2]!.toLowerCase(), all }
  return { title: stem.trim() || 'Untitled', id: null, all: false }
}

/** A Notion id anywhere in a link (a relative path or a notion.so URL, with or without dashes), or null. */
export function idInLink(href: string): string | null {
  const last = href.split('#')[0]!.split('?')[0]!.split('/').pop() ?? ''
  let decoded = last
  try {
    decoded = decodeURIComponent(last)
  } catch {
    // A stray % leaves the link as written.
  }
  const bare = decoded.replace(/\.(md|csv)$/i, '').replace(/_all$/i, '')
  const m = /([0-9a-f]{32})$/i.exec(bare.replace(/([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})$/i, '$1$2$3$4$5'))
  return m ? m[1]!.toLowerCase() : null
}
