import fs from 'node:fs'
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest'
import * as Y from 'yjs'
import type { ThreadView } from '#shared/api/comments'
import { type Anchor, anchorAt, resolveAnchor } from '#shared/comments/anchor'
import { mentionToken } from '#shared/comments/body'
import { COMMENT_LIMITS } from '#shared/limits'
import type { KeelEvents } from '../events/bus.ts'
import { connectClient, startServer, type TestServer, waitFor } from '../test/harness.ts'
import { sameOrigin } from '../test/same-origin.ts'
import type {} from './events.ts'

type Changed = KeelEvents['comments.changed'] & { projectId: string }

describe('inline comments over HTTP', () => {
  let server: TestServer & { dir: string }
  let editor: { id: string; cookie: string }
  let commenter: { id: string; cookie: string }
  let viewer: { id: string; cookie: string }
  let outsider: { id: string; cookie: string }
  const events: Changed[] = []
  const docId = 'comments-doc'

  beforeAll(async () => {
    server = await startServer()
    editor = server.fixture.user('Eddie', 'editor')
    commenter = server.fixture.user('Cora', 'commenter')
    viewer = server.fixture.user('Vera', 'viewer')
    const other = server.fixture.user('Otto', null)
    server.fixture.directory.createWorkspace('Elsewhere', other.id)
    outsider = other
    server.fixture.ensureDoc(docId)
    server.app.registry.change(docId, server.fixture.owner.id, (doc) => {
      const p = new Y.XmlElement('paragraph')
      const t = new Y.XmlText()
      t.insert(0, 'The holdout split is stratified by label.')
      p.insert(0, [t])
      doc.getXmlFragment('default').insert(0, [p])
    })
  })
  afterAll(async () => {
    await server.close()
    fs.rmSync(server.dir, { recursive: true, force: true })
  })

  const call = async (cookie: string, method: string, url: string, body?: unknown) => {
    const res = await fetch(`${server.url}${url}`, {
      method,
      headers: { ...sameOrigin(server), cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    const text = await res.text()
    return { status: res.status, json: (text ? JSON.parse(text) : null) as ThreadView & { error?: { code: string; message: string }; threads?: ThreadView[] } }
  }

  /** An anchor over `quote` in the server's copy of the document. */
  function anchorOver(quote: string): Anchor {
    const doc = server.app.registry.readCommitted(docId)
    const text = (doc.getXmlFragment('default').get(0) as Y.XmlElement).get(0) as Y.XmlText
    const at = text.toString().indexOf(quote)
    return JSON.parse(JSON.stringify(anchorAt({ type: text, index: at }, { type: text, index: at + quote.length }))) as Anchor
  }

  it('a commenter starts a thread, an editor replies mentioning them, the events name who to tell', async () => {
    const off = server.app.bus.on('comments.changed', (e) => events.push(e))
    try {
      const created = await call(commenter.cookie, 'POST', `/api/docs/${docId}/comments`, {
        id: 'thread-0001',
        commentId: 'comment-0001',
        anchor: anchorOver('stratified'),
        quote: 'stratified',
        body: 'By which label? See **the spec**',
      })
      expect(created.status).toBe(201)
      expect(created.json.comments).toMatchObject([
        { id: 'comment-0001', authorId: commenter.id, authorName: 'Cora', body: 'By which label? See **the spec**' },
      ])
      const reply = await call(editor.cookie, 'POST', `/api/docs/${docId}/comments/thread-0001/replies`, {
        id: 'comment-0002',
        body: `${mentionToken('Cora', commenter.id)} the fine label, ${mentionToken('Vera', viewer.id)} FYI`,
      })
      expect(reply.status).toBe(201)
      expect(reply.json.comments.map((c) => c.id)).toEqual(['comment-0001', 'comment-0002'])
      expect(events.map((e) => [e.change, e.actorId, e.mentioned, e.participants])).toEqual([
        ['created', commenter.id, [], []],
        ['created', editor.id, [commenter.id, viewer.id], [commenter.id]],
      ])
      expect(events[1]).toMatchObject({
        projectId: server.fixture.projectId,
        docId,
        threadId: 'thread-0001',
        quote: 'stratified',
        text: '@Cora the fine label, @Vera FYI',
      })
      // An edit tells only whoever it newly mentions.
      const edited = await call(editor.cookie, 'PATCH', `/api/docs/${docId}/comments/thread-0001/comments/comment-0002`, {
        body: `${mentionToken('Cora', commenter.id)} ${mentionToken('Owner', server.fixture.owner.id)} the fine label`,
      })
      expect(edited.status).toBe(200)
      expect(events[2]).toMatchObject({ change: 'edited', mentioned: [server.fixture.owner.id], participants: [commenter.id] })
    } finally {
      off()
    }
  })

  it('replaying a create or a reply (an offline queue) answers the stored row, not a second one', async () => {
    const body = { id: 'thread-0002', commentId: 'comment-0003', anchor: anchorOver('holdout'), quote: 'holdout', body: 'Which holdout?' }
    expect((await call(commenter.cookie, 'POST', `/api/docs/${docId}/comments`, body)).status).toBe(201)
    const again = await call(commenter.cookie, 'POST', `/api/docs/${docId}/comments`, body)
    expect(again.status).toBe(200)
    expect(again.json.comments).toHaveLength(1)
    const replay = { id: 'comment-0004', body: 'the 2024 one' }
    expect((await call(commenter.cookie, 'POST', `/api/docs/${docId}/comments/thread-0002/replies`, replay)).status).toBe(201)
    expect((await call(commenter.cookie, 'POST', `/api/docs/${docId}/comments/thread-0002/replies`, replay)).json.comments).toHaveLength(2)
    // Someone else's id is not theirs to replay.
    expect((await call(editor.cookie, 'POST', `/api/docs/${docId}/comments`, body)).status).toBe(409)
    const list = await call(viewer.cookie, 'GET', `/api/docs/${docId}/comments`)
    expect(list.json.threads!.map((t) => t.id)).toEqual(['thread-0001', 'thread-0002'])
  })

  it('edit is the author’s, delete the author’s or an owner’s; resolve and reopen', async () => {
    const seen: Changed[] = []
    const off = server.app.bus.on('comments.changed', (e) => seen.push(e))
    onTestFinished(off)
    expect((await call(editor.cookie, 'PATCH', `/api/docs/${docId}/comments/thread-0002/comments/comment-0003`, { body: 'mine now' })).status).toBe(403)
    expect((await call(editor.cookie, 'DELETE', `/api/docs/${docId}/comments/thread-0002/comments/comment-0003`)).status).toBe(403)
    expect((await call(commenter.cookie, 'DELETE', `/api/docs/${docId}/comments/thread-0002/comments/comment-0004`)).status).toBe(204)
    expect((await call(server.fixture.owner.cookie, 'DELETE', `/api/docs/${docId}/comments/thread-0002/comments/comment-0003`)).status).toBe(204)
    // The last comment took the thread with it.
    expect((await call(viewer.cookie, 'GET', `/api/docs/${docId}/comments`)).json.threads!.map((t) => t.id)).toEqual(['thread-0001'])
    const resolved = await call(commenter.cookie, 'POST', `/api/docs/${docId}/comments/thread-0001/resolve`)
    expect(resolved.json).toMatchObject({ resolvedBy: commenter.id })
    expect(resolved.json.resolvedAt).not.toBeNull()
    expect((await call(editor.cookie, 'POST', `/api/docs/${docId}/comments/thread-0001/reopen`)).json).toMatchObject({ resolvedAt: null, resolvedBy: null })
    // Deletes carry no text; resolve and reopen name the first comment and tell everyone who wrote.
    expect(seen.map((e) => [e.change, e.commentId, e.text, e.participants])).toEqual([
      ['deleted', 'comment-0004', '', []],
      ['deleted', 'comment-0003', '', [commenter.id]],
      ['resolved', 'comment-0001', 'By which label? See **the spec**', [editor.id]],
      ['reopened', 'comment-0001', 'By which label? See **the spec**', [commenter.id]],
    ])
  })

  it('refuses a viewer, an oversized comment and a mention of a non-member, each with a message', async () => {
    const base = { anchor: anchorOver('label'), quote: 'label' }
    const asViewer = await call(viewer.cookie, 'POST', `/api/docs/${docId}/comments`, { ...base, body: 'hi' })
    expect(asViewer.status).toBe(403)
    const big = await call(commenter.cookie, 'POST', `/api/docs/${docId}/comments`, { ...base, body: 'x'.repeat(COMMENT_LIMITS.maxBodyChars + 1) })
    expect(big.status).toBe(400)
    expect(big.json.error!.message).toContain(`at most ${COMMENT_LIMITS.maxBodyChars} characters`)
    const stranger = await call(commenter.cookie, 'POST', `/api/docs/${docId}/comments`, { ...base, body: `${mentionToken('Otto', outsider.id)} look` })
    expect(stranger.status).toBe(400)
    expect(stranger.json.error).toMatchObject({ code: 'not_a_member' })
    expect(stranger.json.error!.message).toContain('only members of this project')
  })

  it('the server names the block a thread is on from its own copy, whatever the client said', async () => {
    server.app.registry.change(docId, server.fixture.owner.id, (doc) => {
      const task = new Y.XmlElement('task')
      task.setAttribute('id', 'task-label')
      const p = new Y.XmlElement('paragraph')
      const t = new Y.XmlText()
      t.insert(0, 'Label the holdout')
      p.insert(0, [t])
      task.insert(0, [p])
      doc.getXmlFragment('default').push([task])
    })
    const doc = server.app.registry.readCommitted(docId)
    const task = doc
      .getXmlFragment('default')
      .toArray()
      .find((n) => n instanceof Y.XmlElement && n.getAttribute('id') === 'task-label') as Y.XmlElement
    const text = (task.get(0) as Y.XmlElement).get(0) as Y.XmlText
    const anchor = JSON.parse(JSON.stringify(anchorAt({ type: text, index: 0 }, { type: text, index: 5 }))) as Anchor
    const onTask = await call(commenter.cookie, 'POST', `/api/docs/${docId}/comments`, { anchor, quote: 'Label', blockId: 'made-up', body: 'Who labels?' })
    expect(onTask.json.blockId).toBe('task-label')
    const onText = await call(commenter.cookie, 'POST', `/api/docs/${docId}/comments`, {
      anchor: anchorOver('The'),
      quote: 'The',
      blockId: 'made-up',
      body: 'Style?',
    })
    expect(onText.json.blockId).toBeNull()
  })

  it('the anchor follows concurrent edits from two editors, one offline, to the quoted text or to "deleted"', async () => {
    const keep = anchorOver('split')
    const lose = anchorOver('by label')
    const a = connectClient(server.wsUrl, docId, { cookie: editor.cookie })
    const b = connectClient(server.wsUrl, docId, { cookie: server.fixture.owner.cookie, connect: false })
    try {
      await a.synced()
      Y.applyUpdate(b.doc, Y.encodeStateAsUpdate(a.doc))
      const textOf = (doc: Y.Doc) => (doc.getXmlFragment('default').get(0) as Y.XmlElement).get(0) as Y.XmlText
      // A types at both edges of "split"; B, offline, deletes "by label" and types before it.
      const ta = textOf(a.doc)
      const at = ta.toString().indexOf('split')
      ta.insert(at + 'split'.length, ' (80/20)')
      ta.insert(at, 'random ')
      const tb = textOf(b.doc)
      const by = tb.toString().indexOf('by label')
      tb.delete(by, 'by label'.length)
      tb.insert(by, 'per class')
      b.provider.connect()
      await b.synced()
      const expected = 'The holdout random split (80/20) is stratified per class.'
      await waitFor(() => textOf(server.app.registry.readCommitted(docId)).toString() === expected, 'both edits committed')
      const doc = server.app.registry.readCommitted(docId)
      expect(resolveAnchor(doc, doc.getXmlFragment('default'), keep)).toMatchObject({ deleted: false, text: 'split' })
      expect(resolveAnchor(doc, doc.getXmlFragment('default'), lose)).toEqual({ deleted: true })
    } finally {
      a.destroy()
      b.destroy()
    }
  })
})
