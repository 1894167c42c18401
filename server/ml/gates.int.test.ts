import { afterEach, describe, expect, it } from 'vitest'
import { putGate, readChecklist } from '#shared/ml/checklist'
import { connectClient, startServer, waitFor } from '../test/harness.ts'

type Json = Record<string, unknown>

describe('a deployment checklist with gates on tasks and metrics', () => {
  const cleanups: (() => unknown)[] = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })

  it('turns ready when the last evaluation task is done and a run crosses the threshold; the ship decision is recorded', async () => {
    const server = await startServer()
    cleanups.push(server.close)
    const { fixture } = server
    const headers = { cookie: fixture.owner.cookie, origin: server.url, 'content-type': 'application/json' }
    const api = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${server.url}${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) })
      return { status: res.status, body: (await res.json()) as Json & { error?: Json } }
    }
    const p = `/api/projects/${fixture.projectId}`
    const checklistDoc = (await api('POST', `${p}/docs`, { template: 'deployment-checklist' })).body.id as string
    const logDoc = (await api('POST', `${p}/docs`, { template: 'experiment-log' })).body.id as string
    const find = async (docId: string, type: string) => {
      const content = (await api('GET', `/api/docs/${docId}/content`)).body.content as { content: { type: string; attrs?: { id?: string } }[] }
      return content.content.find((n) => n.type === type)!.attrs!.id!
    }
    const checklistId = await find(checklistDoc, 'deploymentChecklist')
    const logId = await find(logDoc, 'experimentLog')
    expect(checklistId).not.toBe('checklist') // a fresh id, not the template's placeholder

    // The editor: a metric gate; every required item signed through the API (sign-offs are
    // server records: one written into the document alone does not count).
    const editor = connectClient(server.wsUrl, checklistDoc, { acks: true })
    cleanups.push(editor.destroy)
    await editor.synced()
    const state = readChecklist(editor.doc, checklistId)
    expect(state.items).toHaveLength(28)
    putGate(editor.doc, checklistId, 'f1', { kind: 'metric', metric: 'val_f1', op: '>=', threshold: 0.92, dataset: { name: 'churn', version: 'v3' } })
    await waitFor(editor.allAcked, 'gate stored')
    for (const item of state.items) expect((await api('POST', `${p}/checklists/${checklistId}/items/${item.id}/signoff`, {})).status).toBe(200)
    await waitFor(() => readChecklist(editor.doc, checklistId).items.every((i) => i.signedBy === fixture.owner.id), 'sign-offs reach the editor')

    const evalTask = (await api('POST', `/api/docs/${logDoc}/tasks`, { title: 'Evaluate on holdout', stage: 'evaluation' })).body.id as string
    await api('POST', `${p}/experiments/${logId}/runs`, { runId: 'r1', metrics: { val_f1: 0.9 }, dataset: { name: 'churn', version: 'v3' } })

    let check = (await api('GET', `${p}/checklists/${checklistId}`)).body
    expect(check.ready).toBe(false)
    expect(check.blockers).toEqual([
      expect.stringMatching(/Every evaluation task is done \(1 of 1 evaluation tasks open: Evaluate on holdout\)/),
      expect.stringMatching(/Best val_f1 >= 0.92 on churn v3 \(best val_f1 = 0.9/),
    ])
    const refused = await api('POST', `${p}/checklists/${checklistId}/ship`, {})
    expect(refused.status).toBe(409)
    expect(refused.body.error).toMatchObject({ code: 'not_ready' })

    await api('PATCH', `/api/tasks/${evalTask}`, { status: 'done' })
    check = (await api('GET', `${p}/checklists/${checklistId}`)).body
    expect(check.blockers).toHaveLength(1)
    await api('POST', `${p}/experiments/${logId}/runs`, { runId: 'r2', metrics: { val_f1: 0.931 }, dataset: { name: 'churn', version: 'v3' } })
    check = (await api('GET', `${p}/checklists/${checklistId}`)).body
    expect(check).toMatchObject({ ready: true, blockers: [] })

    const shipped = await api('POST', `${p}/checklists/${checklistId}/ship`, {})
    expect(shipped.status).toBe(200)
    await waitFor(() => readChecklist(editor.doc, checklistId).decision !== null, 'decision reaches the editor')
    const decision = readChecklist(editor.doc, checklistId).decision!
    expect(decision).toMatchObject({ by: fixture.owner.id, byName: 'Test Owner' })
    expect(decision.gates.map((g) => g.holds)).toEqual([true, true])
  })
})
