import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { TASK_NODE } from '#shared/blocks/task'
import { connectClient, sameState, startServer, type TestClient, waitFor } from '../test/harness.ts'

type Json = Record<string, unknown> & { id: string }

/** Inserts a task block at `index` of the editor fragment, as the editor would. */
function insertTask(doc: Y.Doc, index: number, attrs: Record<string, unknown>, title: string): Y.XmlElement {
  const el = new Y.XmlElement(TASK_NODE)
  doc.transact(() => {
    const fragment = doc.getXmlFragment('default')
    fragment.insert(Math.min(index, fragment.length), [el])
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v as string)
    el.insert(0, [new Y.XmlText(title)])
  })
  return el
}
const taskEl = (doc: Y.Doc, id: string) =>
  doc
    .getXmlFragment('default')
    .toArray()
    .find((n): n is Y.XmlElement => n instanceof Y.XmlElement && n.getAttribute('id') === id)!

describe('the task index and graph', () => {
  const cleanups: (() => unknown)[] = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })

  async function setup() {
    const server = await startServer()
    cleanups.push(server.close)
    const { fixture } = server
    const api = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${server.url}${path}`, {
        method,
        headers: { cookie: fixture.owner.cookie, origin: server.url, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      })
      return { status: res.status, body: (await res.json()) as Json & Json[] }
    }
    const newDoc = async (title: string) => (await api('POST', `/api/projects/${fixture.projectId}/docs`, { title })).body.id
    const open = async (docId: string) => {
      const c = connectClient(server.wsUrl, docId, { acks: true })
      cleanups.push(c.destroy)
      await c.synced()
      return c
    }
    const settled = async (...clients: TestClient[]) => {
      for (const c of clients) await waitFor(() => c.provider.synced && c.allAcked(), 'acknowledged')
    }
    const rows = () => server.app.tasks.ofProject(fixture.projectId).map(({ updatedAt: _u, ...rest }) => rest)
    return { server, fixture, api, newDoc, open, settled, rows }
  }

  it('an edit in an editor changes the index and the graph; deleting the block removes the task', async () => {
    const { api, newDoc, open, settled, fixture } = await setup()
    const docId = await newDoc('Plan')
    const a = await open(docId)
    insertTask(a.doc, 1, { id: 'task-collect', status: 'done', stage: 'data', estimate: 2 }, 'Collect March data')
    insertTask(a.doc, 2, { id: 'task-train', stage: 'training', estimate: 3, deps: ['task-collect', 'task-clean'] }, 'Train baseline')
    insertTask(a.doc, 2, { id: 'task-clean', stage: 'preprocessing', estimate: 1, deps: ['task-collect'] }, 'Clean labels')
    await settled(a)
    const list = (await api('GET', `/api/projects/${fixture.projectId}/tasks`)).body
    expect(list.map((t) => [t.id, t.title, t.status])).toEqual([
      ['task-collect', 'Collect March data', 'done'],
      ['task-clean', 'Clean labels', 'todo'],
      ['task-train', 'Train baseline', 'todo'],
    ])
    expect(list.find((t) => t.id === 'task-train')!.blockedBy).toEqual(['task-clean'])
    const graph = (await api('GET', `/api/projects/${fixture.projectId}/graph`)).body as unknown as Record<string, unknown>
    // collect is done: no work left, so the path that still takes time starts at clean.
    expect(graph.criticalPath).toEqual(['task-clean', 'task-train'])
    expect(graph.edges).toEqual(expect.arrayContaining([{ from: 'task-clean', to: 'task-train' }]))

    taskEl(a.doc, 'task-clean').setAttribute('status', 'done')
    await settled(a)
    expect((await api('GET', '/api/tasks/task-train')).body.blockedBy).toEqual([])

    a.doc.getXmlFragment('default').delete(1, 1) // the collect block
    await settled(a)
    expect((await api('GET', '/api/tasks/task-collect')).status).toBe(404)
    expect((await api('GET', '/api/tasks/task-train')).body.deps).toEqual(['task-clean', 'task-collect'])
  })

  it('a REST PATCH is written into the document: both open editors change live', async () => {
    const { api, newDoc, open, settled } = await setup()
    const docId = await newDoc('Checklist')
    const a = await open(docId)
    const b = await open(docId)
    insertTask(a.doc, 1, { id: 'task-eval' }, 'Evaluate on holdout')
    await settled(a)
    const res = await api('PATCH', '/api/tasks/task-eval', { status: 'in_review', due: '2026-12-10', estimate: 2, title: 'Evaluate on the March holdout' })
    expect(res.status).toBe(200)
    for (const c of [a, b]) {
      await waitFor(() => taskEl(c.doc, 'task-eval')?.getAttribute('status') === 'in_review', 'status arrives')
      expect(taskEl(c.doc, 'task-eval').getAttribute('due')).toBe('2026-12-10')
      expect(taskEl(c.doc, 'task-eval').toString()).toContain('Evaluate on the March holdout')
    }
    expect(res.body).toMatchObject({ status: 'in_review', due: '2026-12-10', estimate: 2, title: 'Evaluate on the March holdout' })
  })

  it('gates done on open dependencies (409 with the blockers), across documents; an override is recorded', async () => {
    const { api, newDoc, open, settled } = await setup()
    const data = await open(await newDoc('Data'))
    const model = await open(await newDoc('Model'))
    insertTask(data.doc, 1, { id: 'task-labels' }, 'Label 10k examples')
    insertTask(model.doc, 1, { id: 'task-ship', deps: ['task-labels'] }, 'Ship v2')
    await settled(data, model)
    const refused = await api('PATCH', '/api/tasks/task-ship', { status: 'done' })
    expect(refused.status).toBe(409)
    expect(refused.body.error).toMatchObject({ code: 'blocked', blockers: [{ id: 'task-labels', title: 'Label 10k examples', status: 'todo' }] })
    expect(taskEl(model.doc, 'task-ship').getAttribute('status')).toBeUndefined()

    const forced = await api('PATCH', '/api/tasks/task-ship', { status: 'done', override: { reason: 'shipping behind a flag' } })
    expect(forced.status).toBe(200)
    expect(forced.body.override).toMatchObject({ reason: 'shipping behind a flag' })
    await waitFor(() => taskEl(model.doc, 'task-ship').getAttribute('status') === 'done', 'done arrives')

    await api('PATCH', '/api/tasks/task-labels', { status: 'done' })
    expect((await api('GET', '/api/tasks/task-ship')).body.blockedBy).toEqual([])
  })

  it('two offline editors change one task, converge, and the index equals the merged document and a rebuild', async () => {
    const { server, newDoc, open, settled, rows, fixture } = await setup()
    const docId = await newDoc('Runbook')
    const a = await open(docId)
    const b = await open(docId)
    insertTask(a.doc, 1, { id: 'task-alert', priority: 'low' }, 'Set up alerting')
    await settled(a)
    await waitFor(() => taskEl(b.doc, 'task-alert') !== undefined, 'b has it')
    a.provider.disconnect()
    b.provider.disconnect()
    taskEl(a.doc, 'task-alert').setAttribute('status', 'in_progress')
    taskEl(a.doc, 'task-alert').setAttribute('assignee', fixture.owner.id)
    taskEl(b.doc, 'task-alert').setAttribute('priority', 'urgent')
    taskEl(b.doc, 'task-alert').setAttribute('due', '2026-12-01')
    insertTask(b.doc, 0, { id: 'task-page', deps: ['task-alert'] }, 'Write the paging policy')
    a.provider.connect()
    b.provider.connect()
    await settled(a, b)
    await waitFor(() => sameState(a.doc, b.doc), 'converged')
    const t = server.app.tasks.get('task-alert')!
    expect(t).toMatchObject({ status: 'in_progress', assignee: fixture.owner.id, priority: 'urgent', due: '2026-12-01' })
    expect(server.app.tasks.get('task-page')!.deps).toEqual(['task-alert'])
    await new Promise((r) => setTimeout(r, 600)) // the position pass after the structural edit
    const incremental = rows()
    server.app.indexer.rebuildProject(fixture.projectId)
    expect(rows()).toEqual(incremental)
    expect(incremental.map((r) => r.id)).toEqual(['task-page', 'task-alert'])
  })

  it('random edits by three editors: the incremental index always equals a rebuild from the documents (20 seeds)', async () => {
    const { server, newDoc, open, settled, rows, fixture } = await setup()
    const docs = [await newDoc('A'), await newDoc('B')]
    const clients = [await open(docs[0]!), await open(docs[0]!), await open(docs[1]!)]
    let n = 0
    for (let seed = 1; seed <= 20; seed++) {
      let s = seed * 7919
      const rand = () => (s = (s * 48271) % 2147483647) / 2147483647
      for (let op = 0; op < 15; op++) {
        const c = clients[Math.floor(rand() * clients.length)]!
        const frag = c.doc.getXmlFragment('default')
        const tasksHere = frag.toArray().filter((e): e is Y.XmlElement => e instanceof Y.XmlElement && e.nodeName === TASK_NODE)
        const r = rand()
        if (r < 0.35 || tasksHere.length === 0) insertTask(c.doc, Math.floor(rand() * (frag.length + 1)), { id: `task-${n++}`, status: 'todo' }, `Task ${n}`)
        else if (r < 0.55) tasksHere[Math.floor(rand() * tasksHere.length)]!.setAttribute('status', ['todo', 'in_progress', 'done'][Math.floor(rand() * 3)]!)
        else if (r < 0.7) tasksHere[Math.floor(rand() * tasksHere.length)]!.setAttribute('deps', [`task-${Math.floor(rand() * n)}`] as unknown as string)
        else if (r < 0.85) {
          const el = tasksHere[Math.floor(rand() * tasksHere.length)]!
          const text = el.get(0) as Y.XmlText
          text.insert(0, 'x')
        } else frag.delete(frag.toArray().indexOf(tasksHere[Math.floor(rand() * tasksHere.length)]!), 1)
        if (op % 5 === 4) await settled(...clients)
      }
      await settled(...clients)
      await new Promise((r) => setTimeout(r, 600))
      const incremental = rows()
      server.app.indexer.rebuildProject(fixture.projectId)
      expect(rows(), `seed ${seed}`).toEqual(incremental)
    }
    expect(server.app.indexer.stats.incremental).toBeGreaterThan(50)
  })
})
