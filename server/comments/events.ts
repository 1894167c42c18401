/**
 * What the comments feature tells the rest of the server (issue #15): the inbox notifies from it,
 * search indexes from it, webhooks may forward it. Emitted after the change is committed.
 */
export type CommentChange = 'created' | 'edited' | 'deleted' | 'resolved' | 'reopened'

declare module '../events/bus.ts' {
  interface KeelEvents {
    'comments.changed': {
      docId: string
      threadId: string
      /** The comment changed (for resolve/reopen: the thread's first comment). */
      commentId: string
      change: CommentChange
      /** Who made the change. */
      actorId: string
      /** The comment's text as plain text (mentions as @Name), empty once deleted: what search indexes. */
      text: string
      /** The quoted text the thread is anchored to (kept when that text is deleted). */
      quote: string
      /** Members newly mentioned by this change (created or edited), never the actor. */
      mentioned: readonly string[]
      /** Everyone who wrote in the thread before this change, without the actor: who a reply notifies. */
      participants: readonly string[]
      /** The block the thread is on, when the anchor lies in one with an id (a task, a run table). */
      blockId: string | null
    }
  }
}

export {}
