import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { TASK_NODE } from '#shared/blocks/task'
import { EXPERIMENT_BLOCK, readRuns } from '#shared/ml/runs'
import { EXPERIMENT_KIND } from '../ml/block-kinds.ts'
import type { BackupConfig } from '../config.ts'
import { connectClient, startServer, type TestClient, tempDir, waitFor } from '../test/harness.ts'
import { DATABASE } from './catalog.ts'
import { restoreAt } from './point-in-time.ts'
import { limits } from '#shared/limits'

const backupIn = (dir: string): { backup: BackupConfig } => ({
  backup: { dir, intervalMinutes: 0, keep: { hourly: 24, daily: 7, weekly: 4 }, method: 'vacuum-into', runsPerMinute: 100 },
})

type Json = Record<string, unknown> & { id: string }

function paragraph(doc: Y.Doc, text: string): void {
  const el = new Y.XmlElement('paragraph')
  doc.transact(() => {
    const fragment = doc.getXmlFragment('default')
    fragment.insert(fragment.length, [el])
    el.insert(0, [new Y.XmlText(text)])
  })
}

function task(doc: Y.Doc, id: string, title: string): void {
  const el = new Y.XmlElement(TASK_NODE)
  doc.transact(() => {
    const fragment = doc.getXmlFragment('default')
    fragment.insert(fragment.length, [el])
    el.setAttribute('id', id)
    el.insert(0, [new Y.XmlText(title)])
  })
}

