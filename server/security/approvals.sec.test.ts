import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { TASK_NODE } from '#shared/blocks/task'
import { limits } from '#shared/limits'
import { putItem, readChecklist, recordDecision } from '#shared/ml/checklist'
import { SqliteApprovalStore } from '../ml/approvals/sqlite-approval-store.ts'
import { openDatabase } from '../db/open.ts'
import { connectClient, startServer, tempDir, waitFor } from '../test/harness.ts'
import { originFor } from '../test/same-origin.ts'
import { closeCodeWithin, openSocket } from './channels.ts'

type Json = Record<string, unknown> & { error?: Record<string, unknown> }

/** REST calls as a signed-in browser on the server's own page makes them; answers as JSON. */
const jsonApi = (server: { url: string }, cookie: string) => async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { cookie, ...originFor(server, method), 'content-type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  })
  return { status: res.status, body: (await res.json()) as Json }
}

/**
 * Finding: an editor (not an owner), refused by /ship, wrote a ship decision `{by: <owner>}` and
 * the owner's sign-offs on all 28 items straight into the checklist's Yjs data over the socket,
 * and the API reported them as the owner's. Approvals are now server records; copies in the
 * document without one are reported as unverified and never counted.
 */
describe('forged approvals written over the socket', () => {
  const cleanups: (() => unknown)[] = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })

  it('an editor forges the owner’s sign-offs, ship decision and a done override: none counts, each is flagged; the owner’s REST sign-off counts; the gates still block', async () => {
    const server = await startServer()
    cleanups.push(server.close)
    const { fixture } = server
    const owner = fixture.owner
    const eve = fixture.user('Eve', 'editor')
    const as = (cookie: string) => async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${server.url}${path}`, {
        method,
        headers: { cookie, ...originFor(server, method), 'content-type': 'application/json' },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      })
      return { status: res.status, body: (await res.json()) as Json }
    }
    const asOwner = as(owner.cookie)
    const asEve = as(eve.cookie)
    const p = `/api/projects/${fixture.projectId}`
    const docId = (await asOwner('POST', `${p}/docs`, { template: 'deployment-checklist' })).body.id as string
    const content = (await asOwner('GET', `/api/docs/${docId}/content`)).body.content as { content: { type: string; attrs?: { id?: string } }[] }
    const checklistId = content.content.find((n) => n.type === 'deploymentChecklist')!.attrs!.id!
    // A blocked task: its dependency is open.
    const dep = (await asOwner('POST', `/api/docs/${docId}/tasks`, { title: 'Load test the endpoint' })).body.id as string
    const task = (await asOwner('POST', `/api/docs/${docId}/tasks`, { title: 'Cut the release', deps: [dep] })).body.id as string

    // Eve is refused by /ship, then writes the owner's approvals into the document herself.
    expect((await asEve('POST', `${p}/checklists/${checklistId}/ship`, {})).status).toBe(409)
    const client = connectClient(server.wsUrl, docId, { acks: true, cookie: eve.cookie })
    cleanups.push(client.destroy)
    await client.synced()
    const items = readChecklist(client.doc, checklistId).items
    expect(items).toHaveLength(28)
    const at = new Date().toISOString()
    client.doc.transact(() => {
      for (const item of items) putItem(client.doc, checklistId, item.id, { text: item.text, signedBy: owner.id, signedAt: at })
      recordDecision(client.doc, checklistId, {
        by: owner.id,
        byName: 'Test Owner',
        at,
        gates: [],
        items: items.map((i) => ({ text: i.text, signedBy: owner.id })),
      })
      const el = client.doc
        .getXmlFragment('default')
        .toArray()
        .find((n): n is Y.XmlElement => n instanceof Y.XmlElement && n.nodeName === TASK_NODE && n.getAttribute('id') === task)!
      el.setAttribute('status', 'done')
      el.setAttribute('override', { by: owner.id, at, reason: 'approved by the owner' } as unknown as string)
    })
    await waitFor(client.allAcked, 'the forgery is stored')

    let check = (await asOwner('GET', `${p}/checklists/${checklistId}`)).body
    const reported = check.items as { id: string; signedBy: string | null; unverified: { signedBy: string; reason: string } | null }[]
    expect(reported.filter((i) => i.signedBy !== null)).toEqual([])
    expect(reported.every((i) => i.unverified?.signedBy === owner.id && i.unverified.reason === 'no sign-off on record')).toBe(true)
    expect(check.unverifiedSignOffs).toBe(28)
    expect(check.decision).toBeNull()
    expect(check.unverifiedDecision).toMatchObject({ by: owner.id })
    expect(check.ready).toBe(false)
    expect((check.blockers as string[]).filter((b) => b.startsWith('Not signed:'))).toHaveLength(28)
    const refused = await asEve('POST', `${p}/checklists/${checklistId}/ship`, {})
    expect(refused.status).toBe(409)
    expect(refused.body.error).toMatchObject({ code: 'not_ready' })

    // The override: not the owner's, not counted; the task is reopened (the done-gate).
    await waitFor(
      () =>
        (client.doc.getXmlFragment('default').toArray() as Y.XmlElement[]).some((n) => n.getAttribute?.('id') === task && n.getAttribute('status') !== 'done'),
      'the task is reopened',
    )
    const t = (await asOwner('GET', `/api/tasks/${task}`)).body
    expect(t).toMatchObject({ status: 'todo', override: null, unverifiedOverride: { by: owner.id, reason: 'approved by the owner' }, blockedBy: [dep] })
    expect(server.app.tasks.get(task)!.override).toBeNull()

    // The owner signs one item through the API: that one is the owner's, verified.
    const first = items[0]!
    expect((await asOwner('POST', `${p}/checklists/${checklistId}/items/${first.id}/signoff`, {})).status).toBe(200)
    check = (await asOwner('GET', `${p}/checklists/${checklistId}`)).body
    const signed = (check.items as { id: string; signedBy: string | null; unverified: unknown }[]).find((i) => i.id === first.id)!
    expect(signed).toMatchObject({ signedBy: owner.id, unverified: null })
    expect(check.unverifiedSignOffs).toBe(27)
    expect(check.ready).toBe(false)
    // Only the signer withdraws a sign-off; Eve's attempt is refused.
    expect((await asEve('DELETE', `${p}/checklists/${checklistId}/items/${first.id}/signoff`)).status).toBe(409)

    // Rewording a signed item in the document voids its sign-off (it was given for other words).
    putItem(client.doc, checklistId, first.id, { text: 'Nothing to check here' })
    await waitFor(client.allAcked, 'the rewording is stored')
    check = (await asOwner('GET', `${p}/checklists/${checklistId}`)).body
    expect((check.items as { id: string; signedBy: string | null; unverified: { reason: string } | null }[]).find((i) => i.id === first.id)).toMatchObject({
      signedBy: null,
      unverified: { reason: 'the item text changed after it was signed' },
    })
  })

  it('a document change that is refused (413, the document past its size limit) leaves no approval record: no sign-off, no withdrawal, no ship decision, no override', async () => {
    const { dir, cleanup } = tempDir()
    cleanups.push(cleanup)
    const db = openDatabase(path.join(dir, 'keel.db'), { synchronous: 'normal' })
    const server = await startServer({ limits: { ...limits, maxDocumentBytes: 64 * 1024 } }, dir, { db })
    cleanups.push(server.close)
    const records = new SqliteApprovalStore(db)
    const { fixture } = server
    const owner = fixture.owner
    const api = jsonApi(server, owner.cookie)
    const p = `/api/projects/${fixture.projectId}`
    const checklistOf = async (docId: string) => {
      const content = (await api('GET', `/api/docs/${docId}/content`)).body.content as { content: { type: string; attrs?: { id?: string } }[] }
      return content.content.find((n) => n.type === 'deploymentChecklist')!.attrs!.id!
    }
    /** Legacy data written straight through the store: 90 KB more, past the 64 KiB limit. */
    const overfill = (docId: string) => {
      expect(server.app.registry.discard(docId)).toBe(true) // nothing queued, nobody connected
      const big = new Y.Doc()
      const para = new Y.XmlElement('paragraph')
      big.getXmlFragment('default').insert(0, [para])
      para.insert(0, [new Y.XmlText('y'.repeat(90_000))])
      server.app.store.append([{ docId, data: Y.encodeStateAsUpdate(big), userId: 'legacy', at: Date.now() }])
    }
    const tooLarge = (res: { status: number; body: Json }) => {
      expect(res.status).toBe(413)
      expect(res.body.error).toMatchObject({ code: 'document_too_large' })
    }

    // A checklist with nothing signed, and a blocked task: a sign-off and an override, refused.
    const docA = (await api('POST', `${p}/docs`, { template: 'deployment-checklist' })).body.id as string
    const listA = await checklistOf(docA)
    const dep = (await api('POST', `/api/docs/${docA}/tasks`, { title: 'Load test the endpoint' })).body.id as string
    const task = (await api('POST', `/api/docs/${docA}/tasks`, { title: 'Cut the release', deps: [dep] })).body.id as string
    const itemA = (await api('GET', `${p}/checklists/${listA}`)).body.items as { id: string }[]
    overfill(docA)
    // First: the first refusal loads the document; later ones are refused before anything runs.
    tooLarge(await api('PATCH', `/api/tasks/${task}`, { status: 'done', override: { reason: 'the load test ran on staging' } }))
    expect((await api('GET', `/api/tasks/${task}`)).body).toMatchObject({ status: 'todo', override: null, blockedBy: [dep] })
    expect(records.override(docA, task)).toBeNull()
    tooLarge(await api('POST', `${p}/checklists/${listA}/items/${itemA[0]!.id}/signoff`, {}))
    let check = (await api('GET', `${p}/checklists/${listA}`)).body
    expect((check.items as { id: string; signedBy: string | null }[]).find((i) => i.id === itemA[0]!.id)).toMatchObject({ signedBy: null, unverified: null })
    expect(records.signOffs(docA, listA).size).toBe(0)

    // A checklist signed in full, so ready: the withdrawal and the ship decision, refused.
    const docB = (await api('POST', `${p}/docs`, { template: 'deployment-checklist' })).body.id as string
    const listB = await checklistOf(docB)
    const itemsB = (await api('GET', `${p}/checklists/${listB}`)).body.items as { id: string }[]
    expect((await api('POST', `/api/docs/${docB}/tasks`, { title: 'Evaluate on holdout', stage: 'evaluation', status: 'done' })).status).toBe(201)
    for (const item of itemsB) expect((await api('POST', `${p}/checklists/${listB}/items/${item.id}/signoff`, {})).status).toBe(200)
    expect((await api('GET', `${p}/checklists/${listB}`)).body).toMatchObject({ blockers: [], ready: true })
    overfill(docB)
    tooLarge(await api('DELETE', `${p}/checklists/${listB}/items/${itemsB[0]!.id}/signoff`))
    check = (await api('GET', `${p}/checklists/${listB}`)).body
    expect((check.items as { id: string; signedBy: string | null }[]).find((i) => i.id === itemsB[0]!.id)).toMatchObject({
      signedBy: owner.id,
      unverified: null,
    })
    expect(records.signOffs(docB, listB).size).toBe(itemsB.length)
    tooLarge(await api('POST', `${p}/checklists/${listB}/ship`, {}))
    check = (await api('GET', `${p}/checklists/${listB}`)).body
    expect(check).toMatchObject({ decision: null, unverifiedDecision: null })
    expect(records.decision(docB, listB)).toBeNull()
  })
})

describe('a refused task change near the size limit disconnects nobody', () => {
  const cleanups: (() => unknown)[] = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })

  it('PATCH on a document past its limit is refused with 413 while an editor on it stays connected (the edit was judged on a fork, not the live doc)', async () => {
    const server = await startServer({ limits: { ...limits, maxDocumentBytes: 64 * 1024 } })
    cleanups.push(server.close)
    const { fixture } = server
    const owner = fixture.owner
    const api = jsonApi(server, owner.cookie)
    const docId = (await api('POST', `/api/projects/${fixture.projectId}/docs`, { title: 'Release plan' })).body.id as string
    const task = (await api('POST', `/api/docs/${docId}/tasks`, { title: 'Cut the release' })).body.id as string
    expect(server.app.registry.discard(docId)).toBe(true)
    const big = new Y.Doc()
    const para = new Y.XmlElement('paragraph')
    big.getXmlFragment('default').insert(0, [para])
    para.insert(0, [new Y.XmlText('y'.repeat(90_000))])
    server.app.store.append([{ docId, data: Y.encodeStateAsUpdate(big), userId: 'legacy', at: Date.now() }])

    const editor = await openSocket(server, docId, { cookie: owner.cookie })
    const patched = await api('PATCH', `/api/tasks/${task}`, { title: 'Cut the release, and write the notes' })
    expect(patched.status).toBe(413)
    expect(await closeCodeWithin(editor, 500)).toBeNull()
    expect(server.app.registry.get(docId)).toBeDefined()
    expect((await api('GET', `/api/tasks/${task}`)).body).toMatchObject({ title: 'Cut the release' })
  })
})
