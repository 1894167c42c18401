import { afterEach, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import type { VersionList, VersionMeta } from '#shared/api/history'
import { fragmentToJson, jsonToText } from '#shared/doc/fragment'
import { connectClient, startServer, tempDir, type TestClient, waitFor } from '../test/harness.ts'
import type { Config } from '../config.ts'

/** Top-level blocks' text, in order. */
const texts = (doc: Y.Doc): string[] => (fragmentToJson(doc.getXmlFragment('default')).content ?? []).map(jsonToText)

function paragraph(doc: Y.Doc, line: string): void {
  paragraphs(doc, line)
}

function paragraphs(doc: Y.Doc, ...lines: string[]): void {
  doc.transact(() => {
    const fragment = doc.getXmlFragment('default')
    for (const line of lines) {
      const p = new Y.XmlElement('paragraph')
      fragment.insert(fragment.length, [p])
      p.insert(0, [new Y.XmlText(line)])
    }
  })
}

/** Appends `suffix` to the text of top-level block `index`. */
function append(doc: Y.Doc, index: number, suffix: string): void {
  const text = (doc.getXmlFragment('default').get(index) as Y.XmlElement).get(0) as Y.XmlText
  text.insert(text.length, suffix)
}

describe('version history through the server', () => {
  const cleanups: (() => unknown)[] = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })

  async function setup(overrides: Partial<Config> = {}) {
    const server = await startServer(overrides)
    cleanups.push(server.close)
    const { fixture } = server
    const api = async <T = Record<string, unknown>>(method: string, path: string, body?: unknown, cookie = fixture.owner.cookie) => {
      const res = await fetch(`${server.url}${path}`, {
        method,
        headers: { cookie, origin: server.url, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      })
      const text = await res.text()
      return { status: res.status, text, body: (text.startsWith('{') ? JSON.parse(text) : null) as T }
    }
    const open = async (docId: string) => {
      const c = connectClient(server.wsUrl, docId, { acks: true })
      cleanups.push(c.destroy)
      await c.synced()
      return c
    }
    const settled = async (...clients: TestClient[]) => {
      for (const c of clients) await waitFor(() => c.provider.synced && c.allAcked(), 'acknowledged')
    }
    const versions = async (docId: string) => (await api<VersionList>('GET', `/api/docs/${docId}/versions`)).body.versions
    return { server, fixture, api, open, settled, versions }
  }

  it('two live clients: one restores a named version over REST, both converge to it, and the restore can be undone', async () => {
    const { api, open, settled, versions } = await setup()
    const a = await open('restore-live')
    const b = await open('restore-live')
    paragraphs(a.doc, 'one', 'two', 'three')
    await settled(a)
    const named = await api<VersionMeta>('POST', '/api/docs/restore-live/versions', { name: 'Spec frozen' })
    expect(named.status).toBe(201)
    expect(named.body).toMatchObject({ kind: 'named', name: 'Spec frozen', fromSeq: 1, open: false, createdBy: { name: 'Test Owner' } })
    await waitFor(() => texts(b.doc).length === 3, 'b has the paragraphs')
    append(a.doc, 1, ' changed')
    paragraphs(a.doc, 'four')
    b.doc.getXmlFragment('default').delete(0, 1)
    await settled(a, b)
    await waitFor(() => JSON.stringify(texts(a.doc)) === JSON.stringify(texts(b.doc)), 'a and b agree')
    const edited = texts(a.doc)
    expect(edited).toEqual(['two changed', 'three', 'four'])

    const restored = await api<{ version: VersionMeta }>('POST', `/api/docs/restore-live/versions/${named.body.id}/restore`, {})
    expect(restored.status).toBe(200)
    expect(restored.body.version).toMatchObject({ kind: 'restore', restoredFrom: named.body.id, createdBy: { name: 'Test Owner' } })
    for (const c of [a, b]) await waitFor(() => JSON.stringify(texts(c.doc)) === JSON.stringify(['one', 'two', 'three']), 'restored everywhere')

    // The edits before the restore were closed into a version of their own: restoring it undoes the restore.
    const list = await versions('restore-live')
    expect(list.map((v) => v.kind)).toEqual(['restore', 'auto', 'named'])
    const before = list[1]!
    expect(before.toSeq).toBe(restored.body.version.fromSeq - 1)
    expect((await api('POST', `/api/docs/restore-live/versions/${before.id}/restore`, {})).status).toBe(200)
    for (const c of [a, b]) await waitFor(() => JSON.stringify(texts(c.doc)) === JSON.stringify(edited), 'undone everywhere')
  })

  it("a peer's update still queued for commit at restore time belongs to the version before the restore, and Undo keeps it", async () => {
    // A long group-commit window: updates wait in the room until something flushes them.
    const { server, api, open, versions } = await setup({ commitWindowMs: 60_000 })
    const room = () => server.app.registry.get('restore-queued')
    const a = await open('restore-queued')
    const b = await open('restore-queued')
    paragraphs(a.doc, 'one', 'two', 'three')
    // The paragraphs may reach the server as more than one update: flush until all are through.
    await waitFor(() => {
      server.app.registry.committer.flush()
      return texts(b.doc).length === 3
    }, 'b has the paragraphs')
    const v1 = (await api<VersionMeta>('POST', '/api/docs/restore-queued/versions', { name: 'v1' })).body
    append(b.doc, 0, ' by b')
    await waitFor(() => room()?.hasPending === true, "b's edit queued, not committed")
    expect((await api('POST', `/api/docs/restore-queued/versions/${v1.id}/restore`, {})).status).toBe(200)
    for (const c of [a, b]) await waitFor(() => JSON.stringify(texts(c.doc)) === JSON.stringify(['one', 'two', 'three']), 'restored everywhere')
    const list = await versions('restore-queued')
    expect(list.map((v) => v.kind)).toEqual(['restore', 'auto', 'named'])
    expect((await api('POST', `/api/docs/restore-queued/versions/${list[1]!.id}/restore`, {})).status).toBe(200)
    for (const c of [a, b]) await waitFor(() => JSON.stringify(texts(c.doc)) === JSON.stringify(['one by b', 'two', 'three']), "undo keeps b's edit")
  })

  it('a restore whose version cannot be recorded still answers with the committed change, and the retry records it as a restore', async () => {
    const { server, api, open, settled, versions } = await setup({ historyIdleMs: 200 })
    const a = await open('restore-record-fails')
    paragraphs(a.doc, 'one', 'two')
    await settled(a)
    const v1 = (await api<VersionMeta>('POST', '/api/docs/restore-record-fails/versions', { name: 'v1' })).body
    paragraphs(a.doc, 'three')
    await settled(a)
    const store = server.app.history
    const add = store.addVersion.bind(store)
    let refused = 0
    const spy = vi.spyOn(store, 'addVersion').mockImplementation((row, ranges) => {
      if (row.kind === 'restore' && refused++ === 0) throw new Error('disk full')
      return add(row, ranges)
    })
    cleanups.push(() => spy.mockRestore())
    const restored = await api<{ version: VersionMeta }>('POST', `/api/docs/restore-record-fails/versions/${v1.id}/restore`, {})
    expect(restored.status).toBe(200)
    expect(restored.body.version).toMatchObject({ open: true })
    await waitFor(() => JSON.stringify(texts(a.doc)) === JSON.stringify(['one', 'two']), 'restored')
    let list: VersionMeta[] = []
    // The tracker retries the failed close after its backoff (at most the idle time).
    for (let i = 0; i < 200 && list[0]?.kind !== 'restore'; i++) {
      await new Promise((r) => setTimeout(r, 50))
      list = await versions('restore-record-fails')
    }
    expect(list.map((v) => [v.kind, v.restoredFrom])).toEqual([
      ['restore', v1.id],
      ['auto', null],
      ['named', null],
    ])
  })

  it('an offline client that edited an untouched paragraph keeps its edit after a restore', async () => {
    const { api, open, settled } = await setup()
    const a = await open('restore-offline')
    const b = await open('restore-offline')
    paragraphs(a.doc, 'Alpha', 'Beta', 'Gamma')
    await settled(a)
    await waitFor(() => texts(b.doc).length === 3, 'b has the paragraphs')
    const v1 = (await api<VersionMeta>('POST', '/api/docs/restore-offline/versions', { name: 'v1' })).body
    b.provider.disconnect()
    append(a.doc, 2, ' online')
    await settled(a)
    append(b.doc, 0, ' offline')
    expect((await api('POST', `/api/docs/restore-offline/versions/${v1.id}/restore`, {})).status).toBe(200)
    await waitFor(() => JSON.stringify(texts(a.doc)) === JSON.stringify(['Alpha', 'Beta', 'Gamma']), 'a restored')
    b.provider.connect()
    await settled(b)
    for (const c of [a, b])
      await waitFor(() => JSON.stringify(texts(c.doc)) === JSON.stringify(['Alpha offline', 'Beta', 'Gamma']), 'offline edit kept after the restore')
  })

  it('an offline edit inside a paragraph the restore changes is kept (the paragraph keeps its Y items)', async () => {
    const { api, open, settled } = await setup()
    const a = await open('restore-offline-changed')
    const b = await open('restore-offline-changed')
    paragraphs(a.doc, 'Alpha', 'Beta', 'Gamma')
    await settled(a)
    await waitFor(() => texts(b.doc).length === 3, 'b has the paragraphs')
    const v1 = (await api<VersionMeta>('POST', '/api/docs/restore-offline-changed/versions', { name: 'v1' })).body
    b.provider.disconnect()
    append(a.doc, 1, ' online')
    await settled(a)
    append(b.doc, 1, ' offline')
    expect((await api('POST', `/api/docs/restore-offline-changed/versions/${v1.id}/restore`, {})).status).toBe(200)
    await waitFor(() => JSON.stringify(texts(a.doc)) === JSON.stringify(['Alpha', 'Beta', 'Gamma']), 'a restored')
    b.provider.connect()
    await settled(b)
    for (const c of [a, b]) await waitFor(() => JSON.stringify(texts(c.doc)) === JSON.stringify(['Alpha', 'Beta offline', 'Gamma']), 'offline edit kept')
  })

  it('an offline edit inside a block the restore deletes is lost, as documented (Yjs drops inserts into deleted types)', async () => {
    const { api, open, settled } = await setup()
    const a = await open('restore-offline-deleted')
    const b = await open('restore-offline-deleted')
    paragraphs(a.doc, 'Alpha', 'Beta')
    await settled(a)
    const v1 = (await api<VersionMeta>('POST', '/api/docs/restore-offline-deleted/versions', { name: 'v1' })).body
    paragraphs(a.doc, 'Gamma')
    await settled(a)
    await waitFor(() => texts(b.doc).length === 3, 'b has Gamma')
    b.provider.disconnect()
    append(b.doc, 2, ' offline')
    expect((await api('POST', `/api/docs/restore-offline-deleted/versions/${v1.id}/restore`, {})).status).toBe(200)
    await waitFor(() => JSON.stringify(texts(a.doc)) === JSON.stringify(['Alpha', 'Beta']), 'a restored')
    b.provider.connect()
    await settled(b)
    for (const c of [a, b])
      await waitFor(() => JSON.stringify(texts(c.doc)) === JSON.stringify(['Alpha', 'Beta']), 'the deleted block stays deleted, its offline edit with it')
  })

  it('a burst closes after the idle time (KEEL_HISTORY_IDLE_MINUTES)', async () => {
    const { open, settled, versions } = await setup({ historyIdleMs: 150 })
    const a = await open('idle')
    paragraphs(a.doc, 'typed')
    await settled(a)
    // Open or (on a slow machine) already closed: only what follows waits on the timing.
    expect((await versions('idle'))[0]).toMatchObject({ fromSeq: 1 })
    let list: VersionMeta[] = []
    const deadline = Date.now() + 5000
    while (Date.now() < deadline && !(list.length === 1 && !list[0]!.open)) {
      await new Promise((r) => setTimeout(r, 50))
      list = await versions('idle')
    }
    expect(list).toHaveLength(1)
    expect(list[0]).toMatchObject({ kind: 'auto', open: false, fromSeq: 1, authors: [{ name: 'Test Owner' }] })
  })

  it('a long burst closes at KEEL_HISTORY_MAX_UPDATES, and shutdown closes the open one', async () => {
    const { dir, cleanup } = tempDir()
    cleanups.push(cleanup)
    const first = await startServer({ historyMaxUpdates: 3, historyIdleMs: 3_600_000 }, dir)
    first.fixture.ensureDoc('long')
    for (let i = 0; i < 7; i++) {
      first.app.registry.change('long', first.fixture.owner.id, (d) => paragraph(d, `line ${i}`))
      await new Promise((r) => setImmediate(r))
    }
    const ranges = first.app.history.all('long').map((v) => [v.fromSeq, v.toSeq])
    expect(ranges).toEqual([
      [1, 3],
      [4, 6],
    ])
    await first.close()
    const second = await startServer({}, dir)
    cleanups.push(second.close)
    expect(second.app.history.all('long').map((v) => [v.kind, v.fromSeq, v.toSeq])).toEqual([
      ['auto', 1, 3],
      ['auto', 4, 6],
      ['auto', 7, 7],
    ])
  })

  it('closes the burst when the last editor leaves', async () => {
    const { open, settled, versions } = await setup({ historyIdleMs: 3_600_000 })
    const a = await open('leave')
    paragraphs(a.doc, 'typed')
    await settled(a)
    expect((await versions('leave'))[0]!.open).toBe(true)
    a.provider.disconnect()
    let list: VersionMeta[] = []
    const deadline = Date.now() + 5000
    while (Date.now() < deadline && !(list.length === 1 && !list[0]!.open)) {
      await new Promise((r) => setTimeout(r, 50))
      list = await versions('leave')
    }
    expect(list.map((v) => [v.kind, v.open])).toEqual([['auto', false]])
  })
})
