import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { zipSync } from 'fflate'
import { afterEach, describe, expect, it } from 'vitest'
import type { ImportJob, ImportReport } from '#shared/api/imports'
import { EDITOR_FRAGMENT, fragmentToJson } from '#shared/doc/fragment'
import { buildTree, readNodes, type TreeNode } from '#shared/hub/tree'
import { readProperties } from '#shared/import/properties'
import { ATTACHMENT_LIMITS } from '#shared/limits'
import { importClient } from '../test/import-client.ts'
import { connectClient, startServer, waitFor } from '../test/harness.ts'
import { MARKDOWN_FIXTURE, zipFolder } from '../test/zip-folder.ts'

describe('Markdown import through the real server', () => {
  const cleanups: (() => unknown)[] = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })

  async function setup() {
    const server = await startServer()
    cleanups.push(server.close)
    const { fixture } = server
    const projectId = fixture.projectId
    const treeDocId = fixture.directory.project(projectId)!.treeDocId
    const { base, call, runToEnd } = importClient(server, fixture.projectId, fixture.owner.cookie)
    const upload = async (bytes: Uint8Array, name = 'ml-team-docs.zip', dryRun = true) =>
      call('POST', `${base}?name=${encodeURIComponent(name)}&dryRun=${dryRun}`, bytes)
    const report = async (jobId: string) => (await call('GET', `${base}/${jobId}/report`)).body as unknown as ImportReport
    const tree = () => buildTree(readNodes(server.app.registry.readCommitted(treeDocId)))
    return { server, fixture, projectId, treeDocId, call, upload, runToEnd, report, tree, base }
  }

  const childTitles = (n: TreeNode | undefined) => (n?.children ?? []).map((c) => c.title)
  const contentOf = (server: Awaited<ReturnType<typeof startServer>>, docId: string) =>
    fragmentToJson(server.app.registry.readCommitted(docId).getXmlFragment(EDITOR_FRAGMENT))

  it('dry run, run, tree mirrors the folders, tasks indexed, links resolved, live tree, no duplicates on re-run, undo', async () => {
    const { server, fixture, projectId, treeDocId, call, upload, runToEnd, report, tree, base } = await setup()
    const sidebar = connectClient(server.wsUrl, treeDocId, { acks: true, cookie: fixture.owner.cookie })
    cleanups.push(sidebar.destroy)
    await sidebar.synced()
    const before = tree().byId.size
    const zip = zipFolder(MARKDOWN_FIXTURE)

    // Dry run: the plan, nothing made.
    const dry = await upload(zip)
    expect(dry.status).toBe(201)
    const job = dry.body as unknown as ImportJob
    expect(job.status).toBe('planned')
    const plan = job.plan!
    expect(plan.items.map((i) => [i.action, i.path, i.parentTitle])).toEqual([
      ['create', 'ml-team-docs/README.md', server.fixture.directory.project(projectId)!.name],
      ['create', 'ml-team-docs/experiments/', 'ML team handbook'],
      ['create', 'ml-team-docs/experiments/2026-03-baseline.md', 'experiments'],
      ['create', 'ml-team-docs/experiments/2026-03-lr-sweep.md', 'experiments'],
      ['create', 'ml-team-docs/runbooks/README.md', 'ML team handbook'],
      ['create', 'ml-team-docs/runbooks/incident-response.md', 'Runbooks'],
      ['create', 'ml-team-docs/runbooks/retrain-weekly.md', 'Runbooks'],
      ['create', 'ml-team-docs/runbooks/rollback.md', 'Runbooks'],
      ['create', 'ml-team-docs/specs/', 'ML team handbook'],
      ['create', 'ml-team-docs/specs/churn-model-v2.md', 'specs'],
      ['create', 'ml-team-docs/specs/eval-protocol.md', 'specs'],
      ['create', 'ml-team-docs/specs/feature-store.md', 'specs'],
    ])
    expect(plan.skipped).toEqual([])
    const png = fs.readFileSync(path.join(MARKDOWN_FIXTURE, 'experiments/img/loss-curve.png'))
    expect(plan.attachments).toEqual([
      { path: 'ml-team-docs/experiments/img/loss-curve.png', name: 'loss-curve.png', bytes: png.length, action: 'store', reason: null, attachmentId: null },
    ])
    expect(plan.totals.attachments).toBe(1)
    const item = (p: string) => plan.items.find((i) => i.path === `ml-team-docs/${p}`)!
    expect(item('runbooks/incident-response.md').warnings.join()).toMatch(/Latin-1/)
    expect(item('experiments/2026-03-lr-sweep.md').warnings.join()).toMatch(/raw HTML removed/)
    expect(item('specs/churn-model-v2.md').warnings).toContain('image "img/architecture.png" is not in the archive: kept as its alt text')
    expect(item('specs/churn-model-v2.md')).toMatchObject({ title: 'Churn model v2 — spec', tasks: 5, links: 3 })
    expect(item('specs/eval-protocol.md').title).toBe('Evaluation protocol')
    expect(tree().byId.size).toBe(before)

    // Run: pages appear live in an open sidebar, in the folders' shape.
    const done = await runToEnd(job.id)
    expect(done.status).toBe('done')
    expect(done.progress).toMatchObject({ pagesDone: 12, pagesTotal: 12, filesDone: 12, filesTotal: 12 })
    expect(done.progress.bytesDone).toBe(done.progress.bytesTotal)
    expect(done.progress.bytesTotal).toBeGreaterThan(4000)
    const view = tree()
    const root = view.roots.find((r) => r.title === 'ML team handbook')!
    expect(childTitles(root)).toEqual(['experiments', 'Runbooks', 'specs'])
    expect(childTitles(root.children[0])).toEqual(['March baseline (GBM)', 'Learning-rate sweep'])
    expect(childTitles(root.children[1])).toEqual(['Incident response', 'Weekly retrain', 'Rolling back a model'])
    expect(childTitles(root.children[2])).toEqual(['Churn model v2 — spec', 'Evaluation protocol', 'Feature store'])
    await waitFor(() => buildTree(readNodes(sidebar.doc)).byId.size === before + 12, 'the imported pages in the open sidebar')

    const r1 = await report(job.id)
    expect(r1.created).toHaveLength(12)
    const idOf = (p: string) => r1.created.find((c) => c.path === `ml-team-docs/${p}`)!.docId
    const spec = idOf('specs/churn-model-v2.md')

    // Task blocks are indexed: the project's task list shows them with their done state.
    const tasks = (await call('GET', `/api/projects/${projectId}/tasks`)).body as unknown as { title: string; status: string; docId: string }[]
    const specTasks = tasks.filter((t) => t.docId === spec)
    expect(specTasks.map((t) => [t.title, t.status])).toEqual([
      ['Collect twelve months of events and billing data', 'done'],
      ['Define churn labels and audit them for leakage', 'done'],
      ['Train a gradient-boosted baseline', 'todo'],
      ['Evaluate on the March holdout, per segment', 'todo'],
      ['Canary the weekly batch scoring', 'todo'],
    ])
    expect(tasks.length).toBe(12)

    // Links between files point at the new pages; the hub derives backlinks from them.
    const readme = JSON.stringify(contentOf(server, idOf('README.md')))
    expect(readme).toContain(`"href":"/d/${spec}"`)
    expect(readme).toContain(`"href":"/d/${idOf('runbooks/README.md')}"`)
    await waitFor(() => server.app.hub.backlinks(spec).some((b: { id: string }) => b.id === idOf('README.md')), 'backlink from the handbook to the spec', 5000)

    // Encodings, front matter, HTML.
    expect(JSON.stringify(contentOf(server, idOf('runbooks/incident-response.md')))).toContain('Équipe de garde')
    expect(readProperties(server.app.registry.readCommitted(spec))).toMatchObject({ owner: 'dana', reviewers: ['li', 'sam'], target_f1: 0.92 })
    expect(JSON.stringify(contentOf(server, idOf('experiments/2026-03-lr-sweep.md')))).not.toMatch(/<script|alert\(/)

    // Re-running the same source duplicates nothing: every entry is skipped as unchanged.
    const again = (await upload(zip)).body as unknown as ImportJob
    expect(again.plan!.totals).toMatchObject({ create: 0, update: 0, skip: 12, attachments: 0 })
    const stored = r1.attachments![0]!
    expect(stored).toMatchObject({ status: 'stored', path: 'ml-team-docs/experiments/img/loss-curve.png' })
    expect(again.plan!.attachments).toEqual([{ ...plan.attachments![0], action: 'reuse', reason: expect.any(String), attachmentId: stored.attachmentId }])
    const againDone = await runToEnd(again.id)
    expect(againDone.status).toBe('done')
    expect((await report(again.id)).attachments).toMatchObject([{ status: 'reused', attachmentId: stored.attachmentId }])
    expect(server.app.attachments.listProject(projectId)).toHaveLength(1)
    expect(tree().byId.size).toBe(before + 12)

    // A changed file is updated in place (an open editor of it sees the change live).
    const editor = connectClient(server.wsUrl, spec, { cookie: fixture.owner.cookie })
    cleanups.push(editor.destroy)
    await editor.synced()
    const changed = fs.readFileSync(path.join(MARKDOWN_FIXTURE, 'specs/churn-model-v2.md'), 'utf8').replace('- [ ] Canary', '- [x] Canary')
    const third = (await upload(zipFolder(MARKDOWN_FIXTURE, { 'ml-team-docs/specs/churn-model-v2.md': changed }))).body as unknown as ImportJob
    expect(third.plan!.items.filter((i) => i.action === 'update').map((i) => i.path)).toEqual(['ml-team-docs/specs/churn-model-v2.md'])
    await runToEnd(third.id)
    expect((await report(third.id)).updated.map((u) => u.docId)).toEqual([spec])
    await waitFor(
      () => JSON.stringify(fragmentToJson(editor.doc.getXmlFragment(EDITOR_FRAGMENT))).includes('"id":"' + spec + '-t4","status":"done"'),
      'the open editor sees the update',
    )
    expect(tree().byId.size).toBe(before + 12)

    // Undo the first import: every page it made goes to the trash, the task list empties of them.
    const undo = await call('POST', `${base}/${job.id}/undo`)
    expect(undo.status).toBe(200)
    expect((undo.body as unknown as ImportReport).undone).toMatchObject({ pages: expect.any(Number) })
    for (const c of r1.created) expect(server.app.hub.doc(c.docId)!.archivedAt, c.path).not.toBeNull()
    expect(tree().byId.size).toBe(before)
    const after = (await call('GET', `/api/projects/${projectId}/tasks`)).body as unknown as { docId: string }[]
    expect(after.filter((t) => r1.created.some((c) => c.docId === t.docId))).toEqual([])
    expect((await call('POST', `${base}/${job.id}/undo`)).status).toBe(409)
    // The attachments stay (content-addressed, harmless): importing again uses the same one.
    expect(server.app.attachments.meta(stored.attachmentId!)).not.toBeNull()
    // Runs and the undo are in the workspace's audit log.
    const audited = server.app.audit.visibleIn(fixture.workspaceId, { limit: 50 }).filter((e) => e.kind.startsWith('import.'))
    expect(audited.map((e) => [e.kind, e.detail.jobId])).toEqual([
      ['import.undone', job.id],
      ['import.run', third.id],
      ['import.run', again.id],
      ['import.run', job.id],
    ])
  })

  it('stores an image as an attachment served by Keel, keeps a table as a table, and makes a file block of a linked config', async () => {
    const { server, fixture, upload, runToEnd, report, call } = await setup()
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64')
    const page =
      '# Run 42\n\nThe curve ![loss](plots/loss.png) flattens; config in [train.yaml](train.yaml).\n\n| metric | value |\n|---|---|\n| F1 | **0.91** |\n'
    const zip = zipSync({ 'run/notes.md': Buffer.from(page), 'run/plots/loss.png': png, 'run/train.yaml': Buffer.from('lr: 0.05\n') })
    const dry = (await upload(zip, 'run.zip')).body as unknown as ImportJob
    expect(dry.plan!.attachments!.map((a) => [a.path, a.action])).toEqual([
      ['run/plots/loss.png', 'store'],
      ['run/train.yaml', 'store'],
    ])
    expect((await runToEnd(dry.id)).status).toBe('done')
    const created = (await report(dry.id)).created.find((c) => c.path === 'run/notes.md')
    const res = await call('GET', `/api/docs/${created!.docId}/content`)
    expect(res.status).toBe(200)
    const blocks = (res.body.content as { content: { type: string; attrs?: Record<string, unknown>; content?: unknown[] }[] }).content
    expect(blocks.map((b) => b.type)).toEqual(['heading', 'paragraph', 'image', 'fileAttachment', 'table'])
    const image = blocks[2]!.attrs!
    expect(image).toMatchObject({ alt: 'loss', src: `/api/attachments/${String(image.attachmentId)}` })
    // The image's URL serves the same bytes, to a member.
    const got = await fetch(`${server.url}${String(image.src)}`, { headers: { cookie: fixture.owner.cookie } })
    expect(got.status).toBe(200)
    expect(Buffer.from(await got.arrayBuffer()).equals(png)).toBe(true)
    expect(blocks[3]!.attrs).toMatchObject({ name: 'train.yaml', size: 9 })
    expect(blocks[4]).toEqual({
      type: 'table',
      content: [
        {
          type: 'tableRow',
          content: [
            {
              type: 'tableHeader',
              attrs: { colspan: 1, rowspan: 1, colwidth: null },
              content: [{ type: 'paragraph', content: [{ type: 'text', text: 'metric' }] }],
            },
            {
              type: 'tableHeader',
              attrs: { colspan: 1, rowspan: 1, colwidth: null },
              content: [{ type: 'paragraph', content: [{ type: 'text', text: 'value' }] }],
            },
          ],
        },
        {
          type: 'tableRow',
          content: [
            { type: 'tableCell', attrs: { colspan: 1, rowspan: 1, colwidth: null }, content: [{ type: 'paragraph', content: [{ type: 'text', text: 'F1' }] }] },
            {
              type: 'tableCell',
              attrs: { colspan: 1, rowspan: 1, colwidth: null },
              content: [{ type: 'paragraph', content: [{ type: 'text', text: '0.91', marks: [{ type: 'bold' }] }] }],
            },
          ],
        },
      ],
    })
  })

  it('drops a file over the attachment limit in the plan, with the reason, and still imports the page', async () => {
    const { server, fixture, upload, runToEnd, report } = await setup()
    // Random bytes: incompressible, so no bomb (the ratio check), stored as they are.
    const big = crypto.randomBytes(ATTACHMENT_LIMITS.maxBytes + 1)
    const zip = zipSync({ 'big/page.md': Buffer.from('# Big\n\n![huge](huge.png)\n'), 'big/huge.png': [big, { level: 0 }] })
    const dry = (await upload(zip, 'big.zip')).body as unknown as ImportJob
    expect(dry.plan!.attachments).toEqual([
      {
        path: 'big/huge.png',
        name: 'huge.png',
        bytes: big.length,
        action: 'drop',
        reason: expect.stringMatching(/larger than the 25 MiB/),
        attachmentId: null,
      },
    ])
    expect(dry.plan!.skipped).toEqual([{ path: 'big/huge.png', reason: expect.stringMatching(/^attachment not stored: larger than/) }])
    expect(dry.plan!.totals.attachments).toBe(0)
    expect((await runToEnd(dry.id)).status).toBe('done')
    const r = await report(dry.id)
    expect(r.attachments).toMatchObject([{ path: 'big/huge.png', status: 'dropped' }])
    expect(JSON.stringify(contentOf(server, r.created.find((c) => c.path === 'big/page.md')!.docId))).toContain('[image: huge]')
    expect(server.app.attachments.listProject(fixture.projectId)).toEqual([])
  })

  it('imports a single Markdown file at the root', async () => {
    const { upload, runToEnd, tree, report } = await setup()
    const note = Buffer.from('# Quick note\n\n- [ ] Ping the data team\n')
    const dry = (await upload(note, 'v1.2 notes.md')).body as unknown as ImportJob
    expect(dry.plan!.items.map((i) => [i.path, i.title, i.action])).toEqual([['v1.2 notes.md', 'Quick note', 'create']])
    expect((await runToEnd(dry.id)).status).toBe('done')
    const [page] = (await report(dry.id)).created
    expect(tree().byId.get(page!.docId)?.title).toBe('Quick note')
    // The same file again: the run reads it under the same source (a dotted name included).
    const again = (await upload(note, 'v1.2 notes.md')).body as unknown as ImportJob
    expect(again.plan!.items.map((i) => [i.action, i.docId])).toEqual([['skip', page!.docId]])
  })

  it.each([
    ['a traversal entry', () => zipSync({ 'docs/a.md': Buffer.from('# A'), '../escape.md': Buffer.from('# no') }), /unsafe path/],
    [
      'a bomb of entries',
      () => zipSync(Object.fromEntries(Array.from({ length: 10_001 }, (_, i) => [`n/${i}.md`, new Uint8Array(0)])), { level: 0 }),
      /10001 entries/,
    ],
    ['a bomb of declared bytes', () => zipSync({ 'zeros.md': new Uint8Array(41 * 1024 * 1024) }), /allowed per file/],
    ['a bomb of ratio', () => zipSync({ 'zeros.md': new Uint8Array(15 * 1024 * 1024) }), /compression ratio/],
    ['a corrupt zip', () => zipFolder(MARKDOWN_FIXTURE).slice(0, 800), /corrupt|not a zip/],
  ])('refuses %s with a clear message and creates nothing', async (_name, make, message) => {
    const { upload, tree, call, base } = await setup()
    const before = tree().byId.size
    const res = await upload(make() as Uint8Array, 'bad.zip', false)
    expect(res.status).toBe(422)
    const job = res.body as unknown as ImportJob
    expect(job.status).toBe('refused')
    expect(job.error).toMatch(message)
    expect(job.error).toMatch(/nothing was imported/)
    const rep = (await call('GET', `${base}/${job.id}/report`)).body as unknown as ImportReport
    expect(rep).toMatchObject({ status: 'refused', created: [] })
    expect((await call('POST', `${base}/${job.id}/run`)).status).toBe(409)
    expect(tree().byId.size).toBe(before)
  })

  it('refuses a JSON body, an empty body and an unknown parent', async () => {
    const { server, fixture, base, call } = await setup()
    const json = await fetch(`${server.url}${base}?name=x.md`, {
      method: 'POST',
      headers: { cookie: fixture.owner.cookie, origin: server.url, 'content-type': 'application/json' },
      body: '{}',
    })
    expect(json.status).toBe(415)
    expect((await call('POST', `${base}?name=x.md`, new Uint8Array(0), 'text/markdown')).status).toBe(400)
    expect((await call('POST', `${base}?name=x.md&parentId=nope`, Buffer.from('# x'), 'text/markdown')).status).toBe(400)
  })
})
