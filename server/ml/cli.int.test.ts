import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { EXPERIMENT_BLOCK, readRuns } from '#shared/ml/runs'
import { connectClient, startServer, waitFor } from '../test/harness.ts'
import { EXPERIMENT_KIND } from './block-kinds.ts'

const run = promisify(execFile)
const CLI = path.resolve(import.meta.dirname, '..', '..', 'scripts', 'keel.mjs')

describe('keel log-run (the CLI)', () => {
  const cleanups: (() => unknown)[] = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })

  it('pushes a run with params and metrics, then steps, and they appear live in the editor', async () => {
    const server = await startServer()
    cleanups.push(server.close)
    const { fixture } = server
    const docId = fixture.ensureDoc('cli-doc')
    const editor = connectClient(server.wsUrl, docId, { acks: true })
    cleanups.push(editor.destroy)
    await editor.synced()
    editor.doc.transact(() => {
      const el = new Y.XmlElement(EXPERIMENT_BLOCK)
      editor.doc.getXmlFragment('default').push([el])
      el.setAttribute('id', 'cli-block')
    })
    await waitFor(() => server.app.hub.blockDoc('cli-block', EXPERIMENT_KIND) === docId, 'indexed', 5000)
    const { secret } = fixture.accounts.createToken({ userId: fixture.owner.id, workspaceId: fixture.workspaceId, name: 'cli', scope: 'write' })
    const env = { ...process.env, KEEL_URL: server.url, KEEL_TOKEN: secret, KEEL_PROJECT: fixture.projectId }

    const first = await run(
      process.execPath,
      [
        CLI,
        'log-run',
        '--block',
        'cli-block',
        '--run',
        'r-cli',
        '--name',
        'cli run',
        '--param',
        'lr=3e-4',
        '--param',
        'optimizer=adamw',
        '--metric',
        'val_f1=0.91',
        '--dataset',
        'churn@v3',
        '--tag',
        'baseline',
      ],
      { env },
    )
    expect(first.stdout.trim()).toBe('r-cli')
    await run(process.execPath, [CLI, 'log-run', '--block', 'cli-block', '--run', 'r-cli', '--step', '3', '--metric', 'loss=0.42'], { env })
    await waitFor(() => readRuns(editor.doc, 'cli-block')[0]?.series.loss?.length === 1, 'step arrives')
    expect(readRuns(editor.doc, 'cli-block')[0]).toMatchObject({
      runId: 'r-cli',
      name: 'cli run',
      params: { lr: 3e-4, optimizer: 'adamw' },
      metrics: { val_f1: 0.91, loss: 0.42 },
      dataset: { name: 'churn', version: 'v3' },
      tags: ['baseline'],
    })

    const bad = await run(process.execPath, [CLI, 'log-run', '--block', 'cli-block', '--metric', 'val_f1=high'], { env }).catch(
      (e: { code: number; stderr: string }) => e,
    )
    expect(bad).toMatchObject({ code: 2 })
    expect((bad as { stderr: string }).stderr).toMatch(/val_f1: high is not a number/)
  })

  it('tells a script whose token is revoked or mistyped that the token is the problem, not "sign in"', async () => {
    const server = await startServer()
    cleanups.push(server.close)
    const { fixture } = server
    const { token, secret } = fixture.accounts.createToken({ userId: fixture.owner.id, workspaceId: fixture.workspaceId, name: 'ci', scope: 'write' })
    fixture.accounts.revokeToken(token.id)
    for (const t of [secret, 'kt_mistyped']) {
      const env = { ...process.env, KEEL_URL: server.url, KEEL_TOKEN: t, KEEL_PROJECT: fixture.projectId }
      const failed = await run(process.execPath, [CLI, 'log-run', '--block', 'any', '--metric', 'val_f1=0.9'], { env }).catch(
        (e: { code: number; stderr: string }) => e,
      )
      expect(failed).toMatchObject({ code: 1 })
      expect((failed as { stderr: string }).stderr).toContain('401 this API token is invalid or revoked')
    }
  })

  it('finishes a run pushed with no metric, then archives, unarchives and deletes it: each seen live by an open editor', async () => {
    const server = await startServer()
    cleanups.push(server.close)
    const { fixture } = server
    const docId = fixture.ensureDoc('cli-hygiene')
    const editor = connectClient(server.wsUrl, docId, { acks: true })
    cleanups.push(editor.destroy)
    await editor.synced()
    editor.doc.transact(() => {
      const el = new Y.XmlElement(EXPERIMENT_BLOCK)
      editor.doc.getXmlFragment('default').push([el])
      el.setAttribute('id', 'cli-block')
    })
    await waitFor(() => server.app.hub.blockDoc('cli-block', EXPERIMENT_KIND) === docId, 'indexed', 5000)
    const { secret } = fixture.accounts.createToken({ userId: fixture.owner.id, workspaceId: fixture.workspaceId, name: 'cli', scope: 'write' })
    const env = { ...process.env, KEEL_URL: server.url, KEEL_TOKEN: secret, KEEL_PROJECT: fixture.projectId }
    const keel = (...args: string[]) => run(process.execPath, [CLI, ...args], { env })
    const runOf = () => readRuns(editor.doc, 'cli-block').find((r) => r.runId === 'r-empty')

    // A push with no metric says what it leaves behind; a later push finishes it.
    const empty = await keel('log-run', '--block', 'cli-block', '--run', 'r-empty', '--param', 'lr=1e-3')
    expect(empty.stderr).toContain('has no metric yet')
    await waitFor(() => runOf()?.status === 'running', 'running run arrives')
    await keel('log-run', '--block', 'cli-block', '--run', 'r-empty', '--status', 'failed')
    await waitFor(() => runOf()?.status === 'failed', 'failed arrives')
    expect(runOf()?.params).toEqual({ lr: 1e-3 })
    const bad = await keel('log-run', '--block', 'cli-block', '--run', 'r-empty', '--status', 'done').catch((e: { code: number; stderr: string }) => e)
    expect(bad).toMatchObject({ code: 2, stderr: expect.stringContaining('--status must be one of running, finished, failed, killed') })

    expect((await keel('archive-run', 'cli-block', 'r-empty')).stdout.trim()).toBe('archived r-empty')
    await waitFor(() => typeof runOf()?.archivedAt === 'string', 'archived live')
    expect((await keel('unarchive-run', 'cli-block', 'r-empty')).stdout.trim()).toBe('unarchived r-empty')
    await waitFor(() => runOf()?.archivedAt === null, 'unarchived live')

    expect((await keel('delete-run', 'cli-block', 'r-empty')).stdout.trim()).toBe('deleted r-empty')
    await waitFor(() => runOf() === undefined, 'deleted live')
    // Idempotent for scripts that retry: a second delete succeeds and says there was nothing.
    expect((await keel('delete-run', 'cli-block', 'r-empty')).stdout.trim()).toBe('r-empty: no such run in block cli-block (nothing to delete)')
    const noBlock = await keel('delete-run', 'no-block', 'r-empty').catch((e: { code: number; stderr: string }) => e)
    expect(noBlock).toMatchObject({ code: 1, stderr: expect.stringContaining('404 experiment block not found') })
  })
})
