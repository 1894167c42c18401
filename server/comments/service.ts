import { randomUUID } from 'node:crypto'
import type { z } from 'zod'
import { ErrorCode } from '#shared/api/errors'
import type { CommentView, CreateThreadBody, ThreadView } from '#shared/api/comments'
import { type Role, atLeast } from '#shared/auth/roles'
import { mentionsOf, plainText } from '#shared/comments/body'
import { COMMENT_LIMITS } from '#shared/limits'
import type { EventBus } from '../events/bus.ts'
import { HttpError, notFound } from '../http/errors.ts'
import type { CommentChange } from './events.ts'
import type { CommentRow, CommentStore, ThreadRow } from './comment-store.ts'

export interface CommentsDeps {
  store: CommentStore
  bus: EventBus
  /** The project a document belongs to (the access check has found it). */
  projectOf: (docId: string) => string | null
  /** Whether a user is a member of the project (a mention of anyone else is refused). */
  isMember: (projectId: string, userId: string) => boolean
  nameOf: (userId: string) => string
  /** The block with an id the anchor lies in, from the server's copy; undefined when it cannot tell (then the client's word stands). */
  blockOf?: (docId: string, anchor: { start: unknown; end: unknown }) => string | null | undefined
  now?: () => number
}

type NewThread = z.infer<typeof CreateThreadBody>
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())

/**
 * The rules of inline comments (docs/decisions/0009-comments.md) over the CommentStore; the access
 * check (commenter to write, viewer to read) happened in the route. Every change emits
 * `comments.changed` (events.ts) after it is stored.
 */
export class Comments {
  private readonly now: () => number
  constructor(private readonly deps: CommentsDeps) {
    this.now = deps.now ?? Date.now
  }

  list(docId: string): ThreadView[] {
    const byThread = new Map<string, CommentRow[]>()
    for (const c of this.deps.store.commentsOfDoc(docId)) {
      const list = byThread.get(c.threadId) ?? []
      list.push(c)
      byThread.set(c.threadId, list)
    }
    return this.deps.store.threads(docId).map((t) => this.view(t, byThread.get(t.id) ?? []))
  }

  thread(docId: string, threadId: string): ThreadView {
    return this.view(this.threadIn(docId, threadId), this.deps.store.comments(threadId))
  }

  /** A thread with its first comment. The same ids from the same author again answer the stored thread (an offline replay). */
  create(docId: string, actorId: string, input: NewThread): { thread: ThreadView; created: boolean } {
    const id = input.id ?? randomUUID()
    const existing = this.deps.store.thread(id)
    if (existing) {
      if (existing.docId !== docId || existing.createdBy !== actorId) throw idTaken()
      return { thread: this.thread(docId, id), created: false }
    }
    const commentId = input.commentId ?? randomUUID()
    if (this.deps.store.comment(commentId)) throw idTaken()
    const projectId = this.projectOf(docId)
    this.checkMentions(projectId, input.body, actorId)
    if (this.deps.store.threadCount(docId) >= COMMENT_LIMITS.maxThreadsPerDoc)
      throw new HttpError(
        409,
        ErrorCode.TooManyComments,
        `a document has at most ${COMMENT_LIMITS.maxThreadsPerDoc} comment threads: resolve and delete old ones`,
      )
    const at = this.now()
    // null from the server's copy is an answer ("in no block with an id"), not a gap to fill.
    const known = this.deps.blockOf?.(docId, input.anchor)
    const thread: ThreadRow = {
      id,
      docId,
      anchor: input.anchor,
      quote: input.quote,
      blockId: known !== undefined ? known : (input.blockId ?? null),
      createdBy: actorId,
      createdAt: at,
      resolvedAt: null,
      resolvedBy: null,
    }
    const first: CommentRow = { id: commentId, threadId: id, authorId: actorId, body: input.body, createdAt: at, editedAt: null }
    this.deps.store.createThread(thread, first)
    this.emit(projectId, thread, first, 'created', actorId, mentionsOf(input.body), [])
    return { thread: this.thread(docId, id), created: true }
  }

  reply(docId: string, threadId: string, actorId: string, input: { id?: string | undefined; body: string }): { thread: ThreadView; created: boolean } {
    const thread = this.threadIn(docId, threadId)
    const id = input.id ?? randomUUID()
    const existing = this.deps.store.comment(id)
    if (existing) {
      if (existing.threadId !== threadId || existing.authorId !== actorId) throw idTaken()
      return { thread: this.thread(docId, threadId), created: false }
    }
    const projectId = this.projectOf(docId)
    this.checkMentions(projectId, input.body, actorId)
    const before = this.deps.store.comments(threadId)
    if (before.length >= COMMENT_LIMITS.maxCommentsPerThread)
      throw new HttpError(409, ErrorCode.TooManyComments, `a thread has at most ${COMMENT_LIMITS.maxCommentsPerThread} comments: start a new one`)
    const comment: CommentRow = { id, threadId, authorId: actorId, body: input.body, createdAt: this.now(), editedAt: null }
    this.deps.store.addComment(comment)
    this.emit(projectId, thread, comment, 'created', actorId, mentionsOf(input.body), authorsOf(before))
    return { thread: this.thread(docId, threadId), created: true }
  }

