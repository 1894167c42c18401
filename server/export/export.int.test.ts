import path from 'node:path'
import Database from 'better-sqlite3'
import { strFromU8, unzipSync } from 'fflate'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { JsonNode } from '#shared/api/docs'
import { AttachmentMeta } from '#shared/attachments/attachment'
import { EDITOR_FRAGMENT } from '#shared/doc/fragment'
import { imageNode } from '#shared/doc/rich-nodes'
import { KeelExport, type ImportResult } from '#shared/export/manifest'
import { readChecklist } from '#shared/ml/checklist'
import { CHECKLIST_KIND } from '../ml/block-kinds.ts'
import { startServer } from '../test/harness.ts'

import { eventually, exportKit, type Json, without } from './export.testkit.ts'

describe('export and import', () => {
  const cleanups: (() => unknown)[] = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })

  const { seeded, demoIntoFresh, client } = exportKit(cleanups)

  it('JSON export of the demo project imports into a fresh server identically: content, Yjs state, tree, task graph, runs, sign-offs, an image; a re-import creates nothing', async () => {
    const a = await seeded()
    // An image in the spec: its attachment travels in the file (row and bytes) and keeps its id.
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64')
    const uploaded = await a.post(`/api/projects/${a.projectId}/attachments?name=roc.png`, png, 'application/octet-stream')
    const image = AttachmentMeta.parse(await uploaded.json())
    const specId = a.server.app.hub.docsOf(a.projectId).find((d) => d.title === 'Churn model v2 — spec')!.id
    a.server.app.registry.change(specId, a.owner.id, (doc) => {
      const el = new Y.XmlElement('image')
      for (const [k, v] of Object.entries(imageNode(image, 'ROC curve').attrs!)) if (typeof v === 'string') el.setAttribute(k, v)
      doc.getXmlFragment(EDITOR_FRAGMENT).push([el])
    })
    // A sign-off: a server record (approvals), not only the checklist's display copy.
    const [checklist] = a.server.app.hub.blocksOfProject(a.projectId, CHECKLIST_KIND)
    const item = readChecklist(a.server.app.registry.readCommitted(checklist!.docId), checklist!.blockId).items[0]!
    const signed = await a.post(`/api/projects/${a.projectId}/checklists/${checklist!.blockId}/items/${item.id}/signoff`, '{}')
    expect(signed.status).toBe(200)
    const res = await a.get(`/api/projects/${a.projectId}/export?format=json`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/zip')
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="Churn model v2.keel.zip"; filename*=UTF-8''Churn%20model%20v2.keel.zip`)
    const zipped = new Uint8Array(await res.arrayBuffer())
    const entries = unzipSync(zipped)
    expect(Object.keys(entries)).toEqual(['keel-export.json'])
    const file = KeelExport.parse(JSON.parse(strFromU8(entries['keel-export.json']!)))
    expect(file.docs.map((d) => d.title).sort()).toEqual(['Churn experiments', 'Churn model v2 — spec', 'Model card: churn v2', 'Ship checklist: churn v2'])
    expect(file.tasks.map((t) => t.id).sort()).toEqual(['demo-baseline', 'demo-collect', 'demo-eval', 'demo-labels', 'demo-ship'])
    expect(file.attachments?.map((x) => [x.id, x.name, x.size])).toEqual([[image.id, 'roc.png', png.length]])

    // A fresh server: a new data folder, nothing of the first one.
    const b = await startServer()
    cleanups.push(b.close)
    const bc = client(b, b.fixture.owner.cookie)
    // The .keel.zip as it was downloaded.
    const imported = await bc.post(`/api/workspaces/${b.fixture.workspaceId}/import/keel-json`, zipped, 'application/zip')
    expect(imported.status, await imported.clone().text()).toBe(200)
    const result = (await imported.json()) as ImportResult
    expect(result.created).toBe(4)
    expect(result.skipped).toBe(0)
    // Nothing was taken on the fresh server: every document keeps its id.
    for (const [src, here] of Object.entries(result.docs)) expect(here).toBe(src)

    for (const d of file.docs) {
      const before = (await a.json(`/api/docs/${d.id}/content`)).content as JsonNode
      const after = (await bc.json(`/api/docs/${d.id}/content`)).content as JsonNode
      expect(after, d.title).toEqual(before)
      // Lossless: the same Yjs state (every client's structs and the ML maps), not only the same JSON.
      const original = new Y.Doc()
      Y.applyUpdate(original, Buffer.from(d.state, 'base64'))
      const copy = b.app.registry.readCommitted(d.id)
      expect(Y.encodeStateVector(copy), d.title).toEqual(Y.encodeStateVector(original))
      expect(Buffer.from(Y.encodeStateAsUpdate(copy)).toString('base64'), d.title).toBe(d.state)
    }
    const tree = (rows: Json[]) =>
      rows.map((r) => ({ id: r.id, title: r.title, parentId: r.parentId, position: r.position })).sort((x, y) => String(x.id).localeCompare(String(y.id)))
    expect(tree(await bc.json(`/api/projects/${result.projectId}/docs`))).toEqual(tree(await a.json(`/api/projects/${a.projectId}/docs`)))
    const project = (await bc.json(`/api/projects/${result.projectId}`)) as Json
    expect(project.name).toBe('Churn model v2')
    // The image: the same id, name, type and bytes, in the new project.
    const copied = await bc.get(`/api/attachments/${image.id}`)
    expect(copied.status).toBe(200)
    expect(Buffer.from(await copied.arrayBuffer()).equals(png)).toBe(true)
    expect(await bc.json(`/api/attachments/${image.id}/meta`)).toMatchObject({
      ...without([image], 'projectId', 'createdAt', 'createdBy')[0],
      projectId: result.projectId,
    })

    // The task graph, as the API shows it, and the runs (derived here from the imported documents).
    const graph = async (c: typeof bc, pid: string) => {
      const g = (await c.json(`/api/projects/${pid}/graph`)) as Json
      return { ...g, nodes: without(g.nodes as Json[], 'projectId', 'updatedAt') }
    }
    await eventually(() => graph(bc, result.projectId), await graph(a, a.projectId))
    expect(((await graph(bc, result.projectId)).nodes as Json[]).length).toBe(5)
    const runs = async (c: typeof bc, pid: string) => without((await c.json(`/api/projects/${pid}/runs`)) as Json[], 'projectId')
    const originalRuns = await runs(a, a.projectId)
    expect(originalRuns.length).toBe(3)
    await eventually(() => runs(bc, result.projectId), originalRuns)

    // The checklist: the sign-off is verified here too (its record came along), gates evaluated alike.
    const view = async (c: typeof bc, pid: string) => (await c.json(`/api/projects/${pid}/checklists/${checklist!.blockId}`)) as Json
    const originalView = await view(a, a.projectId)
    expect(originalView.unverifiedSignOffs).toBe(0)
    const [signedItem] = (originalView.items as Json[]).filter((i) => i.signedBy)
    expect(signedItem).toMatchObject({ signedBy: a.owner.id, importedFrom: null })
    // The file says the exporter signed; here the importer did, and the file's claim is kept as imported-from, never as a sign-off of theirs.
    const importedView = {
      ...originalView,
      items: (originalView.items as Json[]).map((i) =>
        i.signedBy ? { ...i, signedBy: b.fixture.owner.id, signedAt: expect.any(String), importedFrom: { userId: a.owner.id, at: i.signedAt } } : i,
      ),
    }
    await eventually(() => view(bc, result.projectId), importedView)
    const stored = new Database(path.join(b.dir, 'keel.db'), { readonly: true })
    cleanups.push(() => stored.close())
    const rows = stored.prepare(`SELECT user_id AS userId, data FROM approvals WHERE kind = 'signoff'`).all() as { userId: string; data: string }[]
    expect(rows).toEqual([
      { userId: b.fixture.owner.id, data: JSON.stringify({ text: signedItem!.text, importedFrom: { userId: a.owner.id, at: signedItem!.signedAt } }) },
    ])

    // The same export again (its manifest as JSON this time): recognised by its source ids, nothing duplicated.
    const again = (await (await bc.post(`/api/workspaces/${b.fixture.workspaceId}/import/keel-json`, JSON.stringify(file))).json()) as ImportResult
    expect(again).toEqual({ ...result, created: 0, skipped: 4 })
    expect(((await bc.json(`/api/projects/${result.projectId}/attachments`)) as Json[]).length).toBe(1)
    expect(((await bc.json(`/api/projects/${result.projectId}/docs`)) as Json[]).length).toBe(4)
    expect(((await bc.json(`/api/workspaces/${b.fixture.workspaceId}/projects`)) as Json[]).length).toBe(2)
  })

  it('concurrent imports of one file create it once: while one runs, another into the same place is refused (409)', async () => {
    const { file, b, service } = await demoIntoFresh()
    const into = { workspaceId: b.fixture.workspaceId }
    // The first holds its place from its first step (it yields between batches of documents).
    const first = service.importJson(into, b.fixture.owner.id, file)
    await expect(service.importJson(into, b.fixture.owner.id, file)).rejects.toMatchObject({ status: 409, code: 'import_running' })
    // Into anywhere else meanwhile: one import at a time on the server.
    const elsewhere = b.fixture.directory.createWorkspace('Elsewhere', b.fixture.owner.id)
    await expect(service.importJson({ workspaceId: elsewhere.id }, b.fixture.owner.id, file)).rejects.toMatchObject({ status: 429, code: 'export_busy' })
    expect((await first).created).toBe(4)
    // Once it is done, the same file is found imported.
    expect((await service.importJson(into, b.fixture.owner.id, file)).created).toBe(0)
    // Over HTTP, several at once: never created twice.
    const bc = client(b, b.fixture.owner.cookie)
    const answers = await Promise.all([1, 2, 3].map(() => bc.post(`/api/workspaces/${b.fixture.workspaceId}/import/keel-json`, JSON.stringify(file))))
    for (const r of answers) expect([200, 409]).toContain(r.status)
    expect(((await bc.json(`/api/workspaces/${b.fixture.workspaceId}/projects`)) as Json[]).length).toBe(2)
  })

  it('an import never writes into a document another project took while it ran: every id is claimed before its first turn', async () => {
    const { file, b, service } = await demoIntoFresh()
    const { app } = b
    const other = b.fixture.directory.createProject(b.fixture.workspaceId, 'Other')
    const taken = file.docs[1]!.id
    // The import runs until its first turn; then, before it writes, another project takes one of its ids.
    const running = service.importJson({ workspaceId: b.fixture.workspaceId }, b.fixture.owner.id, file)
    app.hub.createDoc(taken, other.id, 'Theirs')
    const result = await running
    const here = result.docs[taken]!
    expect(app.hub.doc(here)?.projectId).toBe(result.projectId)
    // The other project has no document the import wrote (its row was refused: the id was the import's already).
    for (const id of Object.values(result.docs)) expect(app.hub.doc(id)?.projectId).toBe(result.projectId)
    expect(app.hub.docsOf(other.id)).toEqual([])
  })

  it('imported into the server it came from, documents and tasks get new ids and links and dependencies follow them', async () => {
    const a = await seeded()
    const spec = 'welcome'
    const experiments = ((await a.json(`/api/projects/${a.projectId}/docs`)) as Json[]).find((r) => r.title === 'Churn experiments')!.id as string
    // A doc link from the spec to the experiment log, to see it follow the log's new id.
    a.server.app.registry.change(spec, a.owner.id, (doc) => {
      const p = new Y.XmlElement('paragraph')
      const link = new Y.XmlElement('docLink')
      link.setAttribute('docId', experiments)
      p.insert(0, [link])
      doc.getXmlFragment('default').push([p])
    })
    const zipped = new Uint8Array(await (await a.get(`/api/projects/${a.projectId}/export?format=json`)).arrayBuffer())
    const res = await a.post(`/api/workspaces/${a.workspaceId}/import/keel-json`, zipped, 'application/zip')
    expect(res.status).toBe(200)
    const result = (await res.json()) as ImportResult
    expect(result.created).toBe(4)
    expect(result.projectId).not.toBe(a.projectId)
    for (const [src, here] of Object.entries(result.docs)) expect(here).not.toBe(src)

    const copy = (await a.json(`/api/docs/${result.docs[spec]}/content`)).content as JsonNode
    const links = JSON.stringify(copy).match(/"docId":"([^"]+)"/g)
    expect(links).toEqual([`"docId":"${result.docs[experiments]}"`])
    const tasks = (await a.json(`/api/projects/${result.projectId}/tasks`)) as Json[]
    expect(tasks).toHaveLength(5)
    const byTitle = new Map(tasks.map((t) => [t.title, t]))
    const baseline = byTitle.get('Train a gradient-boosted baseline')!
    expect(baseline.id).not.toBe('demo-baseline')
    expect(baseline.deps).toEqual([byTitle.get('Define churn labels and audit them for leakage')!.id])
    // The original project is untouched.
    expect(((await a.json(`/api/projects/${a.projectId}/tasks`)) as Json[]).map((t) => t.id)).toContain('demo-baseline')
  })

  it('Markdown: a page is one .md with task lines and their fields; the project is a zip of folders with links rewritten to relative paths', async () => {
    const a = await seeded()
    const page = await a.get('/api/docs/welcome/export?format=md')
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toBe('text/markdown; charset=utf-8')
    expect(page.headers.get('content-disposition')).toContain(`filename*=UTF-8''Churn%20model%20v2%20%E2%80%94%20spec.md`)
    const md = await page.text()
    expect(md).toContain('- [x] Collect twelve months of events and billing data — stage data, estimate 3d\n')
    expect(md).toContain('- [ ] Train a gradient-boosted baseline — to do, stage training, estimate 3d, after: demo-labels\n')

    const docs = (await a.json(`/api/projects/${a.projectId}/docs`)) as Json[]
    const log = docs.find((r) => r.title === 'Churn experiments')!.id as string
    // The log becomes a subpage of the spec, and the spec links to it.
    await a.post('/api/docs/welcome/tasks', JSON.stringify({ title: 'Read the log' }))
    const tree = (await a.json(`/api/projects/${a.projectId}`)) as Json
    a.server.app.registry.change(tree.treeDocId as string, a.owner.id, (doc) => {
      ;(doc.getMap('nodes').get(log) as Y.Map<unknown>).set('parentId', 'welcome')
    })
    a.server.app.registry.change('welcome', a.owner.id, (doc) => {
      const p = new Y.XmlElement('paragraph')
      const link = new Y.XmlElement('docLink')
      link.setAttribute('docId', log)
      p.insert(0, [link])
      doc.getXmlFragment('default').push([p])
    })
    // A link to a page of another workspace (a raw update can name any id) shows no title of it.
    const elsewhere = a.server.fixture.directory.createWorkspace('Elsewhere', a.owner.id)
    const secret = a.server.fixture.directory.createProject(elsewhere.id, 'Secret')
    a.server.app.hub.createDoc('secret-page', secret.id, 'Acquisition plans')
    a.server.app.registry.change('welcome', a.owner.id, (doc) => {
      const p = new Y.XmlElement('paragraph')
      const link = new Y.XmlElement('docLink')
      link.setAttribute('docId', 'secret-page')
      p.insert(0, [link])
      doc.getXmlFragment('default').push([p])
    })
    const zip = await a.get(`/api/projects/${a.projectId}/export?format=md`)
    expect(zip.headers.get('content-type')).toBe('application/zip')
    const files = unzipSync(new Uint8Array(await zip.arrayBuffer()))
    expect(Object.keys(files).sort()).toEqual([
      'Churn model v2 — spec.md',
      'Churn model v2 — spec/Churn experiments.md',
      // ':' is not a file name character anywhere.
      'Model card churn v2.md',
      'Ship checklist churn v2.md',
    ])
    const spec = strFromU8(files['Churn model v2 — spec.md']!)
    expect(spec).toContain('[Churn experiments](Churn%20model%20v2%20%E2%80%94%20spec/Churn%20experiments.md)')
    expect(spec).toContain('[Linked page](/d/secret-page)')
    expect(spec).not.toContain('Acquisition')
    // The experiment log's runs are in its Markdown (attachBlockData, as history's Markdown).
    expect(strFromU8(files['Churn model v2 — spec/Churn experiments.md']!)).toContain('| GBM 800 trees | finished | 0.913 |')
    // The subtree of the spec only: the spec and the log.
    const sub = unzipSync(new Uint8Array(await (await a.get('/api/docs/welcome/export?format=md&subtree=1')).arrayBuffer()))
    expect(Object.keys(sub).sort()).toEqual(['Churn model v2 — spec.md', 'Churn model v2 — spec/Churn experiments.md'])
  })

  it('HTML: index.html with the tree and one self-contained page per document', async () => {
    const a = await seeded()
    const zip = await a.get(`/api/projects/${a.projectId}/export?format=html`)
    expect(zip.status).toBe(200)
    const files = unzipSync(new Uint8Array(await zip.arrayBuffer()))
    expect(Object.keys(files)).toContain('index.html')
    const index = strFromU8(files['index.html']!)
    expect(index).toContain('<a href="Churn%20model%20v2%20%E2%80%94%20spec.html">Churn model v2 — spec</a>')
    const spec = strFromU8(files['Churn model v2 — spec.html']!)
    expect(spec).toContain('<style>')
    expect(spec).toContain(
      '<span class="title">Train a gradient-boosted baseline</span> <span class="fields">to do · stage training · estimate 3d · after: demo-labels</span>',
    )
    expect(spec).not.toMatch(/<script|<link /)
    // ML blocks from their data: the runs as a table, the checklist's items.
    expect(strFromU8(files['Churn experiments.html']!)).toContain('<tr><td>GBM 800 trees</td><td>finished</td><td>0.913</td>')
    expect(strFromU8(files['Ship checklist churn v2.html']!)).toMatch(/<h4>Deployment checklist<\/h4><ul><li class="check"><input type="checkbox" disabled> /)
  })
})
