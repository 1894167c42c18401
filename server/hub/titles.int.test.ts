import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { readTitle, writeTitle } from '#shared/doc/title'
import { readNodes, renameNode } from '#shared/hub/tree'
import { connectClient, startServer, waitFor } from '../test/harness.ts'

type Json = Record<string, unknown> & { id: string }

/** One title per page: the page's first heading, and the tree node, the row, activity and search follow it, both ways. */
describe('page titles', () => {
  const cleanups: (() => unknown)[] = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })

  async function setup() {
    const server = await startServer()
    cleanups.push(server.close)
    const { fixture } = server
    const treeDocId = fixture.directory.project(fixture.projectId)!.treeDocId
    const api = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${server.url}${path}`, {
        method,
        headers: { cookie: fixture.owner.cookie, origin: server.url, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      })
      return { status: res.status, body: (await res.json()) as Json & Json[] }
    }
    const open = (docId: string, options: { connect?: boolean } = {}) => {
      const c = connectClient(server.wsUrl, docId, { acks: true, cookie: fixture.owner.cookie, ...options })
      cleanups.push(c.destroy)
      return c
    }
    const page = async (title: string) => (await api('POST', `/api/projects/${fixture.projectId}/docs`, { title })).body.id
    const nodeTitle = (doc: Y.Doc, id: string) => readNodes(doc).find((n) => n.id === id)?.title
    const rowTitle = async (id: string) => (await api('GET', `/api/docs/${id}`)).body.title
    return { server, fixture, treeDocId, api, open, page, nodeTitle, rowTitle }
  }

  it('a new page, from a template or not, starts with its name as its heading', async () => {
    const { api, fixture, open, page } = await setup()
    const blank = open(await page('Fraud detector spec'))
    const log = (await api('POST', `/api/projects/${fixture.projectId}/docs`, { template: 'experiment-log', title: 'Churn experiments' })).body
    expect(log.title).toBe('Churn experiments')
    const fromTemplate = open(log.id)
    await Promise.all([blank.synced(), fromTemplate.synced()])
    expect(readTitle(blank.doc)).toBe('Fraud detector spec')
    expect(readTitle(fromTemplate.doc)).toBe('Churn experiments')
  })

  it('typing the heading renames the page in the tree, its row, activity and search', async () => {
    const { api, fixture, treeDocId, open, page, nodeTitle, rowTitle } = await setup()
    const id = await page('Untitled')
    const sidebar = open(treeDocId)
    const editor = open(id)
    await Promise.all([sidebar.synced(), editor.synced()])
    writeTitle(editor.doc, 'Fraud')
    writeTitle(editor.doc, 'Fraud detector spec')
    await waitFor(() => nodeTitle(sidebar.doc, id) === 'Fraud detector spec', 'the sidebar follows the heading')
    expect(await rowTitle(id)).toBe('Fraud detector spec')
    const activity = (await api('GET', `/api/projects/${fixture.projectId}/activity`)).body
    expect(activity.find((a) => a['docId'] === id)).toMatchObject({ title: 'Fraud detector spec' })
    const found = (await api('GET', `/api/workspaces/${fixture.workspaceId}/search?q=fraud`)).body
    expect(found.map((d) => d.title)).toEqual(['Fraud detector spec'])
    // Nothing echoes: the heading keeps exactly what was typed.
    await new Promise((r) => setTimeout(r, 700))
    expect(readTitle(editor.doc)).toBe('Fraud detector spec')
    expect(editor.doc.getXmlFragment('default').length).toBe(1)
  })

  it('renaming in the sidebar writes the heading, in an open page live and in a closed one', async () => {
    const { api, treeDocId, open, page } = await setup()
    const openId = await page('Experiment log')
    const closedId = await page('Notes')
    const sidebar = open(treeDocId)
    const editor = open(openId)
    await Promise.all([sidebar.synced(), editor.synced()])
    renameNode(sidebar.doc, openId, 'Churn experiments')
    renameNode(sidebar.doc, closedId, 'Meeting notes')
    await waitFor(() => readTitle(editor.doc) === 'Churn experiments', 'the open page shows the new name')
    let content: unknown = null
    for (let i = 0; i < 200 && !JSON.stringify(content).includes('Meeting notes'); i++) {
      content = (await api('GET', `/api/docs/${closedId}/content`)).body
      await new Promise((r) => setTimeout(r, 20))
    }
    expect(JSON.stringify(content)).toContain('Meeting notes')
    // The heading was edited in place, not doubled.
    expect(editor.doc.getXmlFragment('default').length).toBe(1)
  })

  it('a rename committed just before shutdown still reaches its page, and nothing runs after the database closes', async () => {
    const { server, treeDocId, page } = await setup()
    const id = await page('Notes')
    // A server-side rename of the tree (as REST makes): its page follows one turn later, unless
    // the server stops first, in which case the shutdown flush must carry it.
    server.app.registry.change(treeDocId, 'test', (tree) => void renameNode(tree, id, 'Meeting notes'))
    await server.close()
    await new Promise((r) => setTimeout(r, 50))
    const again = await startServer({}, server.dir)
    cleanups.push(again.close)
    const stored = readTitle(again.app.registry.readCommitted(id))
    expect(stored).toBe('Meeting notes')
  })

  it('a heading edited offline and a concurrent rename converge on one title everywhere, and stay', async () => {
    const { treeDocId, open, page, nodeTitle, rowTitle } = await setup()
    const id = await page('Draft')
    const sidebar = open(treeDocId)
    const offline = open(id)
    const other = open(id)
    await Promise.all([sidebar.synced(), offline.synced(), other.synced()])
    offline.provider.disconnect()
    writeTitle(offline.doc, 'Draft written on a plane')
    renameNode(sidebar.doc, id, 'Fraud detector spec')
    await waitFor(() => readTitle(other.doc) === 'Fraud detector spec', 'the rename reached the heading')
    offline.provider.connect()
    await waitFor(() => offline.provider.synced && offline.allAcked(), 'offline edits sent')
    const settled = async () => {
      const t = readTitle(other.doc)
      return t !== '' && readTitle(offline.doc) === t && nodeTitle(sidebar.doc, id) === t && (await rowTitle(id)) === t
    }
    for (let i = 0; i < 300 && !(await settled()); i++) await new Promise((r) => setTimeout(r, 20))
    expect(await settled()).toBe(true)
    const final = readTitle(other.doc)
    // Stable: no more server edits once they agree.
    const versions = () => [Y.encodeStateVector(other.doc), Y.encodeStateVector(sidebar.doc)].map((v) => [...v].join()).join('|')
    const before = versions()
    await new Promise((r) => setTimeout(r, 1200))
    expect(versions()).toBe(before)
    expect(nodeTitle(sidebar.doc, id)).toBe(final)
  })
})
