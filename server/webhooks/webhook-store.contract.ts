import crypto from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import type { WebhookStore } from './webhook-store.ts'

export interface OpenedWebhookStore {
  store: WebhookStore
  /** A new project for webhooks to belong to (backend-specific rows). */
  project(): string
  /** The same data under another 32-byte key, as after a restart with a different KEEL_SECRET_KEY. */
  withKey(key: Buffer): WebhookStore
  close(): void
}

/** The behaviour every WebhookStore must show; one `describeWebhookStore` call per backend, opened with `key`. */
export function describeWebhookStore(label: string, open: (key: Buffer) => OpenedWebhookStore): void {
  describe(`WebhookStore contract: ${label}`, () => {
    const closers: (() => void)[] = []
    afterEach(() => closers.splice(0).forEach((c) => c()))
    const setup = () => {
      const opened = open(crypto.randomBytes(32))
      closers.push(() => opened.close())
      return { ...opened, projectId: opened.project() }
    }
    const hook = (store: WebhookStore, projectId: string, now = 1000) =>
      store.create({ projectId, url: 'https://example.com/hook', events: ['task.created', 'task.completed'], createdBy: 'user-1' }, now)

    it('creates a webhook with a fresh secret that reads back, and finds it by id', () => {
      const { store, projectId } = setup()
      const { webhook, secret } = hook(store, projectId)
      expect(webhook).toEqual({ id: webhook.id, projectId, url: 'https://example.com/hook', events: ['task.created', 'task.completed'], createdAt: 1000 })
      expect(secret).toMatch(/^kw_/)
      expect(store.get(webhook.id)).toEqual(webhook)
      expect(store.secret(webhook.id)).toBe(secret)
      expect(hook(store, projectId).secret).not.toBe(secret)
      expect(store.get('nope')).toBeNull()
      expect(store.secret('nope')).toBeNull()
    })

    it("lists a project's webhooks oldest first, and removes one with its delivery log", () => {
      const { store, project, projectId } = setup()
      const late = hook(store, projectId, 2000).webhook
      const early = hook(store, projectId, 1000).webhook
      hook(store, project(), 500)
      expect(store.ofProject(projectId).map((w) => w.id)).toEqual([early.id, late.id])
      store.enqueue(late.id, 'task.created', '{}', 3000)
      expect(store.remove(late.id)).toBe(true)
      expect(store.remove(late.id)).toBe(false)
      expect(store.log(late.id)).toEqual([])
      expect(store.due(Number.MAX_SAFE_INTEGER, 10)).toEqual([])
      expect(store.ofProject(projectId).map((w) => w.id)).toEqual([early.id])
    })

    it('keeps deliveries pending until recorded otherwise, due soonest first', () => {
      const { store, projectId } = setup()
      const { webhook } = hook(store, projectId)
      expect(store.nextDue()).toBeNull()
      const b = store.enqueue(webhook.id, 'task.completed', '{"n":2}', 2000)
      const a = store.enqueue(webhook.id, 'task.created', '{"n":1}', 1000)
      expect(store.nextDue()).toBe(1000)
      expect(store.due(1500, 10).map((d) => d.id)).toEqual([a])
      expect(store.due(5000, 1).map((d) => d.id)).toEqual([a])
      expect(store.due(5000, 10)[0]).toEqual({
        id: a,
        webhookId: webhook.id,
        event: 'task.created',
        payload: '{"n":1}',
        status: 'pending',
        attempts: 0,
        nextAttempt: 1000,
        lastCode: null,
        lastError: null,
        createdAt: 1000,
        deliveredAt: null,
      })
      store.record({ id: a, status: 'delivered', attempts: 1, nextAttempt: 1000, lastCode: 204, lastError: null, deliveredAt: 1100 })
      store.record({ id: b, status: 'pending', attempts: 1, nextAttempt: 4000, lastCode: 500, lastError: 'http_status', deliveredAt: null })
      expect(store.due(3000, 10)).toEqual([])
      expect(store.nextDue()).toBe(4000)
      store.record({ id: b, status: 'failed', attempts: 8, nextAttempt: 4000, lastCode: null, lastError: 'timeout', deliveredAt: null })
      expect(store.nextDue()).toBeNull()
      expect(store.log(webhook.id).map((d) => [d.id, d.status, d.attempts, d.lastCode, d.lastError, d.deliveredAt])).toEqual([
        [b, 'failed', 8, null, 'timeout', null],
        [a, 'delivered', 1, 204, null, 1100],
      ])
      expect(store.log(webhook.id, 1).map((d) => d.id)).toEqual([b])
    })

    it('says which secrets do not open with another key, and makes the deliveries that waited for one due again', () => {
      const { store, withKey, projectId } = setup()
      const { webhook, secret } = hook(store, projectId)
      expect(store.unreadableSecrets()).toEqual([])
      const wrong = withKey(crypto.randomBytes(32))
      expect(wrong.unreadableSecrets()).toEqual([webhook.id])
      expect(() => wrong.secret(webhook.id)).toThrow()
      expect(store.secret(webhook.id)).toBe(secret)
      const waiting = store.enqueue(webhook.id, 'task.created', '{}', 1000)
      const other = store.enqueue(webhook.id, 'task.created', '{}', 1000)
      store.record({ id: waiting, status: 'pending', attempts: 0, nextAttempt: 9_000_000, lastCode: null, lastError: 'secret_unavailable', deliveredAt: null })
      store.record({ id: other, status: 'pending', attempts: 1, nextAttempt: 9_000_000, lastCode: null, lastError: 'timeout', deliveredAt: null })
      store.retryUnsigned(5000)
      expect(store.due(5000, 10).map((d) => d.id)).toEqual([waiting])
    })
  })
}
