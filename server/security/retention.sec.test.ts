import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { buildTree, readNodes } from '#shared/hub/tree'
import { CloseCode } from '#shared/protocol/index'
import type { Peer } from '../collab/peer.ts'
import { connectClient, rawSocket, startServer, tempDir, waitFor } from '../test/harness.ts'
import { originFor } from '../test/same-origin.ts'

type Json = Record<string, unknown> & { id: string }
const DAY = 86_400_000

/**
 * "Deleted for good" must not be gone for good at once (finding: one DELETE erased a page and its
 * whole history). A deleted page is hidden everywhere, restorable by a workspace owner, and erased
 * only after KEEL_DELETED_RETENTION_DAYS by the purge job.
 */
describe('deleted pages are kept for the retention period', () => {
  const cleanups: (() => unknown)[] = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })

  async function setup(retentionDays = 30, dir?: string) {
    const server = await startServer({ deletedRetentionDays: retentionDays }, dir)
    cleanups.push(server.close)
    const { fixture } = server
    const api = async (method: string, path: string, body?: unknown, cookie = fixture.owner.cookie) => {
      const res = await fetch(`${server.url}${path}`, {
        method,
        // As the server's own page sends it: writes carry its Origin (the same-origin rule).
        headers: { cookie, ...originFor(server, method), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      })
      return { status: res.status, body: (await res.json()) as Json & Json[] }
    }
    const treeDocId = fixture.directory.project(fixture.projectId)!.treeDocId
    return { server, fixture, api, treeDocId }
  }

  /** A page with content, trashed, then deleted for good. */
  async function deletedPage(s: Awaited<ReturnType<typeof setup>>) {
    const { api, fixture } = s
    const page = await api('POST', `/api/projects/${fixture.projectId}/docs`, { title: 'Quarterly eval notes' })
    expect(page.status).toBe(201)
    const before = await api('GET', `/api/docs/${page.body.id}/content`)
    await api('POST', `/api/docs/${page.body.id}/archive`, {})
    expect((await api('DELETE', `/api/docs/${page.body.id}`)).status).toBe(200)
    return { id: page.body.id, content: before.body.content }
  }

  it('hides a deleted page everywhere, lists it for owners only, and restores it whole', async () => {
    const s = await setup()
    const { api, fixture, server, treeDocId } = s
    const page = await api('POST', `/api/projects/${fixture.projectId}/docs`, { title: 'Quarterly eval notes' })
    const id = page.body.id
    const content = (await api('GET', `/api/docs/${id}/content`)).body.content
    const sidebar = connectClient(server.wsUrl, treeDocId, { acks: true })
    cleanups.push(sidebar.destroy)
    await sidebar.synced()
    await api('POST', `/api/docs/${id}/archive`, {})
    const open = await rawSocket(server.wsUrl, id)
    await waitFor(() => open.received.length > 0, 'doc socket open')
    expect((await api('DELETE', `/api/docs/${id}`)).status).toBe(200)
    expect((await open.closed).code).toBe(CloseCode.DocumentNotFound)

    // Gone from the tree (and so the trash), the project's list, and every document route.
    await waitFor(() => !readNodes(sidebar.doc).some((n) => n.id === id), 'gone from the tree')
    expect(buildTree(readNodes(sidebar.doc)).trash.map((n) => n.id)).not.toContain(id)
    expect((await api('GET', `/api/projects/${fixture.projectId}/docs`)).body.map((d) => d.id)).not.toContain(id)
    expect((await api('GET', `/api/docs/${id}`)).status).toBe(404)
    expect((await api('GET', `/api/docs/${id}/content`)).status).toBe(404)
    const again = await rawSocket(server.wsUrl, id, '', { cookie: fixture.owner.cookie })
    expect((await again.closed).code).toBe(CloseCode.DocumentNotFound)

    // Restorable by a workspace owner only; the data is all still there.
    const editor = fixture.user('Eddie', 'editor')
    // Same-origin requests, so the 403 is the role check's, not the cross-site rule's.
    for (const refused of [
      await api('GET', `/api/workspaces/${fixture.workspaceId}/deleted`, undefined, editor.cookie),
      await api('POST', `/api/workspaces/${fixture.workspaceId}/deleted/${id}/restore`, {}, editor.cookie),
    ]) {
      expect(refused.status).toBe(403)
      expect(refused.body.error).toEqual({ code: 'forbidden', message: 'needs the owner role or higher' })
    }
    const listed = await api('GET', `/api/workspaces/${fixture.workspaceId}/deleted`)
    expect(listed.body.map((d) => d.id)).toEqual([id])
    expect(listed.body[0]).toMatchObject({ title: 'Quarterly eval notes', projectId: fixture.projectId, deletedBy: fixture.owner.id })
    expect(server.app.store.meta(id)).not.toBeNull()

    const restored = await api('POST', `/api/workspaces/${fixture.workspaceId}/deleted/${id}/restore`, {})
    expect(restored.status).toBe(200)
    expect(restored.body).toMatchObject({ id, projectId: fixture.projectId, archivedAt: null })
    await waitFor(() => buildTree(readNodes(sidebar.doc)).byId.has(id), 'back in the tree, live')
    expect((await api('GET', `/api/docs/${id}/content`)).body.content).toEqual(content)
    expect((await api('GET', `/api/workspaces/${fixture.workspaceId}/deleted`)).body).toEqual([])
    const editing = connectClient(server.wsUrl, id, { acks: true })
    cleanups.push(editing.destroy)
    await editing.synced()
    const p = new Y.XmlElement('paragraph')
    editing.doc.getXmlFragment('default').push([p])
    await waitFor(editing.allAcked, 'edits to the restored page are stored')
  })

  it('erases a deleted page only once the retention period has passed', async () => {
    const s = await setup(30)
    const { id } = await deletedPage(s)
    const { server, api, fixture } = s
    expect(server.app.purger.run(Date.now() + 29 * DAY)).toEqual([])
    expect(server.app.store.meta(id)).not.toBeNull()
    expect(server.app.purger.run(Date.now() + 31 * DAY)).toEqual([id])
    expect(server.app.store.meta(id)).toBeNull()
    expect((await api('GET', `/api/workspaces/${fixture.workspaceId}/deleted`)).body).toEqual([])
    expect((await api('POST', `/api/workspaces/${fixture.workspaceId}/deleted/${id}/restore`, {})).status).toBe(404)
  })

  it('purges at start with a 0-day retention', async () => {
    const { dir } = tempDir()
    const first = await setup(30, dir)
    const { id } = await deletedPage(first)
    expect(first.server.app.store.meta(id), 'kept while the retention lasts').not.toBeNull()
    await first.server.close()
    cleanups.pop()
    const second = await setup(0, dir)
    expect(second.server.app.store.meta(id)).toBeNull()
  })

  it('never purges a loaded room with updates queued, and commits nothing for it', async () => {
    const s = await setup(0)
    const { id } = await deletedPage(s)
    const { registry, purger, store } = s.server.app
    // The room is loaded (nobody connected) with an update queued: the commit comes on the next turn.
    registry.readCommitted(id)
    const room = registry.get(id)!
    const peer: Peer = { id: -1, userId: 'u', identity: { id: 'u', name: 'u', color: '#000' }, send() {}, ack() {}, close() {} }
    const writer = new Y.Doc()
    writer.getText('text').insert(0, 'late edit')
    const seqBefore = store.meta(id)!.lastSeq
    registry.enqueue(room, peer, 1, Y.encodeStateAsUpdate(writer))
    expect(room.peers.size).toBe(0)
    expect(purger.run()).toEqual([])
    expect(store.meta(id)!.lastSeq).toBe(seqBefore) // nothing was flushed by the purge
    await waitFor(() => store.meta(id)!.lastSeq === seqBefore + 1, 'the queued update committed')
    expect(purger.run()).toEqual([id])
    expect(store.meta(id)).toBeNull()
  })

  it('never purges a loaded room with sockets connected, and closes none of them', async () => {
    const s = await setup(0)
    const { id } = await deletedPage(s)
    const { registry, purger, store } = s.server.app
    // A peer still in the room (joined before the page went, not yet gone): nothing queued.
    const closes: number[] = []
    const peer: Peer = { id: -2, userId: 'u', identity: { id: 'u', name: 'u', color: '#000' }, send() {}, ack() {}, close: (code) => void closes.push(code) }
    const room = registry.join(id, peer)
    expect(room.peers.size).toBe(1)
    expect(room.hasPending).toBe(false)
    expect(purger.run()).toEqual([])
    expect(store.meta(id)).not.toBeNull()
    expect(registry.get(id)).toBe(room)
    expect(closes).toEqual([])
    // Once it has left, the next run erases the page.
    registry.leave(room, peer)
    expect(purger.run()).toEqual([id])
    expect(store.meta(id)).toBeNull()
  })
})
