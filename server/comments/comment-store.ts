/** Rows of inline comments (migration 019); the rules live in service.ts. Times are ms since the epoch. */

export interface ThreadRow {
  id: string
  docId: string
  /** `{ start, end }`: Yjs relative positions as JSON (shared/comments/anchor.ts). */
  anchor: { start: unknown; end: unknown }
  quote: string
  blockId: string | null
  createdBy: string
  createdAt: number
  resolvedAt: number | null
  resolvedBy: string | null
}

export interface CommentRow {
  id: string
  threadId: string
  authorId: string
  body: string
  createdAt: number
  editedAt: number | null
}

export interface CommentStore {
  /** A thread and its first comment, in one transaction. */
  createThread(thread: ThreadRow, first: CommentRow): void
  thread(id: string): ThreadRow | null
  /** The document's threads, oldest first. */
  threads(docId: string): ThreadRow[]
  threadCount(docId: string): number
  addComment(comment: CommentRow): void
  comment(id: string): CommentRow | null
  /** A thread's comments, oldest first. */
  comments(threadId: string): CommentRow[]
  /** The comments of every thread of a document, oldest first (one query for the list). */
  commentsOfDoc(docId: string): CommentRow[]
  editComment(id: string, body: string, at: number): void
  /** Removes a comment; the thread too when it was the last. */
  deleteComment(id: string): void
  setResolved(threadId: string, by: string | null, at: number | null): void
}
