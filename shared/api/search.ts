import { z } from 'zod'
import { TASK_STAGES, TASK_STATUSES } from '../blocks/task.ts'
import { SEARCH_LIMITS } from '../limits.ts'

/** What a hit is: a page's title, a block of text or a task, a run, a checklist, a model card, a comment. */
export const SEARCH_KINDS = ['page', 'text', 'task', 'run', 'checklist', 'card', 'comment'] as const
export type SearchKind = (typeof SEARCH_KINDS)[number]

/** A page's type, from the blocks it holds (a page may be several: an experiment log with a checklist). */
export const PAGE_TYPES = ['experiment-log', 'checklist', 'model-card', 'task-list'] as const
export type PageType = (typeof PAGE_TYPES)[number]

/** Highlight markers inside `snippet`: control characters never indexed, so they cannot be forged by text. */
export const MARK_START = '\u0002'
export const MARK_END = '\u0003'

const id = z.string().min(1).max(200)

/** GET /api/search: `q` is required and bounded; everything else narrows. */
export const SearchQuery = z.object({
  q: z.string().trim().min(1, 'q is required').max(SEARCH_LIMITS.maxQueryChars, `q is longer than ${SEARCH_LIMITS.maxQueryChars} characters`),
  projectId: id.optional(),
  kind: z.enum(SEARCH_KINDS).optional(),
  type: z.enum(PAGE_TYPES).optional(),
  /** Who last changed the block (a user id). */
  author: id.optional(),
  /** Changed at or after: an ISO date or date-time. */
  since: z.iso
    .date()
    .or(z.iso.datetime({ offset: true }))
    .optional(),
  status: z.enum(TASK_STATUSES).optional(),
  assignee: id.optional(),
  stage: z.enum(TASK_STAGES).optional(),
  cursor: z
    .string()
    .regex(/^\d{1,6}$/, 'cursor is the `next` of a previous answer')
    .optional(),
  limit: z.coerce.number().int().min(1).max(SEARCH_LIMITS.maxPageSize).optional(),
})
export type SearchQuery = z.infer<typeof SearchQuery>

export interface FullTextHit {
  kind: SearchKind
  docId: string
  /** The block to scroll to (a task, a run table, a checklist…), or null for the page itself or a block without an id. */
  blockId: string | null
  /** The page's title. */
  title: string
  /** Text around the match, with MARK_START/MARK_END around matched parts: plain text, to be escaped when shown. */
  snippet: string
  projectId: string
  /** When the block last changed (ms). */
  updatedAt: number
}

/** One page of hits. No total: a count would say how much matched, and only readable projects are counted anyway. */
export interface SearchResults {
  hits: FullTextHit[]
  /** Pass as `cursor` for the next page, or null at the end. */
  next: string | null
}

/** A snippet as alternating plain and highlighted parts (what a client renders as text nodes). */
export function splitHighlights(snippet: string): { text: string; mark: boolean }[] {
  const out: { text: string; mark: boolean }[] = []
  let mark = false
  let text = ''
  for (const ch of snippet) {
    if (ch === MARK_START || ch === MARK_END) {
      if (text) out.push({ text, mark })
      text = ''
      mark = ch === MARK_START
    } else text += ch
  }
  if (text) out.push({ text, mark })
  return out
}
