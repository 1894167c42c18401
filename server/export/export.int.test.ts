import path from 'node:path'
import Database from 'better-sqlite3'
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { JsonNode } from '#shared/api/docs'
import { KeelExport, type ImportResult } from '#shared/export/manifest'
import { addNode, addNodes } from '#shared/hub/tree'
import { EXPORT_LIMITS } from '#shared/limits'
import { readChecklist } from '#shared/ml/checklist'
import { openDatabase } from '../db/open.ts'
import type { HttpError } from '../http/errors.ts'
import { CHECKLIST_KIND } from '../ml/block-kinds.ts'
import { ExportService } from './service.ts'
import { SqliteExportStore } from './sqlite-export-store.ts'
import { startServer, type TestServer } from '../test/harness.ts'
import { sameOrigin } from '../test/same-origin.ts'

type Json = Record<string, unknown>

/** Polls `read` until it equals `expected` (derived rows: the hub's debounced pass), or fails with the last value. */
async function eventually<T>(read: () => Promise<T>, expected: T, ms = 5000): Promise<void> {
  const until = Date.now() + ms
  let last = await read()
  while (JSON.stringify(last) !== JSON.stringify(expected) && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 100))
    last = await read()
  }
  expect(last).toEqual(expected)
}

/** The manifest in a project's JSON export (a .keel.zip). */
async function manifestOf(response: Promise<Response>): Promise<KeelExport> {
  const entries = unzipSync(new Uint8Array(await (await response).arrayBuffer()))
  return KeelExport.parse(JSON.parse(strFromU8(entries['keel-export.json']!)))
}

const without = <T extends Json>(rows: T[], ...keys: string[]) => rows.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !keys.includes(k))))

