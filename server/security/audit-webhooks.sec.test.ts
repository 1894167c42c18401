import { afterEach, describe, expect, it } from 'vitest'
import type { AuditPage } from '#shared/api/audit'
import { startServer } from '../test/harness.ts'
import { call } from './channels.ts'

describe('the audit log: webhook changes', () => {
  const cleanups: (() => unknown)[] = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })

  it('records who added and removed a receiver of the project, with its host but not its path (receiver URLs often carry a secret)', async () => {
    const server = await startServer({ webhookAllowPrivate: true })
    cleanups.push(server.close)
    const { fixture } = server
    const owner = { cookie: fixture.owner.cookie }
    const url = 'http://127.0.0.1:9/hooks/T000/B000/very-secret-path'
    const created = await call(server, 'POST', `/api/projects/${fixture.projectId}/webhooks`, owner, { url })
    expect(created.status).toBe(201)
    const { webhook } = (await created.json()) as { webhook: { id: string } }
    expect((await call(server, 'DELETE', `/api/projects/${fixture.projectId}/webhooks/${webhook.id}`, owner)).status).toBe(200)

    const res = await call(server, 'GET', `/api/workspaces/${fixture.workspaceId}/audit?kind=webhook.created`, owner)
    const page = (await res.json()) as AuditPage
    expect(page.events).toHaveLength(1)
    expect(page.events[0]).toMatchObject({ kind: 'webhook.created', detail: { webhookId: webhook.id, projectId: fixture.projectId, host: '127.0.0.1:9' } })
    const all = (await (await call(server, 'GET', `/api/workspaces/${fixture.workspaceId}/audit`, owner)).json()) as AuditPage
    expect(all.events.map((e) => e.kind)).toEqual(['webhook.removed', 'webhook.created'])
    expect(JSON.stringify(all)).not.toContain('very-secret-path')
  })
})
