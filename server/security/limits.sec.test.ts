import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { type Limits, limits } from '#shared/limits'
import { CloseCode } from '#shared/protocol/index'
import { openDatabase } from '../db/open.ts'
import { SqliteStore } from '../store/sqlite-store.ts'
import { connectClient, startServer, tempDir, textOf, waitFor } from '../test/harness.ts'
import { sameOrigin } from '../test/same-origin.ts'
import { EXPERIMENT_KIND } from '../ml/block-kinds.ts'

/**
 * Document limits on every write path (finding: REST writes grew a document to 38 MB, after which
 * nobody could even delete), structure limits (many tiny structs under the byte limit), and cold
 * reads that share one load.
 */
describe('document limits', () => {
  const cleanups: (() => unknown)[] = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })

  async function server(overrides: Partial<Limits> = {}, deps: Parameters<typeof startServer>[2] = {}, dir?: string) {
    const s = await startServer({ limits: { ...limits, ...overrides } }, dir, deps)
    cleanups.push(s.close)
    return s
  }

  /** A client whose close code is recorded; plain y-websocket (it does not split anything). */
  function client(s: Awaited<ReturnType<typeof server>>, docId: string) {
    const c = connectClient(s.wsUrl, docId, { acks: true })
    cleanups.push(c.destroy)
    const closes: number[] = []
    c.provider.on('connection-close', (e) => closes.push(e?.code ?? 0))
    return Object.assign(c, { closes })
  }

  it('refuses a REST write that would grow a document past its byte limit with 413, storing nothing', async () => {
    const s = await server({ maxDocumentBytes: 64 * 1024 })
    const docId = s.fixture.ensureDoc('runs-doc')
    s.app.hub.setBlocks(docId, EXPERIMENT_KIND, new Set(['blk']))
    const post = (runId: string) =>
      fetch(`${s.url}/api/projects/${s.fixture.projectId}/experiments/blk/runs`, {
        method: 'POST',
        headers: { cookie: s.fixture.owner.cookie, ...sameOrigin(s), 'content-type': 'application/json' },
        body: JSON.stringify({ runId, notes: `${runId} `.repeat(1200) }),
      })
    let refused: Response | null = null
    for (let i = 0; i < 20 && !refused; i++) {
      const res = await post(`run-${i}`)
      if (res.status === 413) refused = res
      else expect(res.status).toBe(201)
    }
    expect(refused, 'a write past the limit is refused').not.toBeNull()
    expect(((await refused!.json()) as { error: { code: string } }).error.code).toBe('document_too_large')
    const stored = s.app.store.meta(docId)!
    expect(stored.storedBytes).toBeLessThanOrEqual(64 * 1024)
    // Refused again without loading anything, and nothing of either attempt was stored.
    expect((await post('run-x')).status).toBe(413)
    expect(s.app.store.meta(docId)!.lastSeq).toBe(stored.lastSeq)
    const runs = (await (
      await fetch(`${s.url}/api/projects/${s.fixture.projectId}/experiments/blk/runs`, { headers: { cookie: s.fixture.owner.cookie } })
    ).json()) as { runId: string }[]
    expect(runs.map((r) => r.runId)).not.toContain('run-x')
    expect(runs.length).toBe(stored.lastSeq)
  })

  it('keeps everyone on a document connected and syncing when a REST write to it is refused', async () => {
    // Finding: the refused change was already in the room's doc, so the room was dropped and every
    // socket on the document closed with 4500; any editor could repeat it.
    const s = await server({ maxDocumentBytes: 64 * 1024 })
    const docId = s.fixture.ensureDoc('shared-runs')
    s.app.hub.setBlocks(docId, EXPERIMENT_KIND, new Set(['blk']))
    const bystander = client(s, docId)
    const watcher = client(s, docId)
    await Promise.all([bystander.synced(), watcher.synced()])
    const post = (runId: string) =>
      fetch(`${s.url}/api/projects/${s.fixture.projectId}/experiments/blk/runs`, {
        method: 'POST',
        headers: { cookie: s.fixture.owner.cookie, ...sameOrigin(s), 'content-type': 'application/json' },
        body: JSON.stringify({ runId, notes: `${runId} `.repeat(1200) }),
      })
    const runsIn = (doc: Y.Doc) => [...doc.getMap('experiments').keys()].filter((k) => k.endsWith('\u0001f\u0001start')).length
    let accepted = 0
    let refused = false
    for (let i = 0; i < 20 && !refused; i++) {
      const res = await post(`run-${i}`)
      if (res.status === 413) refused = true
      else expect(res.status).toBe(201)
      if (res.status === 201) accepted++
    }
    expect(refused, 'a write past the limit is refused').toBe(true)
    expect((await post('run-x')).status).toBe(413)
    const room = s.app.registry.get(docId)
    // Every accepted run arrived live, nothing of the refused ones, and no socket was closed.
    await waitFor(() => runsIn(bystander.doc) === accepted && runsIn(watcher.doc) === accepted, 'the accepted runs synced')
    await new Promise((r) => setTimeout(r, 50))
    expect(bystander.closes).toEqual([])
    expect(watcher.closes).toEqual([])
    expect(bystander.provider.wsconnected && watcher.provider.wsconnected).toBe(true)
    expect(s.app.registry.get(docId), 'the room stayed loaded').toBe(room)
    expect(runsIn(s.app.registry.readCommitted(docId))).toBe(accepted)
    // Still syncing: an edit of the bystander is stored and reaches the other socket.
    bystander.doc.getText('text').insert(0, 'still here')
    await waitFor(bystander.allAcked, 'the bystander edit acknowledged')
    await waitFor(() => watcher.doc.getText('text').toString() === 'still here', 'the watcher has it')
    expect(bystander.closes).toEqual([])
    expect(watcher.closes).toEqual([])
  })

  it('holds every other REST write path to the limit: tasks, duplicates (content stored directly)', async () => {
    const max = 64 * 1024
    const s = await server({ maxDocumentBytes: max })
    const docId = s.fixture.ensureDoc('full-page')
    const legacy = new Y.Doc()
    const p = new Y.XmlElement('paragraph')
    legacy.getXmlFragment('default').insert(0, [p])
    p.insert(0, [new Y.XmlText('y'.repeat(90_000))])
    s.app.store.append([{ docId, data: Y.encodeStateAsUpdate(legacy), userId: 'legacy', at: Date.now() }])
    const call = (method: string, path: string, body: unknown) =>
      fetch(`${s.url}${path}`, {
        method,
        headers: { cookie: s.fixture.owner.cookie, ...sameOrigin(s), 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
    const seq = s.app.store.meta(docId)!.lastSeq
    const task = await call('POST', `/api/docs/${docId}/tasks`, { title: 'One more task' })
    expect(task.status).toBe(413)
    expect(((await task.json()) as { error: { code: string } }).error.code).toBe('document_too_large')
    expect(s.app.store.meta(docId)!.lastSeq).toBe(seq)
    const docsBefore = s.app.hub.docsOf(s.fixture.projectId).length
    const copy = await call('POST', `/api/docs/${docId}/duplicate`, {})
    expect(copy.status).toBe(413)
    expect(s.app.hub.docsOf(s.fixture.projectId).length).toBe(docsBefore)
  })

  it('lets deletions shrink a document stored over the limit, then ordinary edits work again', async () => {
    const max = 64 * 1024
    const s = await server({ maxDocumentBytes: max })
    const docId = s.fixture.ensureDoc('legacy-big')
    // Legacy data: written straight through the store, 100 KB of text, past today's limit.
    const legacy = new Y.Doc()
    legacy.getText('text').insert(0, 'x'.repeat(100_000))
    s.app.store.append([{ docId, data: Y.encodeStateAsUpdate(legacy), userId: 'legacy', at: Date.now() }])
    const editor = client(s, docId)
    const reader = client(s, docId)
    await Promise.all([editor.synced(), reader.synced()])
    const text = editor.doc.getText('text')

    // A pure deletion: accepted although the document is over the limit.
    text.delete(0, 30_000)
    await waitFor(editor.allAcked, 'the deletion acknowledged')
    // A replacement that removes far more than it adds: accepted too.
    editor.doc.transact(() => {
      text.delete(0, 60_000)
      text.insert(0, 'short now. ')
    })
    await waitFor(editor.allAcked, 'the replacement acknowledged')
    // Compaction brings the stored size down, so the limit no longer stands in the way.
    await waitFor(() => s.app.store.meta(docId)!.storedBytes < max, 'compacted under the limit')
    text.insert(text.length, 'and typing works again')
    await waitFor(editor.allAcked, 'an ordinary edit acknowledged')
    await waitFor(() => textOf(reader.doc) === textOf(editor.doc), 'the reader has it all')
    expect(textOf(reader.doc)).toBe(`short now. ${'x'.repeat(10_000)}and typing works again`)
    expect(editor.closes).toEqual([])
    expect(reader.closes).toEqual([])
  })

  it('closes an update with too many structures with 4414; a bystander on the document stays', async () => {
    const s = await server({ maxStructsPerUpdate: 1000 })
    const docId = s.fixture.ensureDoc('many-structs')
    const attacker = client(s, docId)
    const bystander = client(s, docId)
    await Promise.all([attacker.synced(), bystander.synced()])
    const text = attacker.doc.getText('text')
    text.insert(0, 'seed text for scattering')
    await waitFor(attacker.allAcked, 'seed acknowledged')
    // 2,000 one-character inserts at scattered places in one transaction: 2,000 structs, ~20 KB.
    attacker.doc.transact(() => {
      for (let i = 0; i < 2000; i++) text.insert((i * 7919) % text.length, 'a')
    })
    await waitFor(() => attacker.closes.length > 0, 'attacker closed')
    expect(attacker.closes[0]).toBe(CloseCode.UpdateTooComplex)
    expect(attacker.provider.shouldConnect).toBe(false)
    await new Promise((r) => setTimeout(r, 50))
    expect(textOf(bystander.doc)).toBe('seed text for scattering')
    expect(bystander.provider.wsconnected).toBe(true)
    bystander.doc.getText('text').insert(0, 'still editing: ')
    await waitFor(bystander.allAcked, 'the bystander edits on')
    expect(bystander.closes).toEqual([])
  })

  it('refuses structs past the per-document limit with 4413; deletions still pass', async () => {
    const s = await server({ maxStructsPerUpdate: 1000, maxStructsPerDocument: 3000 })
    const docId = s.fixture.ensureDoc('struct-heavy')
    const bystander = client(s, docId)
    const writer = client(s, docId)
    await Promise.all([writer.synced(), bystander.synced()])
    const text = writer.doc.getText('text')
    text.insert(0, 'base')
    let batches = 0
    while (writer.closes.length === 0 && batches < 10) {
      writer.doc.transact(() => {
        for (let i = 0; i < 900; i++) text.insert((i * 7919) % text.length, 'a')
      })
      batches++
      await waitFor(() => writer.allAcked() || writer.closes.length > 0, `batch ${batches}`)
    }
    expect(writer.closes[0]).toBe(CloseCode.DocumentTooLarge)
    expect(batches).toBe(4) // 3 × 900 fit under 3,000, the fourth does not
    const room = s.app.registry.get(docId)!
    expect(room.structCount).toBeLessThanOrEqual(3000)
    // A deletion from the bystander is accepted although the document is at its limit.
    await waitFor(() => bystander.doc.getText('text').length >= 2704, 'bystander synced')
    bystander.doc.getText('text').delete(0, 100)
    await waitFor(bystander.allAcked, 'deletion acknowledged')
    expect(bystander.closes).toEqual([])
  })

  it('serves concurrent cold reads of one document from one load, and fresh after an edit', async () => {
    const { dir } = tempDir()
    const db = openDatabase(`${dir}/keel.db`, { synchronous: 'normal' })
    const loads = new Map<string, number>()
    class CountingStore extends SqliteStore {
      override load(docId: string) {
        loads.set(docId, (loads.get(docId) ?? 0) + 1)
        return super.load(docId)
      }
    }
    const s = await server({}, { db, store: new CountingStore(db) }, dir)
    const docId = s.fixture.ensureDoc('cold-read')
    const source = new Y.Doc()
    const p = new Y.XmlElement('paragraph')
    source.getXmlFragment('default').insert(0, [p])
    p.insert(0, [new Y.XmlText('stored long ago')])
    s.app.store.append([{ docId, data: Y.encodeStateAsUpdate(source), userId: 'legacy', at: Date.now() }])
    const read = async () => {
      const res = await fetch(`${s.url}/api/docs/${docId}/content`, { headers: { cookie: s.fixture.owner.cookie } })
      expect(res.status).toBe(200)
      return (await res.json()) as { id: string; lastSeq: number; content: { content: { content: { text: string }[] }[] } }
    }
    const text = (c: Awaited<ReturnType<typeof read>>) => c.content.content[0]!.content[0]!.text
    const first = await Promise.all([read(), read(), read()])
    for (const c of first) expect(text(c)).toBe('stored long ago')
    expect(first[0]!).toMatchObject({ id: docId, lastSeq: 1 })
    expect(loads.get(docId)).toBe(1)
    await Promise.all([read(), read(), fetch(`${s.url}/api/docs/${docId}`, { headers: { cookie: s.fixture.owner.cookie } })])
    expect(loads.get(docId)).toBe(1)
    // An edit makes a new version: the next read renders it, still without another load.
    const editor = connectClient(s.wsUrl, docId, { acks: true })
    cleanups.push(editor.destroy)
    await editor.synced()
    const t = (editor.doc.getXmlFragment('default').get(0) as Y.XmlElement).get(0) as Y.XmlText
    t.insert(0, 'edited, ')
    await waitFor(editor.allAcked, 'edit acknowledged')
    const after = await read()
    expect(text(after)).toBe('edited, stored long ago')
    expect(after.lastSeq).toBe(2)
    expect(loads.get(docId)).toBe(1)
  })
})