describe('export and import', () => {
  const cleanups: (() => unknown)[] = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })

  async function seeded() {
    const server = await startServer({ seed: true })
    cleanups.push(server.close)
    const db = new Database(path.join(server.dir, 'keel.db'), { readonly: true })
    cleanups.push(() => db.close())
    const { workspaceId, projectId } = db
      .prepare(`SELECT w.id AS workspaceId, p.id AS projectId FROM workspaces w JOIN projects p ON p.workspace_id = w.id WHERE w.name = 'Demo workspace'`)
      .get() as { workspaceId: string; projectId: string }
    const owner = server.fixture.user('Exporter', 'owner', { workspaceId })
    return { server, workspaceId, projectId, owner, ...client(server, owner.cookie) }
  }

  /** The demo project's JSON export, a fresh server, and an ExportService of its own over that server's parts. */
  async function demoIntoFresh() {
    const a = await seeded()
    const file = await manifestOf(a.get(`/api/projects/${a.projectId}/export?format=json`))
    const b = await startServer()
    cleanups.push(b.close)
    const { app } = b
    const db = openDatabase(path.join(b.dir, 'keel.db'), { synchronous: 'normal' })
    cleanups.push(() => db.close())
    const parts = { registry: app.registry, store: app.store, hub: app.hub, tasks: app.tasks, directory: app.directory, titleOf: () => '' }
    return { a, file, b, service: new ExportService({ ...parts, exports: new SqliteExportStore(db) }) }
  }

  function client(server: TestServer, cookie: string) {
    const get = (p: string) => fetch(`${server.url}${p}`, { headers: { cookie } })
    const json = async (p: string) => (await (await get(p)).json()) as Json & Json[]
    const post = (p: string, body: string | Uint8Array, type = 'application/json') =>
      fetch(`${server.url}${p}`, { method: 'POST', headers: { cookie, 'content-type': type, ...sameOrigin(server) }, body })
    return { get, json, post }
  }

  it('JSON export of the demo project imports into a fresh server identically: content, Yjs state, tree, task graph, runs, sign-offs; a re-import creates nothing', async () => {
    const a = await seeded()
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

  it("never exports another workspace's page that an editor wrote into the project's tree document", async () => {
    const a = await seeded()
    const { app, fixture } = a.server
    const victim = fixture.directory.createWorkspace('Victim', fixture.owner.id)
    const vault = fixture.directory.createProject(victim.id, 'Vault')
    app.hub.createDoc('victim-secret', vault.id, 'Acquisition plans')
    app.registry.change('victim-secret', fixture.owner.id, (doc) => {
      const p = new Y.XmlElement('paragraph')
      p.insert(0, [new Y.XmlText('Buy Globex in March')])
      doc.getXmlFragment('default').push([p])
    })
    // The attacker: an editor of the demo project only, writing the victim's id into its tree (top level and under a page).
    const attacker = fixture.user('Attacker', 'editor', { workspaceId: a.workspaceId })
    const tree = (await a.json(`/api/projects/${a.projectId}`)) as Json
    app.registry.change(tree.treeDocId as string, attacker.id, (doc) => {
      addNode(doc, { id: 'victim-secret', title: 'Looks harmless' })
    })
    const as = client(a.server, attacker.cookie)
    const leaked = (bytes: Uint8Array) => {
      const texts = [strFromU8(bytes, true)]
      try {
        for (const entry of Object.values(unzipSync(bytes))) texts.push(strFromU8(entry))
      } catch {
        // A single page (.md, .html) is no zip.
      }
      const file = texts.join('\n')
      const json = texts.find((t) => t.startsWith('{"format"'))
      const states = json ? (JSON.parse(json) as KeelExport).docs.map((d) => Buffer.from(d.state, 'base64').toString('latin1')).join('') : ''
      return /victim-secret|Buy Globex|Looks harmless/.test(file + states)
    }
    for (const format of ['json', 'md', 'html']) {
      const res = await as.get(`/api/projects/${a.projectId}/export?format=${format}`)
      expect(res.status, format).toBe(200)
      expect(leaked(new Uint8Array(await res.arrayBuffer())), format).toBe(false)
    }
    // Under a page, for the subtree export.
    app.registry.change(tree.treeDocId as string, attacker.id, (doc) => {
      ;(doc.getMap('nodes').get('victim-secret') as Y.Map<unknown>).set('parentId', 'welcome')
    })
    for (const format of ['json', 'md', 'html']) {
      const res = await as.get(`/api/docs/welcome/export?format=${format}&subtree=1`)
      expect(res.status, format).toBe(200)
      expect(leaked(new Uint8Array(await res.arrayBuffer())), format).toBe(false)
    }
    // The page itself, through the demo project's route: not the attacker's to read.
    expect((await as.get('/api/docs/victim-secret/export?format=json')).status).toBe(404)
  })

  it('refuses at once a zip repeating its manifest record thousands of times, and keeps answering others', async () => {
    const a = await seeded()
    const file = await manifestOf(a.get(`/api/projects/${a.projectId}/export?format=json`))
    const zip = zipSync({ 'keel-export.json': strToU8(JSON.stringify(file)) })
    // The one central directory record, repeated 65,535 times: every copy names the same local entry.
    const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength)
    const eocd = zip.byteLength - 22
    const cdSize = view.getUint32(eocd + 12, true)
    const cdOffset = view.getUint32(eocd + 16, true)
    const record = zip.subarray(cdOffset, cdOffset + cdSize)
    const copies = 65_535
    const crafted = new Uint8Array(cdOffset + cdSize * copies + 22)
    crafted.set(zip.subarray(0, cdOffset))
    for (let i = 0; i < copies; i++) crafted.set(record, cdOffset + i * cdSize)
    crafted.set(zip.subarray(eocd), cdOffset + cdSize * copies)
    const out = new DataView(crafted.buffer)
    const end = cdOffset + cdSize * copies
    out.setUint16(end + 8, copies, true)
    out.setUint16(end + 10, copies, true)
    out.setUint32(end + 12, cdSize * copies, true)
    const url = `/api/workspaces/${a.workspaceId}/import/keel-json`
    const [refused, health] = await Promise.all([a.post(url, crafted, 'application/zip'), a.get('/api/health')])
    expect(refused.status).toBe(422)
    expect(((await refused.json()) as { error: { message: string } }).error.message).toBe('the zip holds keel-export.json twice: not a Keel export')
    expect(health.status).toBe(200)
    // Many distinct entries: refused by count before any is inflated.
    const many = zipSync(Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`e${i}.txt`, strToU8('x')])))
    const counted = await a.post(url, many, 'application/zip')
    expect(counted.status).toBe(422)
    expect(((await counted.json()) as { error: { message: string } }).error.message).toMatch(/^the zip holds more than 4 entries/)
    expect(((await a.json(`/api/workspaces/${a.workspaceId}/projects`)) as Json[]).length).toBe(1)
  })

  it('builds one export at a time server-wide: another meanwhile gets 429, and the server keeps answering', async () => {
    const a = await seeded()
    const { app } = a.server
    // A project big enough that its export takes many turns of the event loop (it yields after every page).
    const big = a.server.fixture.directory.createProject(a.workspaceId, 'Big')
    const pages = Array.from({ length: 300 }, (_, i) => ({ id: `big-${i}`, title: `Page ${i}` }))
    app.hub.createDocs(pages, big.id)
    for (const p of pages)
      app.registry.change(p.id, a.owner.id, (doc) => {
        const para = new Y.XmlElement('paragraph')
        para.insert(0, [new Y.XmlText('lorem ipsum '.repeat(200))])
        doc.getXmlFragment('default').push([para])
      })
    app.registry.change(big.treeDocId, a.owner.id, (doc) => addNodes(doc, pages))
    const [first, second, health] = await Promise.all([
      a.get(`/api/projects/${big.id}/export?format=json`),
      new Promise((r) => setTimeout(r, 20)).then(() => a.get(`/api/projects/${big.id}/export?format=html`)),
      new Promise((r) => setTimeout(r, 20)).then(() => a.get('/api/health')),
    ])
    expect(first.status).toBe(200)
    expect(second.status).toBe(429)
    expect(await second.json()).toEqual({ error: { code: 'export_busy', message: 'another export is running on this server: try again in a moment' } })
    expect(health.status).toBe(200)
    expect((await manifestOf(Promise.resolve(first))).docs).toHaveLength(300)
    // Once it is done, the next one runs.
    expect((await a.get(`/api/projects/${big.id}/export?format=html`)).status).toBe(200)
  })

  it("a project's live page with no tree node is exported at the top level, not dropped", async () => {
    const a = await seeded()
    const { app } = a.server
    app.hub.createDoc('loose-page', a.projectId, 'Loose page')
    app.registry.change('loose-page', a.owner.id, (doc) => {
      const p = new Y.XmlElement('paragraph')
      p.insert(0, [new Y.XmlText('Nobody put me in the tree')])
      doc.getXmlFragment('default').push([p])
    })
    const file = await manifestOf(a.get(`/api/projects/${a.projectId}/export?format=json`))
    const node = file.tree.find((n) => n.id === 'loose-page')
    expect(node).toMatchObject({ title: 'Loose page', parentId: null })
    // After every page of the tree, with a key of its own.
    expect(file.tree.at(-1)!.id).toBe('loose-page')
    expect(file.tree.filter((n) => n.parentId === null && n.order >= node!.order)).toHaveLength(1)
    expect(file.docs.map((d) => d.id)).toContain('loose-page')
    const files = unzipSync(new Uint8Array(await (await a.get(`/api/projects/${a.projectId}/export?format=md`)).arrayBuffer()))
    expect(strFromU8(files['Loose page.md']!)).toContain('Nobody put me in the tree')
  })

  it('refuses an export past its bounds with 413 export_too_large, before reading any page', async () => {
    const a = await seeded()
    const { app } = a.server
    const parts = { registry: app.registry, store: app.store, hub: app.hub, tasks: app.tasks, directory: app.directory, titleOf: () => '' }
    const db = openDatabase(path.join(a.server.dir, 'keel.db'), { synchronous: 'normal' })
    cleanups.push(() => db.close())
    const service = (bounds: { maxPages: number; maxBytes: number }) => new ExportService({ ...parts, exports: new SqliteExportStore(db), bounds })
    const refusal = (fn: () => unknown) => {
      try {
        fn()
      } catch (err) {
        return { status: (err as HttpError).status, code: (err as HttpError).code, message: (err as Error).message }
      }
      return null
    }
    expect(refusal(() => service({ maxPages: 3, maxBytes: 1e9 }).exportProject(a.projectId, 'md'))).toEqual({
      status: 413,
      code: 'export_too_large',
      message: '4 pages is more than one export holds (3): export a subtree',
    })
    // Within the bounds the build runs: wait for it, so it does not outlive the test's database.
    let built: Promise<unknown> | null = null
    expect(refusal(() => (built = service({ maxPages: 3, maxBytes: 1e9 }).exportDoc('welcome', true, 'md')))).toBeNull()
    await expect(built).resolves.toBeTruthy()
    expect(refusal(() => service({ maxPages: 10, maxBytes: 100 }).exportDoc('welcome', false, 'json'))).toMatchObject({ status: 413, code: 'export_too_large' })
  })

  it('refuses bad files with 422 naming the document, and what others may not do', async () => {
    const a = await seeded()
    const file = await manifestOf(a.get(`/api/projects/${a.projectId}/export?format=json`))
    const url = `/api/workspaces/${a.workspaceId}/import/keel-json`
    const bad = async (f: unknown) => {
      const res = await a.post(url, JSON.stringify(f))
      return { status: res.status, body: (await res.json()) as { error: { code: string; message: string } } }
    }
    const id = file.docs[1]!.id
    const notBase64 = await bad({ ...file, docs: file.docs.map((d, i) => (i === 1 ? { ...d, state: '***not base64***' } : d)) })
    expect(notBase64.status).toBe(422)
    expect(notBase64.body.error).toEqual({ code: 'invalid_import', message: `docs[1] (id ${id}): state is not base64` })
    const notYjs = await bad({
      ...file,
      docs: file.docs.map((d, i) => (i === 1 ? { ...d, state: Buffer.from('hello world, not yjs').toString('base64') } : d)),
    })
    expect(notYjs.status).toBe(422)
    expect(notYjs.body.error.message).toMatch(new RegExp(`^docs\\[1\\] \\(id ${id}\\): state is not a Yjs update`))
    const wrong = await bad({ ...file, format: 'something else' })
    expect(wrong.status).toBe(422)
    expect(wrong.body.error.message).toMatch(/^not a Keel export: format/)
    const orphan = await bad({ ...file, tree: [...file.tree, { id: 'nowhere', title: 'x', parentId: null, order: 'a9' }] })
    expect(orphan.body.error.message).toBe('tree node nowhere has no document')
    const badOrder = await bad({ ...file, tree: file.tree.map((n, i) => (i === 0 ? { ...n, order: 'not a key' } : n)) })
    expect(badOrder.body.error.message).toBe(`tree node ${file.tree[0]!.id}: order "not a key" is not a position key`)
    const zipAnswer = async (bytes: Uint8Array) => {
      const res = await a.post(url, bytes, 'application/zip')
      return { status: res.status, message: ((await res.json()) as { error: { message: string } }).error.message }
    }
    expect(await zipAnswer(strToU8('PK not really a zip'))).toMatchObject({ status: 422, message: expect.stringMatching(/^not a zip file/) })
    expect(await zipAnswer(zipSync({ 'other.json': strToU8('{}') }))).toEqual({ status: 422, message: 'the zip holds no keel-export.json: not a Keel export' })
    expect(await zipAnswer(zipSync({ 'keel-export.json': strToU8('{nope') }))).toEqual({ status: 422, message: 'keel-export.json is not valid JSON' })
    const twice = await bad({ ...file, docs: [...file.docs, file.docs[0]] })
    expect(twice.body.error.message).toBe(`docs[4] (id ${file.docs[0]!.id}): the same id twice`)
    // More documents than one import takes (EXPORT_LIMITS.maxImportDocs): refused by the schema.
    const many = Array.from({ length: EXPORT_LIMITS.maxImportDocs + 1 }, (_, i) => ({ ...file.docs[0]!, id: `d${i}`, state: 'AAA=' }))
    const tooMany = await bad({ ...file, docs: many, tree: [] })
    expect(tooMany.status).toBe(422)
    expect(tooMany.body.error.message).toMatch(/^not a Keel export: docs: /)
    // Nothing of those was created.
    expect(((await a.json(`/api/workspaces/${a.workspaceId}/projects`)) as Json[]).length).toBe(1)

    // A viewer exports; an editor may not import (creating projects is the owners').
    const viewer = a.server.fixture.user('Viewer', 'viewer', { workspaceId: a.workspaceId })
    const editor = a.server.fixture.user('Editor', 'editor', { workspaceId: a.workspaceId })
    expect((await client(a.server, viewer.cookie).get(`/api/projects/${a.projectId}/export?format=html`)).status).toBe(200)
    expect((await client(a.server, editor.cookie).post(url, JSON.stringify(file))).status).toBe(403)
  })
})
