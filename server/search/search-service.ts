import type { SearchQuery, SearchResults } from '#shared/api/search'
import { SEARCH_LIMITS } from '#shared/limits'
import { type Principal, roleOn } from '../auth/principal.ts'
import type { Directory } from '../workspaces/directory.ts'
import { editDistance, ftsString, planOf, queryTerms, typosAllowed } from './query.ts'
import type { SearchFilter, SqliteSearchStore } from './search-store.ts'

/** Close vocabulary words tried per misspelt word. */
const TYPO_CANDIDATES = 4

/**
 * Search for one caller: the projects they can read (every workspace they belong to, each project
 * their role reaches, a token only its own workspace), then the words, then the filters. A page
 * of a project they cannot read is never read at all, so no title, snippet or count leaks.
 */
export class SearchService {
  constructor(private readonly deps: { index: SqliteSearchStore; directory: Directory }) {}

  readableProjects(principal: Principal): string[] {
    if (principal.kind === 'anonymous') return []
    const { directory } = this.deps
    return directory
      .workspacesOf(principal.user.id)
      .flatMap((w) => directory.projects(w.id))
      .filter((p) => roleOn(directory, principal, { projectId: p.id }) !== null)
      .map((p) => p.id)
  }

  search(principal: Principal, query: SearchQuery): SearchResults {
    const readable = this.readableProjects(principal)
    const projects = query.projectId ? readable.filter((p) => p === query.projectId) : readable
    const filter: SearchFilter = {
      projects,
      kind: query.kind,
      pageType: query.type,
      author: query.author,
      since: query.since === undefined ? undefined : Date.parse(query.since),
      status: query.status,
      assignee: query.assignee,
      stage: query.stage,
    }
    const offset = query.cursor ? Number(query.cursor) : 0
    const limit = query.limit ?? SEARCH_LIMITS.pageSize
    const terms = queryTerms(query.q)
    const { index } = this.deps
    // One more than asked: whether there is a next page, without counting.
    let hits = index.search(planOf(terms), filter, offset, limit + 1)
    if (hits.length === 0 && offset === 0) {
      const corrected = this.corrected(terms)
      if (corrected) hits = index.search({ trigram: null, words: corrected }, filter, 0, limit)
      return { hits, next: null }
    }
    return { hits: hits.slice(0, limit), next: hits.length > limit ? String(offset + limit) : null }
  }

  /**
   * The typo fallback, tried when nothing matched: each word of four letters or more is replaced
   * by the indexed words within one or two edits of it that share its first letter and its second
   * or third (typos there are rare, and it bounds the scan). Null when no word has a close neighbour.
   */
  private corrected(terms: readonly string[]): string | null {
    let changed = false
    const parts = terms.map((t) => {
      const word = t.toLowerCase()
      const max = typosAllowed(word)
      if (max === 0) return `${ftsString(t)}*`
      const chars = [...word]
      // Two short ranges of the vocabulary rather than a letter's worth: the first two letters, and
      // the first and third (a swap or a deletion at the second letter).
      const prefixes = [...new Set([chars[0]! + chars[1]!, chars[0]! + chars[2]!])]
      const close = prefixes
        .flatMap((p) => this.deps.index.vocabulary(p, p + '\u{10FFFF}'))
        .map((term) => ({ term, d: editDistance(word, term, max) }))
        .filter((c) => c.d <= max)
        .sort((a, b) => a.d - b.d || a.term.localeCompare(b.term))
        .slice(0, TYPO_CANDIDATES)
      if (close.length === 0) return `${ftsString(t)}*`
      changed = true
      return `(${close.map((c) => ftsString(c.term)).join(' OR ')})`
    })
    return changed ? parts.join(' AND ') : null
  }
}
