import { z } from 'zod'
import { COMMENT_LIMITS } from '../limits.ts'

/** Inline comments' API (docs/PROTOCOL.md, Comments; docs/decisions/0009-comments.md). */

/** Client-generated, so a create queued offline and replayed is the same row. */
const Id = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'an id of 8–64 letters, digits, - or _')

/**
 * `Y.relativePositionToJSON`: the item (or type) it names and its association. A root type can
 * only be the editor's fragment: resolving a name defines that root in the server's copy.
 */
const IdRef = z.object({ client: z.number().int().nonnegative(), clock: z.number().int().nonnegative() }).strict()
export const RelativePositionJson = z
  .object({ type: IdRef.nullish(), tname: z.literal('default').nullish(), item: IdRef.nullish(), assoc: z.number().int().optional() })
  .strict()

const Body = z
  .string()
  .trim()
  .min(1, 'a comment needs some text')
  .max(COMMENT_LIMITS.maxBodyChars, `a comment is at most ${COMMENT_LIMITS.maxBodyChars} characters`)

export const CommentDocParams = z.object({ docId: z.string().min(1) })
export const ThreadParams = CommentDocParams.extend({ threadId: z.string().min(1) })
export const CommentParams = ThreadParams.extend({ commentId: z.string().min(1) })

/** `POST /api/docs/:docId/comments`: a thread with its first comment. */
export const CreateThreadBody = z
  .object({
    id: Id.optional(),
    commentId: Id.optional(),
    anchor: z.object({ start: RelativePositionJson, end: RelativePositionJson }).strict(),
    quote: z.string().max(COMMENT_LIMITS.maxQuoteChars),
    blockId: z.string().max(200).nullish(),
    body: Body,
  })
  .strict()

/** `POST /api/docs/:docId/comments/:threadId/replies` */
export const ReplyBody = z.object({ id: Id.optional(), body: Body }).strict()
/** `PATCH /api/docs/:docId/comments/:threadId/comments/:commentId` */
export const EditBody = z.object({ body: Body }).strict()

export interface CommentView {
  id: string
  authorId: string
  authorName: string
  body: string
  createdAt: string
  editedAt: string | null
}

export interface ThreadView {
  id: string
  docId: string
  anchor: { start: unknown; end: unknown }
  quote: string
  blockId: string | null
  createdBy: string
  createdAt: string
  resolvedAt: string | null
  resolvedBy: string | null
  comments: CommentView[]
}

/** What the project's event stream sends (`event: comments`) after any change. */
export interface CommentsEvent {
  docId: string
  threadId: string
  change: 'created' | 'edited' | 'deleted' | 'resolved' | 'reopened'
}
