import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { EXPERIMENT_BLOCK, readRuns } from '#shared/ml/runs'
import { connectClient, sameState, startServer, waitFor } from '../test/harness.ts'
import { EXPERIMENT_KIND } from './block-kinds.ts'

describe('experiment runs pushed by training scripts', () => {
  const cleanups: (() => unknown)[] = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })

  async function setup() {
    const server = await startServer()
    cleanups.push(server.close)
    const { fixture } = server
    const docId = fixture.ensureDoc('exp-log')
    // The editor inserts the block; the server indexes it shortly after.
    const editor = connectClient(server.wsUrl, docId, { acks: true })
    cleanups.push(editor.destroy)
    await editor.synced()
    editor.doc.transact(() => {
      const el = new Y.XmlElement(EXPERIMENT_BLOCK)
      editor.doc.getXmlFragment('default').push([el])
      el.setAttribute('id', 'block-sweep')
    })
    await waitFor(editor.allAcked, 'block stored')
    await waitFor(() => server.app.hub.blockDoc('block-sweep', EXPERIMENT_KIND) === docId, 'block indexed', 5000)
    const { secret } = fixture.accounts.createToken({ userId: fixture.owner.id, workspaceId: fixture.workspaceId, name: 'trainer', scope: 'write' })
    const base = `${server.url}/api/projects/${fixture.projectId}/experiments/block-sweep/runs`
    const post = (body: unknown, path = '', method = 'POST') =>
      fetch(`${base}${path}`, {
        method,
        headers: { authorization: `Bearer ${secret}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      })
    return { server, fixture, docId, editor, post, base, secret }
  }

  it('1,000 runs posted while two editors are open: both converge, none lost or duplicated', async () => {
    const { server, docId, editor, post } = await setup()
    const other = connectClient(server.wsUrl, docId, { acks: true })
    cleanups.push(other.destroy)
    await other.synced()
    const statuses: number[] = []
    for (let batch = 0; batch < 20; batch++) {
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) => {
          const n = batch * 50 + i
          return post({
            runId: `run-${n}`,
            name: `lr sweep ${n}`,
            params: { lr: 1e-4 * (1 + (n % 10)), seed: n },
            metrics: { val_f1: 0.8 + (n % 97) / 1000 },
            dataset: { name: 'churn', version: 'v3' },
            tags: ['sweep'],
          })
        }),
      )
      statuses.push(...results.map((r) => r.status))
    }
    expect(statuses.filter((s) => s === 201)).toHaveLength(1000)
    // A retry of the same run (a script that did not see the answer) changes nothing.
    expect(
      (
        await post({
          runId: 'run-7',
          name: 'lr sweep 7',
          params: { lr: 1e-4 * 8, seed: 7 },
          metrics: { val_f1: 0.807 },
          dataset: { name: 'churn', version: 'v3' },
          tags: ['sweep'],
        })
      ).status,
    ).toBe(200)
    await waitFor(
      () => readRuns(editor.doc, 'block-sweep').length === 1000 && readRuns(other.doc, 'block-sweep').length === 1000,
      'both editors have 1,000 runs',
      20_000,
    )
    for (const c of [editor, other]) {
      c.doc.getXmlFragment('default')
      c.doc.getMap('experiments')
    }
    await waitFor(() => sameState(editor.doc, other.doc), 'converged', 20_000)
    const runs = readRuns(editor.doc, 'block-sweep')
    expect(new Set(runs.map((r) => r.runId)).size).toBe(1000)
    expect(runs.find((r) => r.runId === 'run-7')).toMatchObject({ params: { lr: 1e-4 * 8, seed: 7 }, metrics: { val_f1: 0.807 } })
  })

  it('appends metrics by step as training goes on, live in the editor', async () => {
    const { editor, post } = await setup()
    expect((await post({ runId: 'r1', name: 'baseline' })).status).toBe(201)
    for (let step = 1; step <= 5; step++) {
      const res = await post({ metrics: { loss: [{ step, value: 1 / step }] } }, '/r1', 'PATCH')
      expect(res.status).toBe(200)
    }
    await post({ status: 'finished', metrics: { loss: [{ step: 5, value: 0.19 }] } }, '/r1', 'PATCH')
    await waitFor(() => readRuns(editor.doc, 'block-sweep')[0]?.status === 'finished', 'finished arrives')
    const run = readRuns(editor.doc, 'block-sweep')[0]!
    expect(run.series.loss!.map((p) => p.step)).toEqual([1, 2, 3, 4, 5])
    expect(run.metrics.loss).toBe(0.19)
    expect((await post({ metrics: { loss: 1 } }, '/nope', 'PATCH')).status).toBe(404)
  })

  it('refuses an invalid payload with 400 naming the field, and a block of another project with 404', async () => {
    const { post, server, fixture, secret } = await setup()
    const bad = await post({ runId: 'r2', metrics: { val_f1: 'high' } })
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/metrics\.val_f1/)
    const noId = await post({ name: 'no id' })
    expect(((await noId.json()) as { error: { message: string } }).error.message).toMatch(/runId/)
    const other = fixture.directory.createProject(fixture.workspaceId, 'Other')
    const res = await fetch(`${server.url}/api/projects/${other.id}/experiments/block-sweep/runs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ runId: 'x' }),
    })
    expect(res.status).toBe(404)
  })

  it('an editor deletes a run: every key goes in one change, open editors see it vanish, a retry answers deleted: false', async () => {
    const { server, docId, editor, post, fixture } = await setup()
    const other = connectClient(server.wsUrl, docId, { acks: true })
    cleanups.push(other.destroy)
    await other.synced()
    await post({ runId: 'stuck', name: 'pushed with no metric' })
    await post({ runId: 'kept', metrics: { val_f1: 0.9 } })
    for (let step = 1; step <= 3; step++) await post({ metrics: { loss: [{ step, value: 1 / step }] } }, '/stuck', 'PATCH')
    await waitFor(() => readRuns(other.doc, 'block-sweep').length === 2, 'both runs arrive')
    let updates = 0
    other.doc.on('update', () => updates++)

    const res = await post(undefined, '/stuck', 'DELETE')
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ runId: 'stuck', deleted: true })
    await waitFor(() => readRuns(other.doc, 'block-sweep').length === 1 && readRuns(editor.doc, 'block-sweep').length === 1, 'the run vanishes live')
    expect(readRuns(other.doc, 'block-sweep').map((r) => r.runId)).toEqual(['kept'])
    expect([...other.doc.getMap('experiments').keys()].filter((k) => k.startsWith('block-sweep\u0001stuck\u0001'))).toEqual([])
    expect(updates).toBe(1)

    // Idempotent: a retried delete succeeds and says nothing was there; a step for it is refused.
    const again = await post(undefined, '/stuck', 'DELETE')
    expect(again.status).toBe(200)
    expect(await again.json()).toEqual({ runId: 'stuck', deleted: false })
    expect((await post({ metrics: { loss: [{ step: 4, value: 0.2 }] } }, '/stuck', 'PATCH')).status).toBe(404)
    // The block must exist in the project.
    const missing = await fetch(`${server.url}/api/projects/${fixture.projectId}/experiments/no-such-block/runs/kept`, {
      method: 'DELETE',
      headers: { cookie: fixture.owner.cookie, origin: server.url },
    })
    expect(missing.status).toBe(404)
  })

  it('archive hides a run from the project comparisons (what gates read) but keeps it; unarchive brings it back; viewers may do neither', async () => {
    const { server, editor, post, fixture } = await setup()
    await post({ runId: 'leaky', metrics: { val_f1: 0.99 } })
    await post({ runId: 'honest', metrics: { val_f1: 0.88 } })
    const compare = async () =>
      (
        (await (await fetch(`${server.url}/api/projects/${fixture.projectId}/runs?metric=val_f1`, { headers: { cookie: fixture.owner.cookie } })).json()) as {
          runId: string
        }[]
      ).map((r) => r.runId)
    expect(await compare()).toEqual(['leaky', 'honest'])

    expect((await post({ archived: true }, '/leaky', 'PATCH')).status).toBe(200)
    await waitFor(() => readRuns(editor.doc, 'block-sweep').find((r) => r.runId === 'leaky')?.archivedAt != null, 'archived live')
    expect(await compare()).toEqual(['honest'])
    const inBlock = (await (await post(undefined, '', 'GET')).json()) as { runId: string; archivedAt: string | null; metrics: object }[]
    expect(inBlock.find((r) => r.runId === 'leaky')).toMatchObject({ metrics: { val_f1: 0.99 }, archivedAt: expect.any(String) })

    const viewer = fixture.user('Vera', 'viewer')
    for (const [method, path, body] of [
      ['DELETE', '/honest', undefined],
      ['PATCH', '/leaky', { archived: false }],
    ] as const) {
      const res = await fetch(`${server.url}/api/projects/${fixture.projectId}/experiments/block-sweep/runs${path}`, {
        method,
        headers: { cookie: viewer.cookie, origin: server.url, ...(body ? { 'content-type': 'application/json' } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      })
      expect(res.status, `${method} ${path} as a viewer`).toBe(403)
    }
    expect(readRuns(editor.doc, 'block-sweep')).toHaveLength(2)

    expect((await post({ archived: false }, '/leaky', 'PATCH')).status).toBe(200)
    expect(await compare()).toEqual(['leaky', 'honest'])
  })
})
