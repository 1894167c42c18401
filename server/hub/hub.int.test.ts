import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { DOC_LINK_NODE } from '#shared/hub/links'
import { addNode, buildTree, moveNode, readNodes, renameNode } from '#shared/hub/tree'
import { CloseCode } from '#shared/protocol/index'
import { connectClient, rawSocket, startServer, waitFor } from '../test/harness.ts'

type Json = Record<string, unknown> & { id: string }

describe('the project hub', () => {
  const cleanups: (() => unknown)[] = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })

  async function setup() {
    const server = await startServer()
    cleanups.push(server.close)
    const { fixture } = server
    const treeDocId = fixture.directory.project(fixture.projectId)!.treeDocId
    const api = async (method: string, path: string, body?: unknown, cookie = fixture.owner.cookie) => {
      const res = await fetch(`${server.url}${path}`, {
        method,
        headers: { cookie, origin: server.url, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      })
      return { status: res.status, body: (await res.json()) as Json & Json[] }
    }
    /** A tree client: the sidebar's view of the project. */
    const tree = (cookie?: string) => {
      const c = connectClient(server.wsUrl, treeDocId, { acks: true, ...(cookie ? { cookie } : { cookie: fixture.owner.cookie }) })
      cleanups.push(c.destroy)
      return c
    }
    return { server, fixture, treeDocId, api, tree }
  }

  const titles = (doc: Y.Doc) => buildTree(readNodes(doc)).roots.map((n) => n.title)

  it('a document created through the API appears live in an open sidebar', async () => {
    const { api, tree, fixture } = await setup()
    const sidebar = tree()
    await sidebar.synced()
    const created = await api('POST', `/api/projects/${fixture.projectId}/docs`, { title: 'Runbook' })
    expect(created.status).toBe(201)
    await waitFor(() => titles(sidebar.doc).includes('Runbook'), 'node in the sidebar')
    const child = await api('POST', `/api/projects/${fixture.projectId}/docs`, { title: 'On-call', parentId: created.body.id })
    await waitFor(() => buildTree(readNodes(sidebar.doc)).byId.get(created.body.id)?.children[0]?.title === 'On-call', 'nested')
    const list = await api('GET', `/api/projects/${fixture.projectId}/docs`)
    expect(list.body.find((d) => d.id === child.body.id)).toMatchObject({ parentId: created.body.id, title: 'On-call' })
  })

  it('instantiates the built-in Project spec and a workspace template as fresh documents', async () => {
    const { api, fixture, server } = await setup()
    const spec = await api('POST', `/api/projects/${fixture.projectId}/docs`, { template: 'project-spec' })
    expect(spec.body.title).toBe('Project spec')
    const content = await api('GET', `/api/docs/${spec.body.id}/content`)
    const text = JSON.stringify(content.body)
    for (const section of ['Problem', 'Success metrics', 'Data requirements', 'Scope and non-goals', 'Risks', 'Milestones']) expect(text).toContain(section)

    // A document marked as a template, copied with no shared history.
    await api('PUT', `/api/docs/${spec.body.id}/template`, { isTemplate: true })
    const templates = await api('GET', `/api/workspaces/${fixture.workspaceId}/templates`)
    expect(templates.body.map((t) => t.key)).toEqual([
      'project-spec',
      'experiment-log',
      'hyperparameter-sweep',
      'deployment-checklist',
      'model-card',
      'inference-report',
      'troubleshooting-runbook',
      spec.body.id,
    ])
    const copy = await api('POST', `/api/projects/${fixture.projectId}/docs`, { template: spec.body.id, title: 'Spec for v3' })
    const original = connectClient(server.wsUrl, spec.body.id)
    const copied = connectClient(server.wsUrl, copy.body.id)
    cleanups.push(original.destroy, copied.destroy)
    await Promise.all([original.synced(), copied.synced()])
    // The same content, under its own name: a page's title is its first heading.
    const copiedContent = (await api('GET', `/api/docs/${copy.body.id}/content`)).body.content as { content: unknown[] }
    const originalContent = content.body.content as { content: unknown[] }
    expect(JSON.stringify(copiedContent.content[0])).toContain('Spec for v3')
    expect(JSON.stringify(copiedContent.content.slice(1))).toBe(JSON.stringify(originalContent.content.slice(1)))
    const clientsOf = (d: Y.Doc) => [...Y.decodeStateVector(Y.encodeStateVector(d)).keys()]
    expect(clientsOf(copied.doc).filter((c) => clientsOf(original.doc).includes(c))).toEqual([])
  })

  it('trash and restore; delete for good only from the trash, only by an owner', async () => {
    const { api, fixture, tree, server } = await setup()
    const doc = await api('POST', `/api/projects/${fixture.projectId}/docs`, { title: 'Old notes' })
    const sidebar = tree()
    await sidebar.synced()
    expect((await api('DELETE', `/api/docs/${doc.body.id}`)).status).toBe(409)
    await api('POST', `/api/docs/${doc.body.id}/archive`, {})
    await waitFor(() => buildTree(readNodes(sidebar.doc)).trash.some((n) => n.id === doc.body.id), 'in the trash')
    expect(titles(sidebar.doc)).not.toContain('Old notes')
    expect((await api('GET', `/api/projects/${fixture.projectId}/docs`)).body.find((d) => d.id === doc.body.id)!.archivedAt).not.toBeNull()
    await api('POST', `/api/docs/${doc.body.id}/restore`, {})
    await waitFor(() => titles(sidebar.doc).includes('Old notes'), 'restored')
    await api('POST', `/api/docs/${doc.body.id}/archive`, {})
    const editor = fixture.user('Ed', 'editor')
    expect((await api('DELETE', `/api/docs/${doc.body.id}`, undefined, editor.cookie)).status).toBe(403)
    const open = await rawSocket(server.wsUrl, doc.body.id)
    await waitFor(() => open.received.length > 0, 'doc socket open')
    expect((await api('DELETE', `/api/docs/${doc.body.id}`)).status).toBe(200)
    expect((await open.closed).code).toBe(CloseCode.DocumentNotFound)
    expect((await api('GET', `/api/docs/${doc.body.id}`)).status).toBe(404)
    await waitFor(() => !readNodes(sidebar.doc).some((n) => n.id === doc.body.id), 'gone from the tree')
  })

  it('links follow a document by id through a rename, and the target lists its backlinks', async () => {
    const { api, fixture, server, tree } = await setup()
    const target = await api('POST', `/api/projects/${fixture.projectId}/docs`, { title: 'Data card' })
    const source = await api('POST', `/api/projects/${fixture.projectId}/docs`, { title: 'Spec' })
    const editor = connectClient(server.wsUrl, source.body.id, { acks: true })
    cleanups.push(editor.destroy)
    await editor.synced()
    editor.doc.transact(() => {
      const p = new Y.XmlElement('paragraph')
      editor.doc.getXmlFragment('default').insert(0, [p])
      const link = new Y.XmlElement(DOC_LINK_NODE)
      p.insert(0, [link])
      link.setAttribute('docId', target.body.id)
    })
    await waitFor(editor.allAcked, 'link stored')
    await new Promise((r) => setTimeout(r, 700)) // link indexing waits for a pause in typing
    expect((await api('GET', `/api/docs/${target.body.id}/backlinks`)).body).toEqual([{ id: source.body.id, title: 'Spec' }])
    // Rename the target in the sidebar: the link is by id, so it still resolves, to the new title.
    const sidebar = tree()
    await sidebar.synced()
    renameNode(sidebar.doc, target.body.id, 'Dataset card v3')
    await waitFor(sidebar.allAcked, 'rename stored')
    expect((await api('GET', `/api/docs/${target.body.id}`)).body.title).toBe('Dataset card v3')
    expect((await api('GET', `/api/docs/${target.body.id}/backlinks`)).body).toEqual([{ id: source.body.id, title: 'Spec' }])
  })

  it('two offline sidebars move, rename and create pages; both converge and the server mirrors the merge', async () => {
    const { api, fixture, tree, server } = await setup()
    for (const t of ['Data', 'Training', 'Evaluation', 'Deployment']) await api('POST', `/api/projects/${fixture.projectId}/docs`, { title: t })
    const a = tree()
    const b = tree()
    await Promise.all([a.synced(), b.synced()])
    const id = (doc: Y.Doc, title: string) => readNodes(doc).find((n) => n.title === title)!.id
    a.provider.disconnect()
    b.provider.disconnect()
    // A nests Training under Data and renames Evaluation; B moves Data under Training (a cycle
    // with A's move), renames Evaluation too, and creates a page offline.
    moveNode(a.doc, id(a.doc, 'Training'), id(a.doc, 'Data'), 0)
    renameNode(a.doc, id(a.doc, 'Evaluation'), 'Evaluation (A)')
    moveNode(b.doc, id(b.doc, 'Data'), id(b.doc, 'Training'), 0)
    renameNode(b.doc, id(b.doc, 'Evaluation'), 'Evaluation (B)')
    addNode(b.doc, { id: 'offlinePage1', title: 'Written offline' })
    a.provider.connect()
    b.provider.connect()
    await waitFor(() => a.allAcked() && b.allAcked() && a.provider.synced && b.provider.synced, 'both synced')
    await waitFor(() => JSON.stringify(buildTree(readNodes(a.doc)).roots) === JSON.stringify(buildTree(readNodes(b.doc)).roots), 'same tree')
    const view = buildTree(readNodes(a.doc))
    // Every page exactly once: four made online, one offline; the two renames of Evaluation
    // resolve to one of them (last writer wins), the same on both sides.
    const shown = [...view.byId.values()].map((n) => n.title).sort()
    expect(shown).toHaveLength(5)
    expect(shown.filter((t) => !t.startsWith('Evaluation'))).toEqual(['Data', 'Deployment', 'Training', 'Written offline'])
    expect(['Evaluation (A)', 'Evaluation (B)']).toContain(shown.find((t) => t.startsWith('Evaluation')))
    // The server's rows are the merged tree; the offline page became a real document.
    const rows = (await api('GET', `/api/projects/${fixture.projectId}/docs`)).body
    for (const node of view.byId.values()) expect(rows.find((r) => r.id === node.id)).toMatchObject({ title: node.title, parentId: node.parentId })
    const offlineDoc = connectClient(server.wsUrl, 'offlinePage1', { cookie: fixture.owner.cookie })
    cleanups.push(offlineDoc.destroy)
    await offlineDoc.synced()
  })

  it('shows recent activity by person and document, and finds documents by title for members only', async () => {
    const { api, fixture, server } = await setup()
    const doc = await api('POST', `/api/projects/${fixture.projectId}/docs`, { title: 'Experiment log' })
    const ada = fixture.user('Ada', 'editor')
    const c = connectClient(server.wsUrl, doc.body.id, { cookie: ada.cookie, acks: true })
    cleanups.push(c.destroy)
    await c.synced()
    for (let i = 0; i < 5; i++) c.doc.getText('t').insert(0, 'x')
    await waitFor(c.allAcked, 'acked')
    const activity = (await api('GET', `/api/projects/${fixture.projectId}/activity`)).body
    expect(activity[0]).toMatchObject({ docId: doc.body.id, title: 'Experiment log', userName: 'Ada', updates: 5 })
    const found = (await api('GET', `/api/workspaces/${fixture.workspaceId}/search?q=experim`)).body
    expect(found.map((d) => d.id)).toEqual([doc.body.id])
    const outsider = fixture.user('Olga', null)
    expect((await api('GET', `/api/workspaces/${fixture.workspaceId}/search?q=experim`, undefined, outsider.cookie)).status).toBe(404)
  })
})
