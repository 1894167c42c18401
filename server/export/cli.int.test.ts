import { execFile } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import { strFromU8, unzipSync } from 'fflate'
import { afterEach, describe, expect, it } from 'vitest'
import { KeelExport } from '#shared/export/manifest'
import { startServer, tempDir } from '../test/harness.ts'

const run = promisify(execFile)
const CLI = path.resolve(import.meta.dirname, '..', '..', 'scripts', 'keel.mjs')

describe('keel export | import-json (the CLI)', () => {
  const cleanups: (() => unknown)[] = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })

  it('exports a project with a read token and imports it into another server’s project with a write token, once', async () => {
    const a = await startServer({ seed: true })
    cleanups.push(a.close)
    const b = await startServer()
    cleanups.push(b.close)
    const { dir, cleanup } = tempDir('keel-export-cli-')
    cleanups.push(cleanup)
    const owner = a.app.accounts.credentials('owner@keel.local')?.user
    const workspace = a.app.directory.workspacesOf(owner!.id)[0]!
    const project = a.app.directory.projects(workspace.id)[0]!
    const read = a.app.accounts.createToken({ userId: owner!.id, workspaceId: workspace.id, name: 'cli', scope: 'read' }).secret
    const write = b.fixture.accounts.createToken({ userId: b.fixture.owner.id, workspaceId: b.fixture.workspaceId, name: 'cli', scope: 'write' }).secret
    const keel = async (server: { url: string }, token: string, ...args: string[]) =>
      (await run(process.execPath, [CLI, ...args], { env: { ...process.env, KEEL_URL: server.url, KEEL_TOKEN: token } })).stdout

    const json = path.join(dir, 'churn.keel.zip')
    expect(await keel(a, read, 'export', project.id, '--format', 'json', '--out', json)).toContain('application/zip')
    const file = KeelExport.parse(JSON.parse(strFromU8(unzipSync(fs.readFileSync(json))['keel-export.json']!)))
    expect(file.docs).toHaveLength(4)
    const zip = path.join(dir, 'spec.zip')
    await keel(a, read, 'export', '--page', 'welcome', '--subtree', '--format', 'md', '--out', zip)
    expect(Object.keys(unzipSync(fs.readFileSync(zip)))).toEqual(['Churn model v2 — spec.md'])

    const target = b.fixture.projectId
    expect(await keel(b, write, 'import-json', json, '--project', target)).toBe(`imported into ${target}: 4 created, 0 already there\n`)
    expect(await keel(b, write, 'import-json', json, '--project', target)).toBe(`imported into ${target}: 0 created, 4 already there\n`)
    expect(
      b.app.hub
        .docsOf(target)
        .map((d) => d.title)
        .sort(),
    ).toEqual(file.docs.map((d) => d.title).sort())
    // One page's export is the manifest itself, and imports as well.
    const page = path.join(dir, 'spec.keel.json')
    await keel(a, read, 'export', '--page', 'welcome', '--format', 'json', '--out', page)
    expect(KeelExport.parse(JSON.parse(fs.readFileSync(page, 'utf8'))).scope).toBe('page')
    expect(await keel(b, write, 'import-json', page, '--project', target)).toBe(`imported into ${target}: 0 created, 1 already there\n`)
    // A read token may not import.
    const readB = b.fixture.accounts.createToken({ userId: b.fixture.owner.id, workspaceId: b.fixture.workspaceId, name: 'r', scope: 'read' }).secret
    await expect(keel(b, readB, 'import-json', json, '--project', target)).rejects.toMatchObject({ stderr: expect.stringContaining('403') })
  })
})
