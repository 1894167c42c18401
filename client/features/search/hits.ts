import type { FullTextHit, SearchKind } from '#shared/api/search'
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

/** Hits grouped as the switcher shows them (empty groups dropped), each hit once. */
export function groupHits(hits: readonly FullTextHit[]): { label: string; hits: FullTextHit[] }[] {
  return GROUPS.map((g) => ({ label: g.label, hits: hits.filter((h) => g.kinds.includes(h.kind)) })).filter((g) => g.hits.length > 0)
}
