// Over 300 lines on purpose (issue #18): one attack, the done-gate on every write path (socket, REST, restart, rebuild),
// and its cases share setup() and the helpers reading the document and the gate's edits; read as one account.
import path from 'node:path'
import type Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { TASK_NODE } from '#shared/blocks/task'
import { DocumentTooLarge } from '../collab/too-large.ts'
import { openDatabase } from '../db/open.ts'
import { GATE_USER_ID } from '../tasks/done-gate.ts'
import { connectClient, startServer, type TestClient, tempDir, waitFor } from '../test/harness.ts'
import { originFor } from '../test/same-origin.ts'
import { register } from './webhook-helpers.ts'
import { docFromStored } from '../store/stored-doc.ts'

type Json = Record<string, unknown> & { error?: Record<string, unknown> }

const taskEl = (doc: Y.Doc, id: string): Y.XmlElement | undefined =>
  doc
    .getXmlFragment('default')
    .toArray()
    .find((n): n is Y.XmlElement => n instanceof Y.XmlElement && n.nodeName === TASK_NODE && n.getAttribute('id') === id)
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/**
 * The done-gate over the socket (the newcomer issue): ticking a blocked task to Done in the
 * document, which never asks the REST gate, must not stick without an override on record. And
 * task validation: self-dependencies and impossible due dates, through REST and through Yjs.
 */
