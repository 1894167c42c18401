import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { InboxEntry, InboxStore } from './inbox-store.ts'

/** What every InboxStore must do; run by each implementation's test (sqlite-inbox-store.test.ts). */
export function describeInboxStore(label: string, open: () => { store: InboxStore; close(): void }): void {
  describe(`InboxStore contract: ${label}`, () => {
    let opened: { store: InboxStore; close(): void }
    let store: InboxStore
    beforeEach(() => {
      opened = open()
      store = opened.store
    })
    afterEach(() => opened.close())

    const entry = (id: string, userId: string, createdAt: number, over: Partial<InboxEntry> = {}): InboxEntry => ({
      id,
      userId,
      kind: 'mention',
      projectId: 'p1',
      docId: 'd1',
      blockId: null,
      threadId: null,
      actorId: 'ada',
      summary: `entry ${id}`,
      createdAt,
      updatedAt: createdAt,
      readAt: null,
      ...over,
    })

    it('lists only the user’s entries, newest first, paged by createdAt', () => {
      store.add(entry('e1', 'bob', 1000))
      store.add(entry('e2', 'bob', 2000))
      store.add(entry('e3', 'cleo', 3000))
      store.add(entry('e4', 'bob', 4000))
      expect(store.list('bob', { unreadOnly: false, limit: 10 }).map((e) => e.id)).toEqual(['e4', 'e2', 'e1'])
      expect(store.list('bob', { unreadOnly: false, limit: 2 }).map((e) => e.id)).toEqual(['e4', 'e2'])
      expect(store.list('bob', { unreadOnly: false, before: 2000, limit: 2 }).map((e) => e.id)).toEqual(['e1'])
      expect(store.get('e3')).toEqual(entry('e3', 'cleo', 3000))
      expect(store.get('nope')).toBeNull()
    })

    it('marks one read only for its own user, and all read', () => {
      store.add(entry('e1', 'bob', 1000))
      store.add(entry('e2', 'bob', 2000))
      store.add(entry('e3', 'cleo', 3000))
      expect(store.markRead('cleo', 'e1', 5000)).toBe(false)
      expect(store.markRead('bob', 'e1', 5000)).toBe(true)
      expect(store.markRead('bob', 'e1', 6000)).toBe(false)
      expect(store.get('e1')!.readAt).toBe(5000)
      expect(store.unread('bob').map((e) => e.id)).toEqual(['e2'])
      expect(store.list('bob', { unreadOnly: true, limit: 10 }).map((e) => e.id)).toEqual(['e2'])
      expect(store.markAllRead('bob', 7000)).toBe(1)
      expect(store.unread('bob')).toEqual([])
      expect(store.unread('cleo').map((e) => e.id)).toEqual(['e3'])
    })

    it('finds the recent unread entry to fold into, by kind, doc, actor and block', () => {
      store.add(entry('w1', 'bob', 1000, { kind: 'watch', actorId: 'ada' }))
      const q = { userId: 'bob', kind: 'watch' as const, docId: 'd1', actorId: 'ada', blockId: null, since: 500 }
      expect(store.recent(q)?.id).toBe('w1')
      expect(store.recent({ ...q, since: 1500 })).toBeNull()
      expect(store.recent({ ...q, actorId: 'cleo' })).toBeNull()
      expect(store.recent({ ...q, blockId: 't1' })).toBeNull()
      store.fold('w1', 'edited twice', 2000)
      // The window runs from the entry's creation, however often it was folded into since.
      expect(store.recent({ ...q, since: 1500 })).toBeNull()
      expect(store.recent(q)).toMatchObject({ id: 'w1', summary: 'edited twice', updatedAt: 2000, createdAt: 1000 })
      store.markRead('bob', 'w1', 2500)
      expect(store.recent(q)).toBeNull()
    })

    it('follows a page or a task, idempotently', () => {
      store.follow('bob', 'd1', null, 1)
      store.follow('bob', 'd1', null, 2)
      store.follow('cleo', 'd1', 't1', 3)
      expect(store.followers('d1', null)).toEqual(['bob'])
      expect(store.followers('d1', 't1')).toEqual(['cleo'])
      expect(store.isFollowing('bob', 'd1', null)).toBe(true)
      expect(store.isFollowing('bob', 'd1', 't1')).toBe(false)
      store.unfollow('bob', 'd1', null)
      expect(store.followers('d1', null)).toEqual([])
    })

    it('remembers what it saw of tasks, per project', () => {
      store.putTaskSeen([
        { taskId: 't1', projectId: 'p1', assignee: 'bob', blocked: false },
        { taskId: 't2', projectId: 'p1', assignee: null, blocked: true },
        { taskId: 't3', projectId: 'p2', assignee: null, blocked: false },
      ])
      store.putTaskSeen([{ taskId: 't1', projectId: 'p1', assignee: 'cleo', blocked: true }])
      expect(store.taskSeen('p1').sort((a, b) => a.taskId.localeCompare(b.taskId))).toEqual([
        { taskId: 't1', projectId: 'p1', assignee: 'cleo', blocked: true },
        { taskId: 't2', projectId: 'p1', assignee: null, blocked: true },
      ])
      store.forgetTasks(['t2'])
      expect(store.taskSeen('p1').map((t) => t.taskId)).toEqual(['t1'])
    })

    it('names digest candidates: unread entries newer than their last digest', () => {
      store.add(entry('e1', 'bob', 1000))
      store.add(entry('e2', 'cleo', 1000))
      expect(store.digestCandidates()).toEqual(['bob', 'cleo'])
      store.putDigest('bob', 1500)
      expect(store.lastDigest('bob')).toBe(1500)
      expect(store.lastDigest('cleo')).toBeNull()
      expect(store.digestCandidates()).toEqual(['cleo'])
      store.add(entry('e3', 'bob', 2000))
      store.markAllRead('cleo', 2100)
      expect(store.digestCandidates()).toEqual(['bob'])
      expect(store.digestEnabled('bob')).toBe(true)
      store.setDigestEnabled('bob', false)
      expect(store.digestEnabled('bob')).toBe(false)
      store.setDigestEnabled('bob', true)
      expect(store.digestEnabled('bob')).toBe(true)
    })
  })
}
