import type { ActivityEntry, ActivityFeed } from '#shared/api/history'
import type { HistoryStore, VersionRow } from './history-store.ts'
import { type NameOf, toMeta } from './meta.ts'

/** "Priya and Sam" / "Priya, Sam and 2 others". */
function names(list: string[]): string {
  if (list.length === 0) return 'Someone'
  if (list.length === 1) return list[0]!
  if (list.length <= 3) return `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}`
  return `${list.slice(0, 2).join(', ')} and ${list.length - 2} others`
}

/**
 * Activity feeds told from closed versions: per document, and per project (only its pages, kind
 * 'doc': every page of a project is readable by whoever may read the project, documents inherit
 * the project's roles; deleted pages have left their project and do not appear).
 */
export class Activity {
  constructor(
    private readonly history: HistoryStore,
    private readonly nameOf: NameOf,
    private readonly titleOf: (docId: string) => string,
  ) {}

  doc(docId: string, before: string | undefined, limit: number): ActivityFeed {
    const [at, id] = cursor(before)
    return this.feed(this.history.docActivity(docId, at, limit, id), limit)
  }

  project(projectId: string, before: string | undefined, limit: number): ActivityFeed {
    const [at, id] = cursor(before)
    return this.feed(this.history.projectActivity(projectId, at, limit, id), limit)
  }

  private feed(rows: VersionRow[], limit: number): ActivityFeed {
    const titles = new Map<string, string>()
    const entries = rows.map((row): ActivityEntry => {
      let title = titles.get(row.docId)
      if (title === undefined) titles.set(row.docId, (title = this.titleOf(row.docId) || 'Untitled'))
      const version = toMeta(row, this.nameOf, this.history)
      const who = row.createdBy ? version.createdBy!.name : names(version.authors.map((a) => a.name))
      const text =
        row.kind === 'restore'
          ? `${who} restored an earlier version of ${title}`
          : row.kind === 'named'
            ? `${who} named a version of ${title} "${row.name}"`
            : row.kind === 'baseline'
              ? `History of ${title} starts here`
              : `${who} changed ${title}: ${row.summary}`
      return { docId: row.docId, docTitle: title, version, text }
    })
    const last = rows[rows.length - 1]
    return { entries, nextBefore: rows.length === limit && last ? `${new Date(last.endedAt).toISOString()}_${last.id}` : null }
  }
}

/**
 * The page cursor: `<ISO time>_<version id>` (what nextBefore gives), or a bare ISO time (older
 * clients: everything that ended before it).
 */
function cursor(before: string | undefined): [number | undefined, number] {
  if (!before) return [undefined, 0]
  const [iso, id] = before.split('_')
  return [Date.parse(iso!), id === undefined ? 0 : Number(id)]
}
