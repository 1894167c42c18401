import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { InboxEntryView, InboxList } from '#shared/api/inbox'
import { MENTION_NODE } from '#shared/doc/rich-nodes'
import { putItem, recordDecision } from '#shared/ml/checklist'
import { INBOX_LIMITS } from '#shared/limits'
import { connectClient, startServer, type TestClient, waitFor } from '../test/harness.ts'
import type { TestUser } from '../test/fixtures.ts'

/** A paragraph holding "Ask " and an @mention of `userId`, as the editor writes it. */
function paragraphWithMention(doc: Y.Doc, userId: string, name: string): Y.XmlElement {
  const p = new Y.XmlElement('paragraph')
  doc.transact(() => {
    doc.getXmlFragment('default').push([p])
    const mention = new Y.XmlElement(MENTION_NODE)
    p.insert(0, [new Y.XmlText('Ask '), mention, new Y.XmlText(' ')])
    mention.setAttribute('id', userId)
    mention.setAttribute('label', name)
  })
  return p
}

describe('the inbox over a real server', () => {
  const cleanups: (() => unknown)[] = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })

  async function setup() {
    let clock = Date.now()
    const server = await startServer({ unloadDelayMs: 50 }, undefined, { now: () => clock })
    cleanups.push(server.close)
    const { fixture } = server
    const ada = fixture.owner
    const bob = fixture.user('Bob', 'editor')
    const api = async (who: TestUser, method: string, path: string, body?: unknown) => {
      const res = await fetch(`${server.url}${path}`, {
        method,
        headers: { cookie: who.cookie, origin: server.url, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      })
      return { status: res.status, body: (res.status === 204 || res.status === 304 ? null : await res.json()) as Record<string, unknown> }
    }
    const unread = async (who: TestUser) => (await api(who, 'GET', '/api/inbox/unread-count')).body.unread as number
    const inbox = async (who: TestUser) => (await api(who, 'GET', '/api/inbox')).body as unknown as InboxList
    const newDoc = async (title: string) => (await api(ada, 'POST', `/api/projects/${fixture.projectId}/docs`, { title })).body.id as string
    const open = async (docId: string, who: TestUser = ada): Promise<TestClient> => {
      const c = connectClient(server.wsUrl, docId, { acks: true, cookie: who.cookie })
      cleanups.push(c.destroy)
      await c.synced()
      return c
    }
    const settled = (c: TestClient) => waitFor(() => c.provider.synced && c.allAcked(), 'acknowledged')
    return { server, fixture, ada, bob, api, unread, inbox, newDoc, open, settled, tick: (ms: number) => (clock += ms) }
  }

  it('a mention over the socket notifies the member once: not the author, not again on a re-save or a reload', async () => {
    const { ada, bob, unread, inbox, newDoc, open, settled, server } = await setup()
    const docId = await newDoc('Launch plan')
    const a = await open(docId)
    const p = paragraphWithMention(a.doc, bob.id, 'Bob')
    await settled(a)
    expect(await unread(bob)).toBe(1)
    expect(await unread(ada)).toBe(0)
    const [entry] = (await inbox(bob)).entries
    expect(entry).toMatchObject({
      kind: 'mention',
      docId,
      docTitle: 'Launch plan',
      actorId: ada.id,
      actorName: 'Test Owner',
      summary: 'mentioned you',
      readAt: null,
    })

    // Typing more in the same paragraph keeps the mention: nothing new.
    a.doc.transact(() => (p.get(2) as Y.XmlText).insert(1, 'about the rollout'))
    await settled(a)
    expect(await unread(bob)).toBe(1)

    // The room unloads and loads again: the mentions it holds are not news.
    a.destroy()
    await waitFor(() => !server.app.registry.get(docId), 'room unloaded', 10_000, 20)
    const again = await open(docId)
    again.doc.transact(() => (again.doc.getXmlFragment('default').get(0) as Y.XmlElement).setAttribute('textAlign', 'left'))
    await settled(again)
    expect(await unread(bob)).toBe(1)
    expect(server.app.inbox.list(bob.id, { unreadOnly: false, limit: 10 })).toHaveLength(1)
  })

  it('marks one read and all read, only for its own user; entries of a page the user lost are hidden', async () => {
    const { ada, bob, fixture, api, unread, inbox, newDoc, open, settled } = await setup()
    const docId = await newDoc('Spec')
    const a = await open(docId)
    paragraphWithMention(a.doc, bob.id, 'Bob')
    await settled(a)
    const bobEntry = (await inbox(bob)).entries[0]!
    // Ada sees none of Bob's entries and cannot mark them.
    expect((await inbox(ada)).entries).toEqual([])
    expect((await api(ada, 'POST', `/api/inbox/${bobEntry.id}/read`, {})).body).toEqual({ unread: 0 })
    expect(await unread(bob)).toBe(1)
    expect((await api(bob, 'POST', `/api/inbox/${bobEntry.id}/read`, {})).body).toEqual({ unread: 0 })
    expect((await inbox(bob)).entries[0]!.readAt).not.toBeNull()

    const b = await open(docId)
    paragraphWithMention(b.doc, bob.id, 'Bob')
    await settled(b)
    expect(await unread(bob)).toBe(1)
    expect((await api(bob, 'GET', '/api/inbox?unread=true')).body.entries).toHaveLength(1)
    expect((await api(bob, 'POST', '/api/inbox/read-all', {})).body).toEqual({ unread: 0 })
    expect(await unread(bob)).toBe(0)

    paragraphWithMention(b.doc, bob.id, 'Bob')
    await settled(b)
    expect(await unread(bob)).toBe(1)
    fixture.directory.removeMember(fixture.workspaceId, bob.id)
    expect(await unread(bob)).toBe(0)
    expect((await inbox(bob)).entries).toEqual([])
  })

  it('the unread count answers 304 to a tab whose count is unchanged', async () => {
    const { bob, server } = await setup()
    const first = await fetch(`${server.url}/api/inbox/unread-count`, { headers: { cookie: bob.cookie } })
    const etag = first.headers.get('etag')!
    expect(etag).toBeTruthy()
    const second = await fetch(`${server.url}/api/inbox/unread-count`, { headers: { cookie: bob.cookie, 'if-none-match': etag } })
    expect(second.status).toBe(304)
  })

  it('a mention of a non-member notifies nobody', async () => {
    const { fixture, newDoc, open, settled, server } = await setup()
    const stranger = fixture.user('Stranger', null)
    const docId = await newDoc('Private')
    const a = await open(docId)
    paragraphWithMention(a.doc, stranger.id, 'Stranger')
    await settled(a)
    expect(server.app.inbox.unread(stranger.id)).toEqual([])
  })

  it('assigning a task through the API notifies the assignee; its dependency reopened blocks it, done unblocks it', async () => {
    const { ada, bob, api, inbox, newDoc, tick } = await setup()
    const docId = await newDoc('Tasks')
    const clean = (await api(ada, 'POST', `/api/docs/${docId}/tasks`, { title: 'Clean the data', status: 'done' })).body.id as string
    const train = (await api(ada, 'POST', `/api/docs/${docId}/tasks`, { title: 'Train', deps: [clean] })).body.id as string
    expect((await inbox(bob)).entries).toEqual([])
    await api(ada, 'PATCH', `/api/tasks/${train}`, { assignee: bob.id })
    expect((await inbox(bob)).entries.map((e) => [e.kind, e.blockId, e.summary])).toEqual([['assigned', train, 'assigned you “Train”']])
    tick(1)
    await api(ada, 'PATCH', `/api/tasks/${clean}`, { status: 'todo' })
    tick(1)
    await api(ada, 'PATCH', `/api/tasks/${clean}`, { status: 'done' })
    const kinds = (await inbox(bob)).entries.map((e) => [e.kind, e.blockId, e.actorId])
    expect(kinds).toEqual([
      ['unblocked', train, ada.id],
      ['blocked', train, ada.id],
      ['assigned', train, ada.id],
    ])
    // Bob assigning himself hears nothing of it.
    const own = (await api(bob, 'POST', `/api/docs/${docId}/tasks`, { title: 'Mine', assignee: bob.id })).body.id as string
    expect(own).toBeTruthy()
    expect((await inbox(bob)).entries).toHaveLength(3)
  })

  it('a comments.changed event makes mention and reply entries', async () => {
    const { ada, bob, fixture, inbox, newDoc, server } = await setup()
    const cleo = fixture.user('Cleo', 'commenter')
    const docId = await newDoc('Review')
    const base = {
      docId,
      projectId: fixture.projectId,
      threadId: 'th1',
      commentId: 'c2',
      actorId: ada.id,
      text: 'hi @Bob',
      quote: 'the loss curve',
      blockId: null,
    }
    server.app.bus.emit('comments.changed', { ...base, change: 'created', mentioned: [bob.id], participants: [bob.id, cleo.id] })
    const bobs = (await inbox(bob)).entries
    expect(bobs.map((e: InboxEntryView) => [e.kind, e.threadId, e.summary])).toEqual([['mention', 'th1', 'mentioned you in a comment on “the loss curve”']])
    expect((await inbox(cleo)).entries.map((e) => e.kind)).toEqual(['reply'])
    // A resolve notifies nobody.
    server.app.bus.emit('comments.changed', { ...base, change: 'resolved', mentioned: [], participants: [bob.id, cleo.id] })
    expect((await inbox(cleo)).entries).toHaveLength(1)
  })

  it('following a page: edits by others make one entry per author per window', async () => {
    const { ada, bob, fixture, api, inbox, newDoc, open, settled, tick } = await setup()
    const docId = await newDoc('Followed')
    expect((await api(bob, 'GET', `/api/docs/${docId}/follow`)).body).toEqual({ following: false })
    expect((await api(bob, 'PUT', `/api/docs/${docId}/follow`, {})).body).toEqual({ following: true })
    expect((await api(bob, 'GET', `/api/docs/${docId}/follow`)).body).toEqual({ following: true })
    const a = await open(docId)
    const text = new Y.XmlText('')
    a.doc.transact(() => {
      const p = new Y.XmlElement('paragraph')
      a.doc.getXmlFragment('default').push([p])
      p.insert(0, [text])
    })
    await settled(a)
    for (let i = 0; i < 5; i++) {
      tick(10_000)
      text.insert(text.length, 'word ')
      await settled(a)
    }
    let entries = (await inbox(bob)).entries
    expect(entries.map((e) => [e.kind, e.actorId, e.summary])).toEqual([['watch', ada.id, 'edited the page (6 changes)']])
    // Another author in the same window: an entry of their own.
    const cleo = fixture.user('Cleo', 'editor')
    const c = await open(docId, cleo)
    ;(c.doc.getXmlFragment('default').get(0) as Y.XmlElement).setAttribute('textAlign', 'center')
    await settled(c)
    expect((await inbox(bob)).entries.map((e) => e.actorId)).toEqual([cleo.id, ada.id])
    // After the window, Ada's next edit opens a new batch.
    tick(INBOX_LIMITS.watchBatchMs)
    text.insert(0, 'Now ')
    await settled(a)
    entries = (await inbox(bob)).entries
    expect(entries.filter((e) => e.actorId === ada.id)).toHaveLength(2)
    // Unfollowed: nothing more.
    await api(bob, 'DELETE', `/api/docs/${docId}/follow`)
    tick(INBOX_LIMITS.watchBatchMs)
    text.insert(0, 'Later ')
    await settled(a)
    expect((await inbox(bob)).entries).toHaveLength(3)
  })

  it('following a task: a change to it by someone else notifies', async () => {
    const { ada, bob, api, inbox, newDoc } = await setup()
    const docId = await newDoc('Board')
    const id = (await api(ada, 'POST', `/api/docs/${docId}/tasks`, { title: 'Evaluate' })).body.id as string
    expect((await api(bob, 'PUT', `/api/tasks/${id}/follow`, {})).body).toEqual({ following: true })
    await api(ada, 'PATCH', `/api/tasks/${id}`, { status: 'in_progress' })
    expect((await inbox(bob)).entries.map((e) => [e.kind, e.blockId, e.summary])).toEqual([['watch', id, 'changed the task “Evaluate”']])
  })

  it('a ship decision on a deployment checklist notifies the people on it, not the one who decided', async () => {
    const { ada, bob, fixture, inbox, newDoc, server } = await setup()
    const cleo = fixture.user('Cleo', 'editor')
    const docId = await newDoc('Ship it')
    server.app.registry.change(docId, ada.id, (doc) => {
      putItem(doc, 'cl1', 'i1', { text: 'Rollback plan', owner: bob.id })
      putItem(doc, 'cl1', 'i2', { text: 'Load test', owner: ada.id, signedBy: cleo.id })
    })
    expect((await inbox(bob)).entries).toEqual([])
    server.app.registry.change(docId, ada.id, (doc) =>
      recordDecision(doc, 'cl1', { by: ada.id, byName: 'Test Owner', at: new Date().toISOString(), gates: [], items: [] }),
    )
    for (const who of [bob, cleo]) expect((await inbox(who)).entries.map((e) => [e.kind, e.blockId, e.actorId])).toEqual([['decision', 'cl1', ada.id]])
    expect((await inbox(ada)).entries).toEqual([])
  })

  it('queues one email digest of unread entries through the outbox, at most every 30 minutes, unless turned off', async () => {
    const { bob, api, newDoc, open, settled, server, tick } = await setup()
    const docId = await newDoc('Digest')
    const a = await open(docId)
    paragraphWithMention(a.doc, bob.id, 'Bob')
    await settled(a)
    const pendingFor = () => server.app.mailer.outbox.pending(Date.now() + 60_000).filter((m) => m.recipient === bob.email)
    expect(server.app.inboxDigests(Date.now())).toBe(0) // too fresh: it may still be read in the app
    const later = tick(15 * 60_000)
    expect(server.app.inboxDigests(later)).toBe(1)
    expect(pendingFor()).toHaveLength(1)
    expect(pendingFor()[0]!.subject).toBe('Keel: 1 unread notification')
    expect(pendingFor()[0]!.body).toContain('Test Owner mentioned you — Digest')
    // Read in the app, then mentioned again (one unread mention per author and page is one entry).
    await api(bob, 'POST', '/api/inbox/read-all', {})
    tick(1)
    paragraphWithMention(a.doc, bob.id, 'Bob')
    await settled(a)
    expect(server.app.inboxDigests(tick(11 * 60_000))).toBe(0) // within 30 minutes of the last
    await api(bob, 'PUT', '/api/inbox/settings', { digest: false })
    expect((await api(bob, 'GET', '/api/inbox/settings')).body).toEqual({ digest: false })
    expect(server.app.inboxDigests(tick(INBOX_LIMITS.digestEveryMs))).toBe(0)
    await api(bob, 'PUT', '/api/inbox/settings', { digest: true })
    expect(server.app.inboxDigests(tick(1))).toBe(1)
  })
})
