import type Database from 'better-sqlite3'
import type { CommentRow, CommentStore, ThreadRow } from './comment-store.ts'

interface ThreadDb {
  id: string
  doc_id: string
  anchor: string
  quote: string
  block_id: string | null
  created_by: string
  created_at: number
  resolved_at: number | null
  resolved_by: string | null
}
interface CommentDb {
  id: string
  thread_id: string
  author_id: string
  body: string
  created_at: number
  edited_at: number | null
}

const thread = (r: ThreadDb): ThreadRow => ({
  id: r.id,
  docId: r.doc_id,
  anchor: JSON.parse(r.anchor) as ThreadRow['anchor'],
  quote: r.quote,
  blockId: r.block_id,
  createdBy: r.created_by,
  createdAt: r.created_at,
  resolvedAt: r.resolved_at,
  resolvedBy: r.resolved_by,
})
const comment = (r: CommentDb): CommentRow => ({
  id: r.id,
  threadId: r.thread_id,
  authorId: r.author_id,
  body: r.body,
  createdAt: r.created_at,
  editedAt: r.edited_at,
})

// rowid breaks ties between rows written in the same millisecond: the order they were written.
export class SqliteCommentStore implements CommentStore {
  constructor(private readonly db: Database.Database) {}

  createThread(t: ThreadRow, first: CommentRow): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          'INSERT INTO comment_threads (id, doc_id, anchor, quote, block_id, created_by, created_at, resolved_at, resolved_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
        )
        .run(t.id, t.docId, JSON.stringify(t.anchor), t.quote, t.blockId, t.createdBy, t.createdAt, t.resolvedAt, t.resolvedBy)
      this.addComment(first)
    })()
  }

  thread(id: string): ThreadRow | null {
    const r = this.db.prepare<[string], ThreadDb>('SELECT * FROM comment_threads WHERE id = ?').get(id)
    return r ? thread(r) : null
  }

  threads(docId: string): ThreadRow[] {
    return this.db.prepare<[string], ThreadDb>('SELECT * FROM comment_threads WHERE doc_id = ? ORDER BY created_at, rowid').all(docId).map(thread)
  }

  threadCount(docId: string): number {
    return this.db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM comment_threads WHERE doc_id = ?').get(docId)!.n
  }

  addComment(c: CommentRow): void {
    this.db
      .prepare('INSERT INTO comments (id, thread_id, author_id, body, created_at, edited_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(c.id, c.threadId, c.authorId, c.body, c.createdAt, c.editedAt)
  }

  comment(id: string): CommentRow | null {
    const r = this.db.prepare<[string], CommentDb>('SELECT * FROM comments WHERE id = ?').get(id)
    return r ? comment(r) : null
  }

  comments(threadId: string): CommentRow[] {
    return this.db.prepare<[string], CommentDb>('SELECT * FROM comments WHERE thread_id = ? ORDER BY created_at, rowid').all(threadId).map(comment)
  }

  commentsOfDoc(docId: string): CommentRow[] {
    return this.db
      .prepare<[string], CommentDb>('SELECT c.* FROM comments c JOIN comment_threads t ON t.id = c.thread_id WHERE t.doc_id = ? ORDER BY c.created_at, c.rowid')
      .all(docId)
      .map(comment)
  }

  editComment(id: string, body: string, at: number): void {
    this.db.prepare('UPDATE comments SET body = ?, edited_at = ? WHERE id = ?').run(body, at, id)
  }

  deleteComment(id: string): void {
    this.db.transaction(() => {
      const c = this.comment(id)
      if (!c) return
      this.db.prepare('DELETE FROM comments WHERE id = ?').run(id)
      const left = this.db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM comments WHERE thread_id = ?').get(c.threadId)!.n
      if (left === 0) this.db.prepare('DELETE FROM comment_threads WHERE id = ?').run(c.threadId)
    })()
  }

  setResolved(threadId: string, by: string | null, at: number | null): void {
    this.db.prepare('UPDATE comment_threads SET resolved_at = ?, resolved_by = ? WHERE id = ?').run(at, by, threadId)
  }
}