describe('the done-gate and task validation on every write path', () => {
  const cleanups: (() => unknown)[] = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })

  async function setup() {
    const { dir, cleanup } = tempDir()
    cleanups.push(cleanup)
    const db = openDatabase(path.join(dir, 'keel.db'), { synchronous: 'normal' })
    const server = await startServer({}, dir, { db })
    cleanups.push(server.close)
    const { fixture } = server
    const eve = fixture.user('Eve', 'editor')
    const api = async (method: string, path: string, body?: unknown, cookie = eve.cookie) => {
      const res = await fetch(`${server.url}${path}`, {
        method,
        headers: { cookie, ...originFor(server, method), 'content-type': 'application/json' },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      })
      return { status: res.status, body: (await res.json()) as Json }
    }
    const docId = (await api('POST', `/api/projects/${fixture.projectId}/docs`, { title: 'Release plan' })).body.id as string
    const client = connectClient(server.wsUrl, docId, { acks: true, cookie: eve.cookie })
    cleanups.push(client.destroy)
    await client.synced()
    const newTask = async (title: string, deps: string[] = []) => (await api('POST', `/api/docs/${docId}/tasks`, { title, deps })).body.id as string
    await waitFor(() => client.doc.getXmlFragment('default').length > 0, 'the document reaches the editor')
    /** The document as the server stored it (snapshot and log), not as any client sees it. */
    const stored = () => docFromStored(server.app.store.load(docId))
    const settled = (c: TestClient) => waitFor(() => c.allAcked(), 'acknowledged')
    const gateEdits = () => countGateEdits(db, docId)
    return { server, api, docId, client, newTask, stored, settled, gateEdits }
  }

  it('a socket client ticks a blocked task to done: the server reopens it (stored and live), the API says blocked; a REST override then lets done stick', async () => {
    const { server, api, client, newTask, stored, settled, gateEdits } = await setup()
    const dep = await newTask('Load test the endpoint')
    const task = await newTask('Cut the release', [dep])
    await waitFor(() => taskEl(client.doc, task) !== undefined, 'tasks arrive')

    // The project's live event stream: the reopening is announced with its reason.
    const abort = new AbortController()
    cleanups.push(() => abort.abort())
    const stream = await fetch(`${server.url}/api/projects/${server.fixture.projectId}/events`, {
      headers: { cookie: server.fixture.owner.cookie },
      signal: abort.signal,
    })
    let events = ''
    void (async () => {
      const decoder = new TextDecoder()
      for await (const chunk of stream.body! as unknown as AsyncIterable<Uint8Array>) events += decoder.decode(chunk)
    })().catch(() => {})

    taskEl(client.doc, task)!.setAttribute('status', 'done')
    await settled(client)
    await waitFor(() => taskEl(stored(), task)?.getAttribute('status') !== 'done', 'the stored document is reopened', 2000)
    await waitFor(() => events.includes(JSON.stringify({ id: task, kind: 'changed', reason: 'reopened' })), 'the reopen event', 2000)
    expect(events).not.toContain(JSON.stringify({ id: task, kind: 'completed' }))
    // Every open editor sees it live, with the reason on the block.
    await waitFor(() => taskEl(client.doc, task)?.getAttribute('status') === 'todo', 'the editor sees it reopened', 2000)
    expect(taskEl(client.doc, task)!.getAttribute('gate')).toMatchObject({ blockedBy: [{ id: dep, title: 'Load test the endpoint' }] })
    const t = (await api('GET', `/api/tasks/${task}`)).body
    expect(t).toMatchObject({ status: 'todo', blockedBy: [dep], override: null, gate: { blockedBy: [{ id: dep }] } })
    await sleep(300)
    expect(gateEdits()).toBe(1) // one revert, no loop

    const forced = await api('PATCH', `/api/tasks/${task}`, { status: 'done', override: { reason: 'the load test ran on staging' } })
    expect(forced.status).toBe(200)
    expect(forced.body).toMatchObject({ status: 'done', override: { reason: 'the load test ran on staging' }, unverifiedOverride: null, gate: null })
    await sleep(300)
    expect(taskEl(stored(), task)!.getAttribute('status')).toBe('done')
    expect(taskEl(client.doc, task)!.getAttribute('status')).toBe('done')
    expect((await api('GET', `/api/tasks/${task}`)).body.status).toBe('done')
    expect(gateEdits()).toBe(1)

    // The override held for that completion: reopened and ticked again over the socket, it is gated again.
    taskEl(client.doc, task)!.setAttribute('status', 'todo')
    await settled(client)
    taskEl(client.doc, task)!.setAttribute('status', 'done')
    await settled(client)
    await waitFor(() => taskEl(stored(), task)?.getAttribute('status') === 'todo', 'gated again', 2000)
  })

  it('races: two quick edits are both undone once; a dependency finishing in the same edit lets done stand', async () => {
    const { api, client, newTask, stored, settled, gateEdits } = await setup()
    const dep = await newTask('Freeze the eval split')
    const task = await newTask('Report the eval', [dep])
    await waitFor(() => taskEl(client.doc, task) !== undefined, 'tasks arrive')

    // Two edits in quick succession, each its own frame: done, then a title change.
    taskEl(client.doc, task)!.setAttribute('status', 'done')
    ;(taskEl(client.doc, task)!.get(0) as Y.XmlText).insert(0, 'Now: ')
    await settled(client)
    await waitFor(() => taskEl(client.doc, task)?.getAttribute('status') === 'todo', 'reopened', 2000)
    await sleep(300)
    expect(gateEdits()).toBe(1)
    expect((await api('GET', `/api/tasks/${task}`)).body).toMatchObject({ status: 'todo', title: 'Now: Report the eval' })

    // The dependency and the task done in one edit: not blocked any more, so done stands.
    client.doc.transact(() => {
      taskEl(client.doc, dep)!.setAttribute('status', 'done')
      taskEl(client.doc, task)!.setAttribute('status', 'done')
    })
    await settled(client)
    await sleep(300)
    expect(taskEl(stored(), task)!.getAttribute('status')).toBe('done')
    expect((await api('GET', `/api/tasks/${task}`)).body).toMatchObject({ status: 'done', blockedBy: [] })
    expect(gateEdits()).toBe(1)

    // Ticked over the socket and, at once, overridden through the API: done stands either way.
    const dep2 = await newTask('Sign the data agreement')
    const task2 = await newTask('Publish the dataset', [dep2])
    await waitFor(() => taskEl(client.doc, task2) !== undefined, 'tasks arrive')
    taskEl(client.doc, task2)!.setAttribute('status', 'done')
    const forced = await api('PATCH', `/api/tasks/${task2}`, { status: 'done', override: { reason: 'legal signed on paper' } })
    expect(forced.status).toBe(200)
    await settled(client)
    await sleep(300)
    expect(taskEl(stored(), task2)!.getAttribute('status')).toBe('done')
    expect((await api('GET', `/api/tasks/${task2}`)).body).toMatchObject({ status: 'done', override: { reason: 'legal signed on paper' } })

    // A chain done in one edit while its root is open: both links are reopened, whatever the order.
    const root = await newTask('Get the GPU quota')
    const middle = await newTask('Train the large model', [root])
    const last = await newTask('Distil the large model', [middle])
    await waitFor(() => taskEl(client.doc, last) !== undefined, 'tasks arrive')
    client.doc.transact(() => {
      taskEl(client.doc, last)!.setAttribute('status', 'done')
      taskEl(client.doc, middle)!.setAttribute('status', 'done')
    })
    await settled(client)
    await waitFor(
      () => taskEl(stored(), last)?.getAttribute('status') === 'todo' && taskEl(stored(), middle)?.getAttribute('status') === 'todo',
      'both reopened',
      2000,
    )
    expect((await api('GET', `/api/tasks/${last}`)).body).toMatchObject({ status: 'todo', blockedBy: [middle] })
  })

  it('the revert never lands (refused by the size limit, then the server stops): after a restart on the same data the task is still not done, nothing announced a completion, and the load reverts the document', async () => {
    const { dir, cleanup } = tempDir()
    cleanups.push(cleanup)
    const config = { webhookAllowPrivate: true }
    const open = () => openDatabase(path.join(dir, 'keel.db'), { synchronous: 'normal' })
    const firstDb = open()
    const first = await startServer(config, dir, { db: firstDb })
    let firstOpen = true
    cleanups.push(() => firstOpen && first.close())
    const eve = first.fixture.user('Eve', 'editor')
    type Server = typeof first
    const api = async (s: Server, method: string, path: string, body?: unknown) => {
      const res = await fetch(`${s.url}${path}`, {
        method,
        headers: { cookie: eve.cookie, ...originFor(s, method), 'content-type': 'application/json' },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      })
      return { status: res.status, body: (await res.json()) as Json }
    }
    // A webhook on every event: its delivery rows are kept, so they tell what was announced.
    expect((await register(first, 'http://127.0.0.1:9/hook')).status).toBe(201)
    const docId = (await api(first, 'POST', `/api/projects/${first.fixture.projectId}/docs`, { title: 'Release plan' })).body.id as string
    const dep = (await api(first, 'POST', `/api/docs/${docId}/tasks`, { title: 'Load test the endpoint' })).body.id as string
    const task = (await api(first, 'POST', `/api/docs/${docId}/tasks`, { title: 'Cut the release', deps: [dep] })).body.id as string
    const client = connectClient(first.wsUrl, docId, { acks: true, cookie: eve.cookie })
    cleanups.push(client.destroy)
    await client.synced()
    await waitFor(() => taskEl(client.doc, task) !== undefined, 'tasks arrive')
    await sleep(700) // the position pass after the tasks were added is done with

    // Every revert is refused, as registry.change refuses one that would pass the size limit.
    const registry = first.app.registry
    const change = registry.change.bind(registry)
    let refused = 0
    registry.change = (id, userId, fn) => {
      if (userId !== GATE_USER_ID) return change(id, userId, fn)
      refused++
      throw new DocumentTooLarge(id, 'bytes')
    }
    taskEl(client.doc, task)!.setAttribute('status', 'done')
    await waitFor(() => client.allAcked(), 'the tick is stored')
    await waitFor(() => refused > 0, 'the revert was tried')
    expect((await api(first, 'GET', `/api/tasks/${task}`)).body).toMatchObject({ status: 'todo', override: null })
    client.destroy()
    await first.close()
    firstOpen = false

    // The same data, a new server: the document as stored still says done.
    const db = open()
    const again = await startServer(config, dir, { db })
    cleanups.push(again.close)
    const abort = new AbortController()
    cleanups.push(() => abort.abort())
    const stream = await fetch(`${again.url}/api/projects/${again.fixture.projectId}/events`, {
      headers: { cookie: again.fixture.owner.cookie },
      signal: abort.signal,
    })
    let events = ''
    void (async () => {
      const decoder = new TextDecoder()
      for await (const chunk of stream.body! as unknown as AsyncIterable<Uint8Array>) events += decoder.decode(chunk)
    })().catch(() => {})
    const storedDoc = () => docFromStored(again.app.store.load(docId))
    expect(taskEl(storedDoc(), task)!.getAttribute('status')).toBe('done')
    const back = connectClient(again.wsUrl, docId, { acks: true, cookie: eve.cookie })
    cleanups.push(back.destroy)
    await back.synced()
    const announced = (event: string) => db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM webhook_deliveries WHERE event = ?').get(event)!.n
    // What the load indexed (the revert may or may not have landed yet): not done, no completion.
    expect.soft(again.app.tasks.get(task)!.status, 'indexed on load').toBe('todo')
    expect.soft(announced('task.completed'), 'task.completed deliveries').toBe(0)
    // Loaded in that state, the document is reverted now, live and stored.
    await waitFor(() => taskEl(storedDoc(), task)?.getAttribute('status') === 'todo', 'the stored document is reopened', 3000)
    await waitFor(() => taskEl(back.doc, task)?.getAttribute('status') === 'todo', 'the editor sees it reopened', 3000)
    expect(taskEl(back.doc, task)!.getAttribute('gate')).toMatchObject({ blockedBy: [{ id: dep }] })
    await sleep(700) // a position pass, if any, and the webhook rows
    expect((await api(again, 'GET', `/api/tasks/${task}`)).body).toMatchObject({ status: 'todo', blockedBy: [dep], override: null })
    expect(again.app.tasks.get(task)!.status).toBe('todo')
    expect(announced('task.created')).toBeGreaterThan(0) // the log does record what was announced
    expect(announced('task.completed')).toBe(0)
    expect(events).not.toContain(JSON.stringify({ id: task, kind: 'completed' }))
    expect(countGateEdits(db, docId)).toBe(1) // reverted once, on the load
  })

  it('the full passes hold too (a rebuild, the position pass): with the revert refused, the index never says done', async () => {
    const { server, api, client, newTask, settled } = await setup()
    const dep = await newTask('Label the data')
    const task = await newTask('Train on the labels', [dep])
    await waitFor(() => taskEl(client.doc, task) !== undefined, 'tasks arrive')
    await sleep(700) // the position pass after the tasks were added is done with
    const registry = server.app.registry
    const change = registry.change.bind(registry)
    registry.change = (id, userId, fn) => {
      if (userId === GATE_USER_ID) throw new DocumentTooLarge(id, 'bytes')
      change(id, userId, fn)
    }
    taskEl(client.doc, task)!.setAttribute('status', 'done')
    await settled(client)
    await sleep(50)
    expect((await api('GET', `/api/tasks/${task}`)).body).toMatchObject({ status: 'todo', override: null })
    // A rebuild from the documents, which still say done.
    server.app.indexer.rebuildProject(server.fixture.projectId)
    expect.soft(server.app.tasks.get(task)!.status, 'after a rebuild').toBe('todo')
    // A structural edit: the position pass 500 ms later re-derives every task of the document.
    client.doc.getXmlFragment('default').insert(0, [new Y.XmlElement('paragraph')])
    await settled(client)
    await sleep(700)
    expect.soft(server.app.tasks.get(task)!.status, 'after the position pass').toBe('todo')
    expect((await api('GET', `/api/tasks/${task}`)).body).toMatchObject({ status: 'todo', override: null, blockedBy: [dep] })
  })

  it('self-dependencies and impossible dates: refused by REST (400 JSON); through Yjs a self-edge is a cycle and the date is ignored', async () => {
    const { api, client, docId, newTask, settled } = await setup()
    const task = await newTask('Evaluate')
    const self = await api('PATCH', `/api/tasks/${task}`, { deps: [task] })
    expect(self.status).toBe(400)
    expect(self.body.error).toMatchObject({ code: 'bad_request', message: expect.stringMatching(/itself/) })
    for (const due of ['9999-99-99', '2026-02-30', '12026-01-01']) {
      const bad = await api('PATCH', `/api/tasks/${task}`, { due })
      expect(bad.status, due).toBe(400)
      expect(bad.body.error).toMatchObject({ code: 'bad_request' })
      expect((await api('POST', `/api/docs/${docId}/tasks`, { title: 'x', due })).status, due).toBe(400)
    }
    expect((await api('PATCH', `/api/tasks/${task}`, { due: '2028-02-29' })).status).toBe(200)

    await waitFor(() => taskEl(client.doc, task) !== undefined, 'the task arrives')
    client.doc.transact(() => {
      taskEl(client.doc, task)!.setAttribute('deps', [task] as unknown as string)
      taskEl(client.doc, task)!.setAttribute('due', '9999-99-99')
    })
    await settled(client)
    const t = (await api('GET', `/api/tasks/${task}`)).body
    expect(t).toMatchObject({ deps: [task], inCycle: true, due: null, blockedBy: [] })
    const graph = (await api('GET', `/api/projects/${(t as { projectId: string }).projectId}/graph`)).body
    expect(graph.cycles).toEqual([[task]])
  })
})

/** Edits the done-gate made to a document, from the update log (who wrote each update). */
function countGateEdits(db: Database.Database, docId: string): number {
  return db.prepare<[string, string], { n: number }>('SELECT count(*) AS n FROM updates WHERE doc_id = ? AND user_id = ?').get(docId, GATE_USER_ID)!.n
}
