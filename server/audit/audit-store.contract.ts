import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { AuditEvent, AuditStore } from './audit-store.ts'

export interface OpenedAuditStore {
  store: AuditStore
  /** Makes `userId` (an account) a member of `workspaceId` (created if new). */
  addMember(workspaceId: string, userId: string): void
  close(): void
}

/** What every AuditStore must do; run by each implementation's test (sqlite-audit-store.test.ts). */
export function describeAuditStore(label: string, open: () => OpenedAuditStore): void {
  describe(`AuditStore contract: ${label}`, () => {
    let opened: OpenedAuditStore
    let store: AuditStore
    beforeEach(() => {
      opened = open()
      store = opened.store
      opened.addMember('w1', 'ana')
      opened.addMember('w2', 'bob')
    })
    afterEach(() => opened.close())

    const event = (at: number, over: Partial<AuditEvent> = {}): Omit<AuditEvent, 'id'> => ({
      at,
      kind: 'auth.sign_in',
      actorId: null,
      subjectId: null,
      workspaceId: null,
      address: null,
      detail: {},
      ...over,
    })

    it("shows a workspace its own events and its members' account events, newest first", () => {
      store.append(
        event(1, {
          kind: 'member.removed',
          workspaceId: 'w1',
          actorId: 'ana',
          subjectId: 'bob',
          address: '10.0.0.1',
          detail: { role: 'editor', n: 1, ok: true, none: null },
        }),
      )
      store.append(event(2, { subjectId: 'ana' }))
      store.append(event(3, { subjectId: 'bob' }))
      store.append(event(4, { kind: 'token.created', workspaceId: 'w2', subjectId: 'ana' }))
      const seen = store.visibleIn('w1', { limit: 10 })
      expect(seen.map((e) => e.at)).toEqual([2, 1])
      expect(seen[1]).toEqual({
        id: seen[1]!.id,
        ...event(1, {
          kind: 'member.removed',
          workspaceId: 'w1',
          actorId: 'ana',
          subjectId: 'bob',
          address: '10.0.0.1',
          detail: { role: 'editor', n: 1, ok: true, none: null },
        }),
      })
      expect(store.visibleIn('w2', { limit: 10 }).map((e) => e.at)).toEqual([4, 3])
      // Membership counts at the time of reading.
      opened.addMember('w1', 'bob')
      expect(store.visibleIn('w1', { limit: 10 }).map((e) => e.at)).toEqual([3, 2, 1])
    })

    it('pages by id (`before`), filters by kind, honours the limit', () => {
      for (let at = 1; at <= 5; at++) store.append(event(at, { workspaceId: 'w1', kind: at % 2 ? 'auth.sign_in' : 'auth.sign_out' }))
      const first = store.visibleIn('w1', { limit: 2 })
      expect(first.map((e) => e.at)).toEqual([5, 4])
      expect(first[0]!.id).toBeGreaterThan(first[1]!.id)
      expect(store.visibleIn('w1', { limit: 2, before: first[1]!.id }).map((e) => e.at)).toEqual([3, 2])
      expect(store.visibleIn('w1', { limit: 10, kind: 'auth.sign_out' }).map((e) => e.at)).toEqual([4, 2])
      expect(store.visibleIn('w3', { limit: 10 })).toEqual([])
    })
  })
}