  /** Only the author edits a comment; `mentioned` is who the edit newly mentions. */
  edit(docId: string, threadId: string, commentId: string, actorId: string, body: string): ThreadView {
    const thread = this.threadIn(docId, threadId)
    const comment = this.commentIn(threadId, commentId)
    if (comment.authorId !== actorId) throw new HttpError(403, ErrorCode.Forbidden, 'only its author can edit a comment')
    const projectId = this.projectOf(docId)
    this.checkMentions(projectId, body, actorId)
    const before = new Set(mentionsOf(comment.body))
    const others = this.deps.store.comments(threadId).filter((c) => c.id !== commentId)
    this.deps.store.editComment(commentId, body, this.now())
    this.emit(
      projectId,
      thread,
      { ...comment, body },
      'edited',
      actorId,
      mentionsOf(body).filter((id) => !before.has(id)),
      authorsOf([...others, comment]),
    )
    return this.thread(docId, threadId)
  }

  /** The author deletes their comment; an owner of the document any. The last comment takes the thread with it. */
  delete(docId: string, threadId: string, commentId: string, actorId: string, role: Role | null): void {
    const thread = this.threadIn(docId, threadId)
    const comment = this.commentIn(threadId, commentId)
    if (comment.authorId !== actorId && !atLeast(role, 'owner'))
      throw new HttpError(403, ErrorCode.Forbidden, 'only its author or an owner can delete a comment')
    const all = this.deps.store.comments(threadId)
    this.deps.store.deleteComment(commentId)
    this.emit(this.projectOf(docId), thread, { ...comment, body: '' }, 'deleted', actorId, [], authorsOf(all))
  }

  setResolved(docId: string, threadId: string, actorId: string, resolved: boolean): ThreadView {
    const thread = this.threadIn(docId, threadId)
    if ((thread.resolvedAt !== null) !== resolved) {
      const at = resolved ? this.now() : null
      this.deps.store.setResolved(threadId, resolved ? actorId : null, at)
      const all = this.deps.store.comments(threadId)
      const first = all[0]!
      this.emit(this.projectOf(docId), thread, first, resolved ? 'resolved' : 'reopened', actorId, [], authorsOf(all))
    }
    return this.thread(docId, threadId)
  }

  private checkMentions(projectId: string, body: string, actorId: string): void {
    const ids = mentionsOf(body)
    if (ids.length > COMMENT_LIMITS.maxMentions)
      throw new HttpError(400, ErrorCode.BadRequest, `a comment mentions at most ${COMMENT_LIMITS.maxMentions} people`)
    for (const id of ids) {
      if (id !== actorId && !this.deps.isMember(projectId, id))
        throw new HttpError(400, ErrorCode.NotAMember, 'a comment can mention only members of this project: one of the people mentioned is not')
    }
  }

  private emit(
    projectId: string,
    thread: ThreadRow,
    comment: CommentRow,
    change: CommentChange,
    actorId: string,
    mentioned: string[],
    participants: string[],
  ): void {
    this.deps.bus.emit('comments.changed', {
      projectId,
      docId: thread.docId,
      threadId: thread.id,
      commentId: comment.id,
      change,
      actorId,
      text: plainText(comment.body),
      quote: thread.quote,
      mentioned: mentioned.filter((id) => id !== actorId),
      participants: participants.filter((id) => id !== actorId),
      blockId: thread.blockId,
    })
  }

  private projectOf(docId: string): string {
    const projectId = this.deps.projectOf(docId)
    if (!projectId) throw notFound('doc')
    return projectId
  }

  private threadIn(docId: string, threadId: string): ThreadRow {
    const thread = this.deps.store.thread(threadId)
    if (!thread || thread.docId !== docId) throw notFound('comment thread')
    return thread
  }

  private commentIn(threadId: string, commentId: string): CommentRow {
    const comment = this.deps.store.comment(commentId)
    if (!comment || comment.threadId !== threadId) throw notFound('comment')
    return comment
  }

  private view(t: ThreadRow, comments: CommentRow[]): ThreadView {
    return {
      id: t.id,
      docId: t.docId,
      anchor: t.anchor,
      quote: t.quote,
      blockId: t.blockId,
      createdBy: t.createdBy,
      createdAt: iso(t.createdAt)!,
      resolvedAt: iso(t.resolvedAt),
      resolvedBy: t.resolvedBy,
      comments: comments.map((c): CommentView => ({
        id: c.id,
        authorId: c.authorId,
        authorName: this.deps.nameOf(c.authorId),
        body: c.body,
        createdAt: iso(c.createdAt)!,
        editedAt: iso(c.editedAt),
      })),
    }
  }
}

const idTaken = () => new HttpError(409, ErrorCode.IdTaken, 'that id belongs to another comment')

/** Distinct authors, in order of first comment. */
const authorsOf = (comments: readonly CommentRow[]): string[] => [...new Set(comments.map((c) => c.authorId))]
