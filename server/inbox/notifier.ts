import crypto from 'node:crypto'
import type { InboxKind } from '#shared/api/inbox'
import { INBOX_LIMITS } from '#shared/limits'
import type { InboxEntry, InboxStore } from './inbox-store.ts'

export interface NotifierDeps {
  store: InboxStore
  /** The project a page belongs to, or null (a page outside any project notifies nobody). */
  projectOf: (docId: string) => string | null
  /** Whether the person may read the page now (a member of its project with any role). */
  canRead: (userId: string, docId: string) => boolean
  /** Injected for tests (watch batching); Date.now otherwise. */
  now?: () => number
  /** Pages being imported: what their commits would notify is dropped (QuietWrites). */
  quiet?: { readonly active: boolean }
}

export interface Notice {
  userId: string
  kind: Exclude<InboxKind, 'watch'>
  docId: string
  blockId?: string | null
  threadId?: string | null
  actorId: string | null
  summary: string
}

/**
 * The one way an entry gets written: never to the person who did the thing, never about a page
 * the person cannot read, and a repeated mention of someone in the same block by the same
 * author (a block moved, an undo and redo) is one entry while it is unread.
 */
export class Notifier {
  private readonly now: () => number
  constructor(private readonly deps: NotifierDeps) {
    this.now = deps.now ?? Date.now
  }

  notify(n: Notice): InboxEntry | null {
    if (n.userId === n.actorId || this.deps.quiet?.active) return null
    const projectId = this.deps.projectOf(n.docId)
    if (!projectId || !this.deps.canRead(n.userId, n.docId)) return null
    const blockId = n.blockId ?? null
    const threadId = n.threadId ?? null
    if (
      n.kind === 'mention' &&
      !threadId &&
      this.deps.store.recent({ userId: n.userId, kind: 'mention', docId: n.docId, actorId: n.actorId, blockId, since: 0 })
    )
      return null
    return this.write({ userId: n.userId, kind: n.kind, projectId, docId: n.docId, blockId, threadId, actorId: n.actorId, summary: n.summary })
  }

  /**
   * A change by `actorId` to a followed page (or task: `blockId`): one entry per follower, page,
   * task and author per INBOX_LIMITS.watchBatchMs, counting the changes it stands for.
   */
  watched(followers: readonly string[], docId: string, actorId: string, blockId: string | null, what: string): number {
    const now = this.now()
    const projectId = this.deps.projectOf(docId)
    if (!projectId || this.deps.quiet?.active) return 0
    let written = 0
    for (const userId of followers) {
      if (userId === actorId || !this.deps.canRead(userId, docId)) continue
      const open = this.deps.store.recent({ userId, kind: 'watch', docId, actorId, blockId, since: now - INBOX_LIMITS.watchBatchMs + 1 })
      if (open) {
        this.deps.store.fold(open.id, foldSummary(open.summary, what), now)
        continue
      }
      this.write({ userId, kind: 'watch', projectId, docId, blockId, threadId: null, actorId, summary: what })
      written++
    }
    return written
  }

  private write(e: Omit<InboxEntry, 'id' | 'createdAt' | 'updatedAt' | 'readAt'>): InboxEntry {
    const now = this.now()
    const entry: InboxEntry = {
      ...e,
      summary: e.summary.slice(0, INBOX_LIMITS.maxSummaryChars),
      id: crypto.randomUUID(),
      createdAt: now,
      updatedAt: now,
      readAt: null,
    }
    this.deps.store.add(entry)
    return entry
  }
}

/** "edited the page" → "edited the page (2 changes)" → "(3 changes)": a batch counts what it holds. */
export function foldSummary(previous: string, what: string): string {
  const m = / \((\d+) changes\)$/.exec(previous)
  const count = m ? Number(m[1]) + 1 : 2
  return `${what} (${count} changes)`.slice(0, INBOX_LIMITS.maxSummaryChars)
}
