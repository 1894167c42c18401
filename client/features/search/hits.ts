import { type FullTextHit, type SearchKind, splitHighlights } from '#shared/api/search'
import { blockHref } from '../../lib/router.ts'

/** Where a hit opens: its page, scrolled to its block when it has one. */
export const hitHref = (h: FullTextHit): string => blockHref(h.docId, h.blockId, h.kind)

/** The switcher's groups, in the order shown. A page's title and its text are both "Pages". */
export const GROUPS: { label: string; kinds: readonly SearchKind[] }[] = [
  { label: 'Pages', kinds: ['page', 'text'] },
  { label: 'Tasks', kinds: ['task'] },
  { label: 'Runs', kinds: ['run', 'checklist', 'card'] },
  { label: 'Comments', kinds: ['comment'] },
]

export const KIND_LABEL: Record<SearchKind, string> = {
  page: 'Page',
  text: 'Text',
  task: 'Task',
  run: 'Run',
  checklist: 'Checklist',
  card: 'Model card',
  comment: 'Comment',
}

const plain = (snippet: string): string =>
  splitHighlights(snippet)
    .map((p) => p.text)
    .join('')
    .trim()

/**
 * Hits as the switcher and the results page show them. A page's title is its first heading, so
 * a title match also matches that heading's text: the heading's hit is dropped when the page's
 * own hit is there.
 */
export function withoutTitleEchoes(hits: readonly FullTextHit[]): FullTextHit[] {
  const pages = new Set(hits.filter((h) => h.kind === 'page').map((h) => h.docId))
  return hits.filter((h) => !(h.kind === 'text' && pages.has(h.docId) && plain(h.snippet) === h.title.trim()))
}

/** Hits grouped as the switcher shows them (empty groups dropped), each hit once. */
export function groupHits(hits: readonly FullTextHit[]): { label: string; hits: FullTextHit[] }[] {
  const shown = withoutTitleEchoes(hits)
  return GROUPS.map((g) => ({ label: g.label, hits: shown.filter((h) => g.kinds.includes(h.kind)) })).filter((g) => g.hits.length > 0)
}
