import path from 'node:path'
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { KeelExport } from '#shared/export/manifest'
import { addNode, addNodes } from '#shared/hub/tree'
import { EXPORT_LIMITS } from '#shared/limits'
import { openDatabase } from '../db/open.ts'
import type { HttpError } from '../http/errors.ts'
import { ExportService } from './service.ts'
import { SqliteExportStore } from './sqlite-export-store.ts'

import { exportKit, type Json, manifestOf } from './export.testkit.ts'
import { waitFor } from '../test/harness.ts'

/** What export and the Keel-JSON import refuse: other workspaces' pages, bombs, a second build at once, bounds, bad files. */
describe('export and import guards', () => {
  const cleanups: (() => unknown)[] = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })

  const { seeded, client } = exportKit(cleanups)

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
    const firstAnswer = a.get(`/api/projects/${big.id}/export?format=json`)
    // Under load a fixed delay may end before the first request has started: wait until it runs.
    await waitFor(() => app.exporting.isRunning('export'), 'the first export runs')
    const [second, health] = await Promise.all([a.get(`/api/projects/${big.id}/export?format=html`), a.get('/api/health')])
    const first = await firstAnswer
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
    const parts = {
      registry: app.registry,
      store: app.store,
      hub: app.hub,
      tasks: app.tasks,
      directory: app.directory,
      attachments: app.attachments,
      titleOf: () => '',
    }
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
