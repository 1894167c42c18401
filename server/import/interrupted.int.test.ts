import { zipSync } from 'fflate'
import { afterEach, describe, expect, it } from 'vitest'
import type { ImportJob } from '#shared/api/imports'
import { buildTree, readNodes } from '#shared/hub/tree'
import { startServer, tempDir } from '../test/harness.ts'

describe('an import cut short by a server stop', () => {
  const cleanups: (() => unknown)[] = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })

  it('is marked failed, and running it again after the restart completes it without duplicating a page', async () => {
    const { dir, cleanup } = tempDir()
    cleanups.push(cleanup)
    const files: Record<string, Uint8Array> = {}
    for (let i = 0; i < 400; i++) files[`notes/n${String(i).padStart(3, '0')}.md`] = Buffer.from(`# Note ${i}\n\n- [ ] check ${i}\n`)
    const zip = zipSync(files)

    const first = await startServer({}, dir)
    const { fixture } = first
    const call = async (server: typeof first, method: string, url: string, body?: Uint8Array) => {
      const res = await fetch(`${server.url}/api/projects/${fixture.projectId}/imports${url}`, {
        method,
        headers: { cookie: fixture.owner.cookie, origin: server.url, ...(body ? { 'content-type': 'application/zip' } : {}) },
        ...(body ? { body } : {}),
      })
      return (await res.json()) as ImportJob
    }
    const job = await call(first, 'POST', '?name=notes.zip', zip)
    expect((await call(first, 'POST', `/${job.id}/run`)).status).toBe('running')
    // Stop while it runs: the run ends at its next batch.
    await first.close()

    const second = await startServer({}, dir)
    cleanups.push(second.close)
    const stopped = await call(second, 'GET', `/${job.id}`)
    expect(stopped.status).toBe('failed')
    expect(stopped.error).toMatch(/server stopped during the run; run it again/)
    expect(stopped.progress.pagesDone).toBeLessThan(401)

    expect((await call(second, 'POST', `/${job.id}/run`)).status).toBe('running')
    let state = stopped
    for (let i = 0; i < 400 && state.status !== 'done'; i++) {
      await new Promise((r) => setTimeout(r, 25))
      state = await call(second, 'GET', `/${job.id}`)
    }
    expect(state.status).toBe('done')
    const treeDocId = second.fixture.directory.project(fixture.projectId)!.treeDocId
    const titles = [...buildTree(readNodes(second.app.registry.readCommitted(treeDocId))).byId.values()].map((n) => n.title)
    expect(titles.filter((t) => t.startsWith('Note '))).toHaveLength(400)
    expect(new Set(titles).size).toBe(titles.length)
  })
})