describe('point-in-time restore (restoreAt)', () => {
  const cleanups: (() => unknown)[] = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })

  async function serve(dir: string, backups?: string) {
    const server = await startServer(backups ? backupIn(backups) : {}, dir)
    cleanups.push(server.close)
    const { fixture } = server
    const api = async (method: string, route: string, body?: unknown) => {
      const res = await fetch(`${server.url}${route}`, {
        method,
        headers: { cookie: fixture.owner.cookie, origin: server.url, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      })
      return { status: res.status, body: (await res.json()) as Json & Json[] }
    }
    const open = async (docId: string): Promise<TestClient> => {
      const c = connectClient(server.wsUrl, docId, { acks: true })
      cleanups.push(c.destroy)
      await c.synced()
      return c
    }
    const acked = (c: TestClient) => waitFor(() => c.provider.synced && c.allAcked(), 'acknowledged')
    const content = async (docId: string) => JSON.stringify((await api('GET', `/api/docs/${docId}/content`)).body.content)
    const pages = async () => (await api('GET', `/api/projects/${fixture.projectId}/docs`)).body
    return { server, fixture, api, open, acked, content, pages }
  }

  it('rewinds pages to the time: edits before it stay, later edits, pages and runs go, trash and deletions are undone, the task index is a rebuild', async () => {
    const { dir, cleanup } = tempDir()
    cleanups.push(cleanup)
    const live = path.join(dir, 'live')
    const backups = path.join(dir, 'backups')
    const { server, fixture, api, open, acked } = await serve(live, backups)
    const early = await server.app.backups!.run('manual')
    // Retention keeps one backup per hour: a copy elsewhere keeps this one to be refused later.
    const kept = path.join(dir, 'kept')
    fs.cpSync(path.join(backups, early.id), path.join(kept, early.id), { recursive: true })

    // Before the time: a page with text and a task, and two more pages, one of them in the trash.
    const spec = (await api('POST', `/api/projects/${fixture.projectId}/docs`, { title: 'Spec' })).body.id
    const trashed = (await api('POST', `/api/projects/${fixture.projectId}/docs`, { title: 'Kept' })).body.id
    const binned = (await api('POST', `/api/projects/${fixture.projectId}/docs`, { title: 'Binned' })).body.id
    expect((await api('POST', `/api/docs/${binned}/archive`)).status).toBe(200)
    const erased = (await api('POST', `/api/projects/${fixture.projectId}/docs`, { title: 'Erased' })).body.id
    const a = await open(spec)
    paragraph(a.doc, 'written before the time')
    task(a.doc, 'task-before', 'Collect data')
    a.doc.transact(() => {
      const el = new Y.XmlElement(EXPERIMENT_BLOCK)
      a.doc.getXmlFragment('default').push([el])
      el.setAttribute('id', 'block-sweep')
    })
    await acked(a)
    await waitFor(() => server.app.hub.blockDoc('block-sweep', EXPERIMENT_KIND) === spec, 'block indexed', 5000)
    const { secret } = fixture.accounts.createToken({ userId: fixture.owner.id, workspaceId: fixture.workspaceId, name: 'trainer', scope: 'write' })
    const pushRun = (runId: string) =>
      fetch(`${server.url}/api/projects/${fixture.projectId}/experiments/block-sweep/runs`, {
        method: 'POST',
        headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
        body: JSON.stringify({ runId, metrics: { val_f1: 0.8 } }),
      }).then((r) => r.status)
    expect(await pushRun('run-before')).toBe(201)
    await waitFor(() => readRuns(a.doc, 'block-sweep').length === 1, 'run in the editor')
    await new Promise((r) => setTimeout(r, 20))
    const until = Date.now()
    await new Promise((r) => setTimeout(r, 20))

    // After it: more text and a task, a new page, Kept moved to the trash, Binned deleted for good.
    paragraph(a.doc, 'written after the time')
    task(a.doc, 'task-after', 'Train model')
    await acked(a)
    expect(await pushRun('run-after')).toBe(201)
    const later = (await api('POST', `/api/projects/${fixture.projectId}/docs`, { title: 'Later page' })).body.id
    expect((await api('POST', `/api/docs/${trashed}/archive`)).status).toBe(200)
    // Erased: deleted for good and purged (its retention run out) before the backup.
    expect((await api('POST', `/api/docs/${erased}/archive`)).status).toBe(200)
    expect((await api('DELETE', `/api/docs/${erased}`)).status).toBe(200)
    expect(server.app.purger.run(Date.now() + 31 * 86_400_000)).toEqual([erased])
    expect((await api('DELETE', `/api/docs/${binned}`)).status).toBe(200)
    const project = (await api('POST', `/api/workspaces/${fixture.workspaceId}/projects`, { name: 'Later project' })).body.id
    expect((await api('GET', `/api/projects/${fixture.projectId}/tasks`)).body.map((t) => t.id)).toEqual(['task-before', 'task-after'])
    const backup = await server.app.backups!.run('manual')
    expect(backup.status).toBe('ok')
    fs.cpSync(path.join(backups, backup.id), path.join(kept, backup.id), { recursive: true })

    // Refusals: a backup from before the time, a time before the log began, a running target.
    const t = { until, shown: 'the test time' }
    await expect(restoreAt({ backup: path.join(kept, early.id) }, path.join(dir, 'x'), t, limits)).rejects.toThrow(
      new RegExp(
        `backup ${early.id} was taken at .*, not after the test time: its update log does not reach that time; the earliest backup after it is ${backup.id}`,
      ),
    )
    await expect(restoreAt({ backup: path.join(backups, backup.id) }, path.join(dir, 'y'), { until: 1000, shown: '1970' }, limits)).rejects.toThrow(
      /--at 1970: the oldest update in this log was committed at .*: there is nothing to rewind to before it/,
    )
    expect(fs.existsSync(path.join(dir, 'x')) || fs.existsSync(path.join(dir, 'y')), 'refused restores leave no folder').toBe(false)
    await expect(restoreAt({ backup: path.join(backups, backup.id) }, live, t, limits)).rejects.toThrow(/A Keel server .* is running on .*: stop it first/)
    await expect(restoreAt({ dataDir: live }, path.join(dir, 'z'), t, limits)).rejects.toThrow(
      /is running on .*: stop it first; --from-data-dir reads a stopped/,
    )

    const fresh = path.join(dir, 'fresh')
    const result = await restoreAt({ backup: path.join(backups, backup.id) }, fresh, t, limits)
    expect(result.rewind.rewound.find((d) => d.id === spec)).toMatchObject({ kind: 'doc', title: 'Spec', nearest: null })
    expect(result.rewind.rewound.find((d) => d.id === spec)!.dropped).toBeGreaterThan(0)
    expect(result.rewind.rewound.some((d) => d.kind === 'tree')).toBe(true)
    expect(result.rewind.removedPages.map((p) => p.id)).toEqual([later])
    expect(result.rewind.broughtBack.map((p) => p.id)).toEqual([binned])
    expect(result.rewind.notRewound).toEqual([])
    expect(result.rewind.removedProjects.map((p) => [p.id, p.name])).toEqual([[project, 'Later project']])
    // In the tree at the time, erased since: reported, and its row comes back empty.
    expect(result.missing).toEqual([{ id: erased, title: 'Erased', projectId: fixture.projectId }])
    expect(
      fs.readdirSync(fresh).filter((f) => f.startsWith('.point-in-time')),
      'staging removed',
    ).toEqual([])

    const restored = await serve(fresh)
    const reader = await restored.open(spec)
    const text = reader.doc.getXmlFragment('default').toString()
    expect(text).toContain('written before the time')
    expect(text).not.toContain('written after the time')
    expect(readRuns(reader.doc, 'block-sweep').map((r) => r.runId)).toEqual(['run-before'])
    expect(restored.server.app.hub.blockDoc('block-sweep', EXPERIMENT_KIND)).toBe(spec)
    expect(await restored.content(spec)).toContain('written before the time')
    expect(await restored.content(spec)).not.toContain('written after the time')
    const listed = await restored.pages()
    expect(listed.map((p) => p.id).sort()).toEqual([spec, trashed, binned, erased].sort())
    expect((await restored.api('GET', `/api/workspaces/${fixture.workspaceId}/projects`)).body.map((p) => p.id)).not.toContain(project)
    expect(listed.find((p) => p.id === trashed)!.archivedAt).toBeNull()
    expect(listed.find((p) => p.id === binned)!.archivedAt).not.toBeNull()
    expect((await restored.api('GET', `/api/docs/${later}`)).status).toBe(404)
    const tasks = (await restored.api('GET', `/api/projects/${fixture.projectId}/tasks`)).body
    expect(tasks.map((x) => x.id)).toEqual(['task-before'])
    const rows = () => restored.server.app.tasks.ofProject(fixture.projectId).map(({ updatedAt: _u, ...rest }) => rest)
    const before = rows()
    restored.server.app.indexer.rebuildProject(fixture.projectId)
    expect(rows()).toEqual(before)
    // Version history stops at the time too: no version ends after the kept log.
    const versions = restored.server.app.history.all(spec)
    expect(versions.every((v) => v.toSeq <= result.rewind.rewound.find((d) => d.id === spec)!.keptSeq)).toBe(true)

    // The rewound log goes on: a new edit is stored, and a fresh load has both.
    paragraph(reader.doc, 'written after the restore')
    await restored.acked(reader)
    reader.destroy()
    await restored.server.close()
    const again = await serve(fresh)
    const check = await again.open(spec)
    expect(check.doc.getXmlFragment('default').toString()).toMatch(/written before the time.*written after the restore/s)
  })

  it('from a stopped data folder into itself: the old database is set aside, the result is rewound', async () => {
    const { dir, cleanup } = tempDir()
    cleanups.push(cleanup)
    const live = path.join(dir, 'live')
    const { server, open, acked } = await serve(live)
    const a = await open('pitr-doc')
    paragraph(a.doc, 'first')
    await acked(a)
    await new Promise((r) => setTimeout(r, 20))
    const until = Date.now()
    await new Promise((r) => setTimeout(r, 20))
    paragraph(a.doc, 'second')
    await acked(a)
    a.destroy()
    await server.close()

    const result = await restoreAt({ dataDir: live }, live, { until, shown: 'then' }, limits, Date.parse('2026-12-06T12:00:00Z'))
    expect(result.manifest).toBeNull()
    const aside = path.join(live, `${DATABASE}.before-restore-2026-12-06T12-00-00-000Z`)
    expect(result.setAside[0]).toBe(aside)
    expect(result.setAside.every((f) => f.startsWith(aside))).toBe(true)
    expect(result.rewind.rewound.map((d) => [d.id, d.dropped])).toEqual([['pitr-doc', 1]])
    const again = await serve(live)
    const b = await again.open('pitr-doc')
    expect(b.doc.getXmlFragment('default').toString()).toContain('first')
    expect(b.doc.getXmlFragment('default').toString()).not.toContain('second')
  })
})
