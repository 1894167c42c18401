import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { CommentRow, CommentStore, ThreadRow } from './comment-store.ts'

export interface OpenedCommentStore {
  store: CommentStore
  /** Makes a document row exist. */
  addDoc(docId: string): void
  removeDoc(docId: string): void
  close(): void
}

const anchor = {
  start: { type: null, tname: null, item: { client: 1, clock: 4 }, assoc: 0 },
  end: { type: null, tname: null, item: { client: 1, clock: 9 }, assoc: -1 },
}
const threadRow = (id: string, docId: string, at: number): ThreadRow => ({
  id,
  docId,
  anchor,
  quote: 'stratified by label',
  blockId: null,
  createdBy: 'ana',
  createdAt: at,
  resolvedAt: null,
  resolvedBy: null,
})
const commentRow = (id: string, threadId: string, at: number, authorId = 'ana'): CommentRow => ({
  id,
  threadId,
  authorId,
  body: `body ${id}`,
  createdAt: at,
  editedAt: null,
})

/** What every CommentStore must do; run by each implementation's test (sqlite-comment-store.test.ts). */
export function describeCommentStore(label: string, open: () => OpenedCommentStore): void {
  describe(`CommentStore contract: ${label}`, () => {
    let opened: OpenedCommentStore
    let store: CommentStore
    beforeEach(() => {
      opened = open()
      store = opened.store
      opened.addDoc('d1')
      opened.addDoc('d2')
    })
    afterEach(() => opened.close())

    it('keeps a thread with its anchor, quote and first comment', () => {
      store.createThread(threadRow('t1', 'd1', 10), commentRow('c1', 't1', 10))
      expect(store.thread('t1')).toEqual(threadRow('t1', 'd1', 10))
      expect(store.comments('t1')).toEqual([commentRow('c1', 't1', 10)])
      expect(store.threadCount('d1')).toBe(1)
      expect(store.threadCount('d2')).toBe(0)
    })

    it('lists a document’s threads and comments oldest first, ties in write order', () => {
      store.createThread(threadRow('t2', 'd1', 20), commentRow('c2', 't2', 20))
      store.createThread(threadRow('t1', 'd1', 10), commentRow('c1', 't1', 10))
      store.createThread(threadRow('t3', 'd2', 5), commentRow('c3', 't3', 5))
      store.addComment(commentRow('c5', 't1', 30, 'bob'))
      store.addComment(commentRow('c4', 't1', 30, 'bob'))
      expect(store.threads('d1').map((t) => t.id)).toEqual(['t1', 't2'])
      expect(store.comments('t1').map((c) => c.id)).toEqual(['c1', 'c5', 'c4'])
      expect(store.commentsOfDoc('d1').map((c) => c.id)).toEqual(['c1', 'c2', 'c5', 'c4'])
    })

    it('edits, resolves and reopens', () => {
      store.createThread(threadRow('t1', 'd1', 10), commentRow('c1', 't1', 10))
      store.editComment('c1', 'changed', 50)
      expect(store.comment('c1')).toMatchObject({ body: 'changed', editedAt: 50 })
      store.setResolved('t1', 'bob', 60)
      expect(store.thread('t1')).toMatchObject({ resolvedAt: 60, resolvedBy: 'bob' })
      store.setResolved('t1', null, null)
      expect(store.thread('t1')).toMatchObject({ resolvedAt: null, resolvedBy: null })
    })

    it('deleting the last comment removes the thread', () => {
      store.createThread(threadRow('t1', 'd1', 10), commentRow('c1', 't1', 10))
      store.addComment(commentRow('c2', 't1', 11))
      store.deleteComment('c1')
      expect(store.thread('t1')).not.toBeNull()
      store.deleteComment('c2')
      expect(store.thread('t1')).toBeNull()
      expect(store.comment('c2')).toBeNull()
    })

    it('a document’s threads go with it', () => {
      store.createThread(threadRow('t1', 'd1', 10), commentRow('c1', 't1', 10))
      opened.removeDoc('d1')
      expect(store.thread('t1')).toBeNull()
      expect(store.comment('c1')).toBeNull()
    })
  })
}
