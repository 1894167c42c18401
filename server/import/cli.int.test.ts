import { execFile } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'
import { buildTree, readNodes } from '#shared/hub/tree'
import { startServer, tempDir } from '../test/harness.ts'
import { MARKDOWN_FIXTURE } from '../test/zip-folder.ts'

const run = promisify(execFile)
const CLI = path.resolve(import.meta.dirname, '..', '..', 'scripts', 'keel.mjs')

describe('keel import markdown (the CLI)', () => {
  const cleanups: (() => unknown)[] = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })

  it('plans a folder (zipped client-side), runs it with progress, reports, and undoes it', async () => {
    const server = await startServer()
    cleanups.push(server.close)
    const { fixture, app } = server
    const treeDocId = fixture.directory.project(fixture.projectId)!.treeDocId
    const live = () => buildTree(readNodes(app.registry.readCommitted(treeDocId))).byId.size
    const before = live()
    const { secret } = fixture.accounts.createToken({ userId: fixture.owner.id, workspaceId: fixture.workspaceId, name: 'cli', scope: 'write' })
    const env = { ...process.env, KEEL_URL: server.url, KEEL_TOKEN: secret }
    const keel = async (...args: string[]) => (await run(process.execPath, [CLI, ...args], { env })).stdout

    const dry = await keel('import', 'markdown', MARKDOWN_FIXTURE, '--project', fixture.projectId, '--dry-run')
    expect(dry).toContain('create ml-team-docs/specs/churn-model-v2.md  → create "Churn model v2 — spec" under "specs"')
    expect(dry).toContain('warning: not valid UTF-8: read as Latin-1')
    expect(dry).toMatch(/attach ml-team-docs\/experiments\/img\/loss-curve\.png {2}\(\d+ bytes\)/)
    expect(dry).toContain('plan: 12 to create, 0 to update, 0 unchanged')
    expect(dry).toContain('dry run: nothing was written')
    expect(live()).toBe(before)

    const { dir, cleanup } = tempDir()
    cleanups.push(cleanup)
    const reportFile = path.join(dir, 'report.json')
    const out = await keel('import', 'markdown', MARKDOWN_FIXTURE, '--project', fixture.projectId, '--report', reportFile)
    expect(out).toMatch(/done: 12 created, 0 updated, 0 skipped/)
    expect(out).toMatch(/stored ml-team-docs\/experiments\/img\/loss-curve\.png as att_/)
    expect(live()).toBe(before + 12)
    const report = JSON.parse(fs.readFileSync(reportFile, 'utf8')) as { jobId: string; created: unknown[] }
    expect(report.created).toHaveLength(12)

    const again = await keel('import', 'markdown', MARKDOWN_FIXTURE, '--project', fixture.projectId)
    expect(again).toMatch(/done: 0 created, 0 updated, 12 skipped/)
    expect(again).toMatch(/reused ml-team-docs\/experiments\/img\/loss-curve\.png as att_/)
    expect(live()).toBe(before + 12)

    expect(await keel('import', 'undo', report.jobId, '--project', fixture.projectId)).toMatch(/undone: \d+ page\(s\) moved to the trash/)
    expect(live()).toBe(before)
    await expect(keel('import', 'markdown', '/no/such/folder', '--project', fixture.projectId)).rejects.toMatchObject({
      stderr: expect.stringContaining('no such file or folder'),
    })
  })

  it('keel import jira: a CSV grouped by sprint, with a status chosen on the command line', async () => {
    const server = await startServer()
    cleanups.push(server.close)
    const { fixture } = server
    const { secret } = fixture.accounts.createToken({ userId: fixture.owner.id, workspaceId: fixture.workspaceId, name: 'cli', scope: 'write' })
    const env = { ...process.env, KEEL_URL: server.url, KEEL_TOKEN: secret }
    const csv = path.resolve(import.meta.dirname, '../../test/fixtures/import/jira/jira-500.csv')
    const { stdout } = await run(
      process.execPath,
      [CLI, 'import', 'jira', csv, '--project', fixture.projectId, '--group-by', 'sprint', '--status', 'Blocked on vendor=in_progress', '--dry-run'],
      { env },
    )
    expect(stdout).toContain('create "Backlog" under')
    expect(stdout).toContain('status "Blocked on vendor" (57) → in_progress')
    expect(stdout).toContain('dry run: nothing was written')
  })
})
