import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { SearchResults } from '#shared/api/search'
import { TASK_NODE } from '#shared/blocks/task'
import { EXPERIMENT_BLOCK, writeRun } from '#shared/ml/runs'
import { connectClient, startServer, type TestClient, waitFor } from '../test/harness.ts'

const paragraph = (text: string): Y.XmlElement => {
  const el = new Y.XmlElement('paragraph')
  el.insert(0, [new Y.XmlText(text)])
  return el
}

describe('full-text search over a real server', () => {
  const cleanups: (() => unknown)[] = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })

  async function setup() {
    const server = await startServer()
    cleanups.push(server.close)
    const { fixture } = server
    const get = async (path: string, cookie = fixture.owner.cookie) => {
      const res = await fetch(`${server.url}${path}`, { headers: { cookie, origin: server.url } })
      return { status: res.status, body: (await res.json()) as SearchResults & { error?: { code: string; message: string } } }
    }
    const search = async (q: string, extra = '', cookie?: string) => (await get(`/api/search?q=${encodeURIComponent(q)}${extra}`, cookie)).body
    const newDoc = async (title: string, projectId = fixture.projectId, cookie = fixture.owner.cookie) => {
      const res = await fetch(`${server.url}/api/projects/${projectId}/docs`, {
        method: 'POST',
        headers: { cookie, origin: server.url, 'content-type': 'application/json' },
        body: JSON.stringify({ title }),
      })
      return ((await res.json()) as { id: string }).id
    }
    const open = async (docId: string) => {
      const c = connectClient(server.wsUrl, docId, { acks: true })
      cleanups.push(c.destroy)
      await c.synced()
      return c
    }
    const settled = (c: TestClient) => waitFor(() => c.provider.synced && c.allAcked(), 'acknowledged')
    return { server, fixture, get, search, newDoc, open, settled }
  }

  it('an edit over the socket appears in search, an edit again replaces it, a deleted block is gone', async () => {
    const { search, newDoc, open, settled } = await setup()
    const docId = await newDoc('Vision plan')
    const a = await open(docId)
    const fragment = a.doc.getXmlFragment('default')
    const block = paragraph('We fine-tune resnet50 on the March images')
    fragment.push([block])
    const task = new Y.XmlElement(TASK_NODE)
    a.doc.transact(() => {
      fragment.push([task])
      task.setAttribute('id', 'task-label')
      task.setAttribute('status', 'in_progress')
      task.setAttribute('stage', 'data')
      task.insert(0, [new Y.XmlText('Label the holdout set')])
    })
    await settled(a)

    const first = await search('resnet')
    expect(first.hits.map((h) => [h.kind, h.docId, h.title])).toEqual([['text', docId, 'Vision plan']])
    expect(first.hits[0]!.snippet).toContain('\u0002resnet\u0003')
    expect(first.next).toBeNull()
    const tasks = await search('holdout')
    expect(tasks.hits.map((h) => [h.kind, h.blockId])).toEqual([['task', 'task-label']])
    // Task fields filter; a prefix and a typo still find it.
    expect((await search('holdout', '&status=in_progress&stage=data')).hits).toHaveLength(1)
    expect((await search('holdout', '&status=done')).hits).toHaveLength(0)
    expect((await search('resn')).hits).toHaveLength(1)
    expect((await search('resnte50')).hits.map((h) => h.kind)).toEqual(['text'])
    expect((await search('Vision', '&kind=page')).hits.map((h) => [h.kind, h.docId])).toEqual([['page', docId]])

    const text = block.firstChild as Y.XmlText
    a.doc.transact(() => {
      text.delete(0, text.length)
      text.insert(0, 'We fine-tune efficientnet instead')
    })
    await settled(a)
    expect((await search('resnet')).hits).toEqual([])
    expect((await search('efficientnet')).hits).toHaveLength(1)

    fragment.delete(fragment.toArray().indexOf(block), 1)
    await settled(a)
    expect((await search('efficientnet')).hits).toEqual([])
  })

  it("finds a task by its assignee's name (the block stores the id)", async () => {
    const { fixture, search, newDoc, open, settled } = await setup()
    const zora = fixture.user('Zoraida Quist', 'editor')
    const docId = await newDoc('Rollout')
    const a = await open(docId)
    const task = new Y.XmlElement(TASK_NODE)
    a.doc.transact(() => {
      a.doc.getXmlFragment('default').push([task])
      task.setAttribute('id', 'task-canary')
      task.setAttribute('assignee', zora.id)
      task.insert(0, [new Y.XmlText('Run the canary')])
    })
    await settled(a)
    expect((await search('zoraida')).hits.map((h) => [h.kind, h.blockId])).toEqual([['task', 'task-canary']])
    expect((await search('zoraida', `&assignee=${zora.id}`)).hits).toHaveLength(1)
  })

  it('indexes experiment runs by name, params and metric names, short words included', async () => {
    const { search, newDoc, open, settled } = await setup()
    const docId = await newDoc('Experiments')
    const a = await open(docId)
    const log = new Y.XmlElement(EXPERIMENT_BLOCK)
    a.doc.transact(() => {
      a.doc.getXmlFragment('default').push([log])
      log.setAttribute('id', 'log-1')
    })
    writeRun(a.doc, 'log-1', 'run-7', { name: 'baseline-transformer', params: { lr: 0.001, optimizer: 'adamw' }, metrics: { f1: 0.81 } }, 'create')
    await settled(a)
    for (const q of ['baseline', 'adamw', 'f1', 'optimizer']) {
      expect(
        (await search(q)).hits.map((h) => [h.kind, h.blockId]),
        q,
      ).toEqual([['run', 'log-1']])
    }
    expect((await search('baseline', '&type=experiment-log')).hits).toHaveLength(1)
    expect((await search('baseline', '&type=checklist')).hits).toHaveLength(0)
  })

  it('incremental updates equal a rebuild after random edits', async () => {
    const { server, fixture, newDoc, open, settled } = await setup()
    const words = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel']
    let seed = 7
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed % n
    }
    const docs = [await newDoc('One'), await newDoc('Two')]
    const clients = await Promise.all(docs.map(open))
    for (let step = 0; step < 60; step++) {
      const c = clients[rand(2)]!
      const fragment = c.doc.getXmlFragment('default')
      const kind = rand(5)
      if (kind === 0 && fragment.length > 1) fragment.delete(1 + rand(fragment.length - 1), 1)
      else if (kind === 1 && fragment.length > 1) {
        const el = fragment.get(1 + rand(fragment.length - 1)) as Y.XmlElement
        const t = el.firstChild
        if (t instanceof Y.XmlText) t.insert(rand(t.length + 1), ` ${words[rand(words.length)]}`)
        else if (el.nodeName === TASK_NODE) el.setAttribute('status', ['todo', 'done', 'in_review'][rand(3)]!)
      } else if (kind === 2) {
        const task = new Y.XmlElement(TASK_NODE)
        c.doc.transact(() => {
          fragment.insert(1 + rand(fragment.length), [task])
          task.setAttribute('id', `t-${step}`)
          task.insert(0, [new Y.XmlText(`${words[rand(words.length)]} task`)])
        })
      } else fragment.insert(Math.min(1 + rand(fragment.length + 1), fragment.length), [paragraph(`${words[rand(8)]} ${words[rand(8)]}`)])
      if (rand(4) === 0) await settled(c)
    }
    for (const c of clients) await settled(c)
    const incremental = server.app.fullText.index.dump(fixture.projectId)
    expect(incremental.length).toBeGreaterThan(10)
    server.app.fullText.indexer.rebuildProject(fixture.projectId)
    expect(server.app.fullText.index.dump(fixture.projectId)).toEqual(incremental)
  })

  it('another workspace’s page never appears, nor counts, and a project filter cannot reach it', async () => {
    const { server, fixture, search, newDoc, settled } = await setup()
    const other = fixture.user('Olga', null)
    const ws = fixture.directory.createWorkspace('Elsewhere', other.id)
    const project = fixture.directory.createProject(ws.id, 'Secret project')
    const docId = await newDoc('Quokka findings', project.id, other.cookie)
    const a = connectClient(server.wsUrl, docId, { acks: true, cookie: other.cookie })
    cleanups.push(a.destroy)
    await a.synced()
    a.doc.getXmlFragment('default').push([paragraph('quokka population estimate')])
    await settled(a)
    // Hers: the page's title, its heading and the paragraph.
    expect((await search('quokka', '', other.cookie)).hits.map((h) => h.kind)).toEqual(['page', 'text', 'text'])
    const mine = await search('quokka')
    expect(mine).toEqual({ hits: [], next: null })
    expect(await search('quokka', `&projectId=${project.id}`)).toEqual({ hits: [], next: null })
    expect((await search('quokka', '&limit=1', other.cookie)).next).toBe('1')
  })

  it('indexes comments from the comments.changed event: created, edited, deleted', async () => {
    const { server, fixture, search, newDoc } = await setup()
    const docId = await newDoc('Reviewed page')
    const emit = (change: 'created' | 'edited' | 'deleted' | 'resolved', text: string) =>
      server.app.bus.emit('comments.changed', {
        projectId: fixture.projectId,
        docId,
        threadId: 'th-1',
        commentId: 'c-1',
        change,
        actorId: fixture.owner.id,
        text,
        quote: 'the holdout split',
        mentioned: [],
        participants: [],
        blockId: 'task-x',
      })
    emit('created', 'Is the wombat split stratified?')
    const hit = (await search('wombat')).hits
    expect(hit.map((h) => [h.kind, h.docId, h.blockId])).toEqual([['comment', docId, 'task-x']])
    expect((await search('wombat', `&author=${fixture.owner.id}`)).hits).toHaveLength(1)
    emit('edited', 'Is the platypus split stratified?')
    expect((await search('wombat')).hits).toEqual([])
    expect((await search('platypus')).hits).toHaveLength(1)
    emit('resolved', '')
    expect((await search('platypus')).hits).toHaveLength(1)
    emit('deleted', '')
    expect((await search('platypus')).hits).toEqual([])
  })

  it('bad input gets results or a clear 400, never a 500', async () => {
    const { get, newDoc, open, settled } = await setup()
    const a = await open(await newDoc('Syntax'))
    a.doc.getXmlFragment('default').push([paragraph('A "quoted" NEAR(col:x) AND OR NOT * ^ thing')])
    await settled(a)
    for (const q of ['"', '""', '"quoted', 'AND', 'NEAR(', 'col:x', '*', '^', '-', '(((', "'; DROP TABLE search_rows; --", '\u0002x\u0003', 'ñ', '😀']) {
      const res = await get(`/api/search?q=${encodeURIComponent(q)}`)
      expect(res.status, q).toBe(200)
      expect(Array.isArray(res.body.hits), q).toBe(true)
    }
    expect((await get(`/api/search?q=${encodeURIComponent('"quoted')}`)).body.hits).toHaveLength(1)
    expect((await get(`/api/search?q=${encodeURIComponent('NEAR(col:x)')}`)).body.hits).toHaveLength(1)
    for (const path of [
      '/api/search',
      '/api/search?q=',
      '/api/search?q=%20%20',
      `/api/search?q=${'x'.repeat(201)}`,
      '/api/search?q=a&status=nope',
      '/api/search?q=a&cursor=-1',
      '/api/search?q=a&since=yesterday',
    ]) {
      const res = await get(path)
      expect(res.status, path).toBe(400)
      expect(res.body.error?.message, path).toBeTruthy()
    }
  })
})
