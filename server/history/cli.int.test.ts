import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { fragmentToJson, jsonToText } from '#shared/doc/fragment'
import { startServer } from '../test/harness.ts'

const run = promisify(execFile)
const CLI = path.resolve(import.meta.dirname, '..', '..', 'scripts', 'keel.mjs')

function paragraph(doc: Y.Doc, text: string): void {
  const p = new Y.XmlElement('paragraph')
  doc.getXmlFragment('default').push([p])
  p.insert(0, [new Y.XmlText(text)])
}

describe('keel versions | version | diff | name-version | restore (the CLI)', () => {
  const cleanups: (() => unknown)[] = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })

  it('names, lists, shows, diffs and restores over the API with a token', async () => {
    const server = await startServer()
    cleanups.push(server.close)
    const { fixture, app } = server
    const docId = fixture.ensureDoc('cli-history')
    app.registry.change(docId, fixture.owner.id, (d) => paragraph(d, 'Deployment criteria: F1 ≥ 0.9'))
    const { secret } = fixture.accounts.createToken({ userId: fixture.owner.id, workspaceId: fixture.workspaceId, name: 'cli', scope: 'write' })
    const env = { ...process.env, KEEL_URL: server.url, KEEL_TOKEN: secret }
    const keel = async (...args: string[]) => (await run(process.execPath, [CLI, ...args], { env })).stdout

    expect(await keel('name-version', docId, 'Frozen')).toContain('"Frozen"')
    app.registry.change(docId, fixture.owner.id, (d) => paragraph(d, 'Rollback plan'))
    const list = await keel('versions', docId)
    expect(list.split('\n')[0]).toMatch(/^now /)
    const id = /^\s*(\d+) .*"Frozen"/m.exec(list)![1]!
    expect(await keel('version', docId, id, '--markdown')).toContain('Deployment criteria')
    expect(JSON.parse(await keel('version', docId, id)).content.content).toHaveLength(1)
    expect(JSON.parse(await keel('diff', docId, id)).counts.added).toBe(1)
    expect(await keel('restore', docId, id)).toContain('restore')
    const now = fragmentToJson(app.registry.readCommitted(docId).getXmlFragment('default'))
    expect((now.content ?? []).map(jsonToText)).toEqual(['Deployment criteria: F1 ≥ 0.9'])
    await expect(keel('version', docId, '99999')).rejects.toMatchObject({ stderr: expect.stringContaining('404') })
  })
})
