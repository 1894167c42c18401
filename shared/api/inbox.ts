import { z } from 'zod'
import { INBOX_LIMITS } from '../limits.ts'

/**
 * The inbox REST API (server/inbox/routes.ts parses with these; the client's bell and panel are
 * typed by them). An entry is only ever listed to the person it is for.
 */
export const INBOX_KINDS = ['mention', 'reply', 'assigned', 'blocked', 'unblocked', 'decision', 'watch'] as const
export type InboxKind = (typeof INBOX_KINDS)[number]

export const InboxEntryView = z.object({
  id: z.string(),
  kind: z.enum(INBOX_KINDS),
  projectId: z.string(),
  docId: z.string(),
  /** The page's title now (entries keep no copy: a renamed page reads by its new name). */
  docTitle: z.string(),
  /** A block with an id (a task, a checklist) the entry is about; the jump scrolls to it. */
  blockId: z.string().nullable(),
  threadId: z.string().nullable(),
  actorId: z.string().nullable(),
  actorName: z.string(),
  summary: z.string(),
  createdAt: z.number(),
  readAt: z.number().nullable(),
})
export type InboxEntryView = z.infer<typeof InboxEntryView>

export const InboxListQuery = z.object({
  unread: z.enum(['true', 'false']).optional(),
  /** Entries created before this (the last `createdAt` of the previous page). */
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(INBOX_LIMITS.maxPageSize).default(INBOX_LIMITS.pageSize),
})

export const InboxList = z.object({ entries: z.array(InboxEntryView), unread: z.number(), next: z.number().nullable() })
export type InboxList = z.infer<typeof InboxList>

export const FollowState = z.object({ following: z.boolean() })

/**
 * Where an entry takes you: the page, at the task when it is about one (`#task-<id>`, which
 * BlockHashFocus scrolls to), else at the reader's first mention on the page (`#mention-<id>`,
 * InboxHashFocus). A checklist decision or a comment opens the page.
 */
export function entryHref(e: Pick<InboxEntryView, 'docId' | 'blockId' | 'kind' | 'threadId'>, readerId: string): string {
  const base = `/d/${encodeURIComponent(e.docId)}`
  if (e.blockId && e.kind !== 'decision') return `${base}#task-${e.blockId}`
  if (e.kind === 'mention' && !e.threadId) return `${base}#mention-${encodeURIComponent(readerId)}`
  return base
}
