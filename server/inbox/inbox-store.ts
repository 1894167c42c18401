import type { InboxKind } from '#shared/api/inbox'

/** One notification as stored: for `userId` only. */
export interface InboxEntry {
  id: string
  userId: string
  kind: InboxKind
  projectId: string
  docId: string
  blockId: string | null
  threadId: string | null
  actorId: string | null
  summary: string
  createdAt: number
  /** Last time the entry was folded into (a watch batch); equals createdAt otherwise. */
  updatedAt: number
  readAt: number | null
}

/** What the inbox last saw of a task (the task events carry ids only). */
export interface TaskSeen {
  taskId: string
  projectId: string
  assignee: string | null
  blocked: boolean
}

/**
 * The inbox's rows. `SqliteInboxStore` is the implementation beside it; `describeInboxStore`
 * (inbox-store.contract.ts) is what any other must pass. Synchronous like every store: entries
 * are written from document extensions and bus listeners, inside the commit step.
 */
export interface InboxStore {
  add(entry: InboxEntry): void
  get(id: string): InboxEntry | null
  /** A user's entries, newest first, created before `before` (exclusive) when given. */
  list(userId: string, opts: { unreadOnly: boolean; before?: number; limit: number }): InboxEntry[]
  /** The user's unread entries, newest first (the count and the digest filter them by access). */
  unread(userId: string): InboxEntry[]
  /** Marks one of the user's entries read; false when it is not theirs or already read. */
  markRead(userId: string, id: string, at: number): boolean
  /** Marks every unread entry of the user read; returns how many. */
  markAllRead(userId: string, at: number): number
  /**
   * The newest unread entry of this kind for (user, doc, actor, block) created at or after
   * `since`: what a watch batch or a repeated mention folds into (a batch's window starts when
   * its entry is created, so an hour of typing makes one entry per window, not one in all).
   */
  recent(q: { userId: string; kind: InboxKind; docId: string; actorId: string | null; blockId: string | null; since: number }): InboxEntry | null
  /** Rewrites an entry's summary and bumps its updatedAt (a batch absorbing another change). */
  fold(id: string, summary: string, at: number): void

  follow(userId: string, docId: string, taskId: string | null, at: number): void
  unfollow(userId: string, docId: string, taskId: string | null): void
  isFollowing(userId: string, docId: string, taskId: string | null): boolean
  /** Who follows the page itself (taskId null) or one task on it. */
  followers(docId: string, taskId: string | null): string[]

  taskSeen(projectId: string): TaskSeen[]
  putTaskSeen(rows: readonly TaskSeen[]): void
  forgetTasks(taskIds: readonly string[]): void

  lastDigest(userId: string): number | null
  putDigest(userId: string, at: number): void
  /** Whether the person wants the email digest (on unless they turned it off). */
  digestEnabled(userId: string): boolean
  setDigestEnabled(userId: string, enabled: boolean): void
  /** Users with at least one unread entry created after their last digest. */
  digestCandidates(): string[]
}
