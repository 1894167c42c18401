import http from 'node:http'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { startServer, waitFor } from '../test/harness.ts'
import { verify } from './sign.ts'

interface Received {
  event: string
  delivery: string
  body: string
  valid: boolean
}

/** A real HTTP receiver on port 0 that fails the first `failFirst` requests with 500. */
async function receiver(secretOf: () => string, failFirst = 0) {
  const got: Received[] = []
  let calls = 0
  const server = http.createServer((req, res) => {
    let body = ''
    req.on('data', (c) => (body += c))
    req.on('end', () => {
      calls++
      const valid = verify(secretOf(), body, String(req.headers['x-keel-signature']), Math.floor(Date.now() / 1000))
      if (calls <= failFirst) {
        res.writeHead(500).end('not now')
        return
      }
      got.push({ event: String(req.headers['x-keel-event']), delivery: String(req.headers['x-keel-delivery']), body, valid })
      res.writeHead(204).end()
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const { port } = server.address() as { port: number }
  return { url: `http://127.0.0.1:${port}/hook`, got, calls: () => calls, close: () => new Promise<void>((r) => server.close(() => r())) }
}

describe('webhooks on task events', () => {
  const cleanups: (() => unknown)[] = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })

  it('signs every delivery, retries with backoff after failures, and logs each attempt', async () => {
    const server = await startServer({ webhookAllowPrivate: true }, undefined, { webhookOptions: { backoffBaseMs: 40, maxAttempts: 5, timeoutMs: 2000 } })
    cleanups.push(server.close)
    const { fixture } = server
    const headers = { cookie: fixture.owner.cookie, origin: server.url, 'content-type': 'application/json' }
    let secret = ''
    const hook = await receiver(() => secret, 2)
    cleanups.push(hook.close)
    const created = (await (
      await fetch(`${server.url}/api/projects/${fixture.projectId}/webhooks`, { method: 'POST', headers, body: JSON.stringify({ url: hook.url }) })
    ).json()) as { webhook: { id: string }; secret: string }
    secret = created.secret
    const docId = fixture.ensureDoc('webhook-doc')

    const task = (await (
      await fetch(`${server.url}/api/docs/${docId}/tasks`, { method: 'POST', headers, body: JSON.stringify({ title: 'Backfill labels' }) })
    ).json()) as { id: string }
    await waitFor(() => hook.got.some((g) => g.event === 'task.created'), 'task.created delivered after two failures', 5000)
    const first = hook.got.find((g) => g.event === 'task.created')!
    expect(first.valid).toBe(true)
    expect(JSON.parse(first.body)).toMatchObject({ event: 'task.created', projectId: fixture.projectId, task: { id: task.id, title: 'Backfill labels' } })
    expect(hook.calls()).toBe(3)

    const log = (await (await fetch(`${server.url}/api/projects/${fixture.projectId}/webhooks/${created.webhook.id}/deliveries`, { headers })).json()) as {
      status: string
      attempts: number
      lastCode: number
    }[]
    expect(log[0]).toMatchObject({ status: 'delivered', attempts: 3, lastCode: 204 })

    await fetch(`${server.url}/api/tasks/${task.id}`, { method: 'PATCH', headers, body: JSON.stringify({ status: 'done' }) })
    await waitFor(() => hook.got.some((g) => g.event === 'task.completed'), 'task.completed delivered')
    expect(hook.got.every((g) => g.valid)).toBe(true)
    // A tampered body fails verification.
    expect(verify(secret, first.body.replace('Backfill', 'Forged'), `t=${Math.floor(Date.now() / 1000)},v1=00`, Math.floor(Date.now() / 1000))).toBe(false)
  })

  it('gives up after the last attempt and says so in the log', async () => {
    const server = await startServer({ webhookAllowPrivate: true }, undefined, { webhookOptions: { backoffBaseMs: 20, maxAttempts: 3, timeoutMs: 1000 } })
    cleanups.push(server.close)
    const { fixture } = server
    const headers = { cookie: fixture.owner.cookie, origin: server.url, 'content-type': 'application/json' }
    const hook = await receiver(() => 'x', 100)
    cleanups.push(hook.close)
    const created = (await (
      await fetch(`${server.url}/api/projects/${fixture.projectId}/webhooks`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ url: hook.url, events: ['task.created'] }),
      })
    ).json()) as { webhook: { id: string } }
    await fetch(`${server.url}/api/docs/${fixture.ensureDoc('d2')}/tasks`, { method: 'POST', headers, body: JSON.stringify({ title: 'Doomed' }) })
    const logUrl = `${server.url}/api/projects/${fixture.projectId}/webhooks/${created.webhook.id}/deliveries`
    await waitFor(() => hook.calls() === 3, 'three attempts', 5000)
    await new Promise((r) => setTimeout(r, 50))
    const log = (await (await fetch(logUrl, { headers })).json()) as { status: string; attempts: number; lastError: string; lastCode: number }[]
    expect(log).toHaveLength(1)
    // A receiver that answered: the class and its status (only answers carry a status).
    expect(log[0]).toMatchObject({ status: 'failed', attempts: 3, lastError: 'http_error', lastCode: 500 })
  })

  it('shuts down at once while a delivery hangs, keeps it pending, and sends it after a restart', async () => {
    // A receiver that takes every request and never answers the first one.
    const held: http.ServerResponse[] = []
    const bodies: string[] = []
    const slow = http.createServer((req, res) => {
      let body = ''
      req.on('data', (c) => (body += c))
      req.on('end', () => {
        bodies.push(body)
        if (bodies.length === 1) held.push(res)
        else res.writeHead(204).end()
      })
    })
    await new Promise<void>((r) => slow.listen(0, '127.0.0.1', r))
    cleanups.push(() => new Promise<void>((r) => slow.close(() => r())))
    cleanups.push(() => held.forEach((res) => res.destroy()))
    const url = `http://127.0.0.1:${(slow.address() as { port: number }).port}/hook`
    const options = { webhookOptions: { backoffBaseMs: 20, maxAttempts: 3, timeoutMs: 10_000 } }
    const server = await startServer({ webhookAllowPrivate: true }, undefined, options)
    let closed = false
    cleanups.push(() => (closed ? undefined : server.close()))
    const { fixture } = server
    const headers = { cookie: fixture.owner.cookie, origin: server.url, 'content-type': 'application/json' }
    await fetch(`${server.url}/api/projects/${fixture.projectId}/webhooks`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ url, events: ['task.created'] }),
    })
    await fetch(`${server.url}/api/docs/${fixture.ensureDoc('d3')}/tasks`, { method: 'POST', headers, body: JSON.stringify({ title: 'In flight' }) })
    await waitFor(() => held.length === 1, 'the delivery reached the receiver', 5000)

    // Shutdown aborts the request instead of waiting out its 10 s timeout, and nothing touches the
    // database after it closed (that was an unhandled rejection, which fails this run).
    const t0 = performance.now()
    await server.close()
    closed = true
    expect(performance.now() - t0).toBeLessThan(2000)
    await new Promise((r) => setTimeout(r, 100))
    const db = new Database(path.join(server.dir, 'keel.db'), { readonly: true })
    const rows = db.prepare('SELECT status, attempts FROM webhook_deliveries').all()
    db.close()
    // The cut attempt is not counted: the delivery is still owed.
    expect(rows).toEqual([{ status: 'pending', attempts: 0 }])

    const again = await startServer({ webhookAllowPrivate: true }, server.dir, options)
    cleanups.push(again.close)
    await waitFor(() => bodies.length === 2, 'the pending delivery sent after the restart', 5000)
    expect(JSON.parse(bodies[1]!)).toMatchObject({ event: 'task.created', task: { title: 'In flight' } })
  })

  it('streams "tasks changed" to open views (server-sent events)', async () => {
    const server = await startServer()
    cleanups.push(server.close)
    const { fixture } = server
    const controller = new AbortController()
    cleanups.push(() => controller.abort())
    const res = await fetch(`${server.url}/api/projects/${fixture.projectId}/events`, { headers: { cookie: fixture.owner.cookie }, signal: controller.signal })
    expect(res.headers.get('content-type')).toBe('text/event-stream')
    const reader = res.body!.getReader()
    let text = ''
    const docId = fixture.ensureDoc('sse-doc')
    await fetch(`${server.url}/api/docs/${docId}/tasks`, {
      method: 'POST',
      headers: { cookie: fixture.owner.cookie, origin: server.url, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Live' }),
    })
    while (!text.includes('event: tasks')) text += new TextDecoder().decode((await reader.read()).value)
    expect(text).toMatch(/"kind":"created"/)
  })
})
