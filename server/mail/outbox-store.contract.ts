import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { OutboxMessage, OutboxStore } from './outbox-store.ts'

export interface OpenedOutboxStore {
  store: OutboxStore
  /** Every stored byte of the outbox, to check that a body is not there in clear. */
  raw(): string
  close(): void
}

/** What every OutboxStore must do; run by each implementation's test (sqlite-outbox-store.test.ts). */
export function describeOutboxStore(label: string, open: () => OpenedOutboxStore): void {
  describe(`OutboxStore contract: ${label}`, () => {
    let opened: OpenedOutboxStore
    let store: OutboxStore
    beforeEach(() => {
      opened = open()
      store = opened.store
    })
    afterEach(() => opened.close())

    const message = (id: string, createdAt: number, expiresAt = 10_000): OutboxMessage => ({
      id,
      createdAt,
      recipient: `${id}@keel.test`,
      subject: 'Reset your Keel password',
      body: `open https://keel.test/reset-password#kr_secret_of_${id}`,
      expiresAt,
      sentAt: null,
    })

    it('keeps messages until sent or expired, oldest first, bodies readable only through the store', () => {
      store.insert(message('b', 200))
      store.insert(message('a', 100))
      store.insert(message('old', 50, 300))
      expect(store.get('a')).toEqual(message('a', 100))
      expect(store.pending(250).map((m) => m.id)).toEqual(['old', 'a', 'b'])
      expect(store.pending(300).map((m) => m.id)).toEqual(['a', 'b'])
      expect(opened.raw()).not.toContain('kr_secret_of_')
      store.markSent('a', 400)
      expect(store.get('a')?.sentAt).toBe(400)
      store.markSent('a', 500)
      expect(store.get('a')?.sentAt).toBe(400)
      expect(store.pending(400).map((m) => m.id)).toEqual(['b'])
      expect(store.pruneExpired(300)).toBe(1)
      expect(store.get('old')).toBeNull()
      expect(store.get('nope')).toBeNull()
    })
  })
}
