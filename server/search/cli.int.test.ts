import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'
import { startServer } from '../test/harness.ts'

const run = promisify(execFile)
const CLI = path.resolve(import.meta.dirname, '..', '..', 'scripts', 'keel.mjs')

describe('keel search (the CLI)', () => {
  const cleanups: (() => unknown)[] = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })

  it('prints hits with the match marked and a link to the block; a bad query exits non-zero with the reason', async () => {
    const server = await startServer()
    cleanups.push(server.close)
    const { fixture } = server
    const docId = fixture.ensureDoc('cli-search-doc')
    const res = await fetch(`${server.url}/api/docs/${docId}/tasks`, {
      method: 'POST',
      headers: { cookie: fixture.owner.cookie, origin: server.url, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Tune the narwhal tokenizer' }),
    })
    const task = (await res.json()) as { id: string }
    const { secret } = fixture.accounts.createToken({ userId: fixture.owner.id, workspaceId: fixture.workspaceId, name: 'cli', scope: 'read' })
    const env = { ...process.env, KEEL_URL: server.url, KEEL_TOKEN: secret }

    const out = await run(process.execPath, [CLI, 'search', 'narwhal', '--kind', 'task', '--project', fixture.projectId], { env })
    expect(out.stdout).toContain('task')
    expect(out.stdout).toContain('Tune the [narwhal] tokenizer')
    expect(out.stdout).toContain(`${server.url}/d/${docId}#task-${task.id}`)
    const json = JSON.parse((await run(process.execPath, [CLI, 'search', 'narwhal', '--json'], { env })).stdout) as { hits: unknown[] }
    expect(json.hits.length).toBeGreaterThan(0)

    const bad = await run(process.execPath, [CLI, 'search', 'x'.repeat(300)], { env }).catch((e: { code: number; stderr: string }) => e)
    expect(bad).toMatchObject({ code: 1 })
    expect((bad as { stderr: string }).stderr).toContain('400')
  })
})
