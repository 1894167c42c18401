import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { ImportJob, ImportSettings } from '#shared/api/imports'
import type { GraphView } from '#shared/api/tasks'
import { unzipSync } from 'fflate'
import { EDITOR_FRAGMENT, fragmentToJson } from '#shared/doc/fragment'
import { buildTree, readNodes } from '#shared/hub/tree'
import { importClient } from '../test/import-client.ts'
import { startServer } from '../test/harness.ts'

const FIXTURES = path.resolve(import.meta.dirname, '../../test/fixtures/import')
const read = (p: string) => new Uint8Array(fs.readFileSync(path.join(FIXTURES, p)))

/** Confluence, Notion and Jira exports through the real server: the same job path as Markdown, with each adapter's settings. */
describe('importers through the real server', () => {
  const cleanups: (() => unknown)[] = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })

  async function setup() {
    const server = await startServer()
    cleanups.push(server.close)
    const { fixture } = server
    // The Jira fixture assigns issues to ada@keel.local: a member of the project here.
    const ada = fixture.accounts.createUser({ email: 'ada@keel.local', name: 'Ada Lovelace', passwordHash: null })
    fixture.directory.setMember(fixture.workspaceId, ada.id, 'editor')
    const { base, call, runToEnd } = importClient(server, fixture.projectId, fixture.owner.cookie)
    const upload = async (bytes: Uint8Array, name: string, adapter: string, settings?: Partial<ImportSettings>, type = 'application/zip') =>
      call(
        'POST',
        `${base}?name=${encodeURIComponent(name)}&adapter=${adapter}${settings ? `&settings=${encodeURIComponent(JSON.stringify(settings))}` : ''}`,
        bytes,
        type,
      )
    const treeDocId = fixture.directory.project(fixture.projectId)!.treeDocId
    const tree = () => buildTree(readNodes(server.app.registry.readCommitted(treeDocId)))
    const graph = async () => (await call('GET', `/api/projects/${fixture.projectId}/graph`)).body as unknown as GraphView
    return { server, fixture, ada, upload, runToEnd, tree, graph, call, base }
  }

  it('Jira CSV: pages per epic, the edited status table, assignees by email, Blocks links as dependencies; re-run makes nothing new', async () => {
    const { ada, upload, runToEnd, tree, graph, server } = await setup()
    const csv = read('jira/jira-500.csv')
    const dry = await upload(csv, 'jira-500.csv', 'jira', { groupBy: 'epic', statusMap: { 'Blocked on vendor': 'in_progress' } }, 'text/csv')
    expect(dry.status).toBe(201)
    const job = dry.body as unknown as ImportJob
    const plan = job.plan!
    expect(plan.items.map((i) => i.title).sort()).toEqual([
      'Batch scoring rollout',
      'Data collection',
      'Feature pipeline',
      'Label audit',
      'Model training',
      'Offline evaluation',
    ])
    expect(plan.items.reduce((n, i) => n + i.tasks, 0)).toBe(494)
    expect(plan.statuses?.find((s) => s.name === 'Blocked on vendor')?.mapsTo).toBe('in_progress')
    expect(plan.settings).toEqual({ groupBy: 'epic', statusMap: { 'Blocked on vendor': 'in_progress' } })

    const done = await runToEnd(job.id)
    expect(done.status).toBe('done')
    // Imported assignments are the source's, not news: Ada's inbox stays empty (QuietWrites).
    await new Promise((r) => setTimeout(r, 700))
    expect(server.app.inbox.list(ada.id, { unreadOnly: false, limit: 10 }).map((e) => [e.kind, e.summary])).toEqual([])
    const titles = [...tree().byId.values()].map((n) => n.title)
    expect(titles).toEqual(expect.arrayContaining(['Data collection', 'Model training']))
    const g = await graph()
    const imported = g.nodes.filter((t) => /^jira-[a-z0-9]+-CHURN-/.test(t.id))
    expect(imported.length).toBe(494)
    expect(g.edges.length).toBeGreaterThan(100)
    expect(g.cycles).toEqual([])
    expect(imported.some((t) => t.blockedBy.length > 0)).toBe(true)
    expect(g.criticalPath.length).toBeGreaterThan(2)
    // ada@keel.local is a member: her issues are hers.
    expect(imported.filter((t) => t.assignee === ada.id).length).toBeGreaterThan(10)
    expect(imported.filter((t) => t.status === 'in_progress').length).toBeGreaterThan(0)

    const again = (await upload(csv, 'jira-500.csv', 'jira', { groupBy: 'epic', statusMap: { 'Blocked on vendor': 'in_progress' } }, 'text/csv'))
      .body as unknown as ImportJob
    expect(again.plan!.items.map((i) => i.action)).toEqual(Array(6).fill('skip'))
  })

  it('Jira CSV grouped by sprint; a CSV that is not a Jira export is refused with the reason, creating nothing', async () => {
    const { upload, tree, call, base } = await setup()
    const dry = (await upload(read('jira/jira-500.csv'), 'jira-500.csv', 'jira', { groupBy: 'sprint' }, 'text/csv')).body as unknown as ImportJob
    expect(dry.plan!.items.map((i) => i.title)).toEqual(expect.arrayContaining(['Backlog', 'Churn Sprint 1', 'Churn Sprint 12']))
    // The wizard edits the status table: the same upload is planned again with it.
    const replanned = await call(
      'PATCH',
      `${base}/${dry.id}`,
      JSON.stringify({ settings: { groupBy: 'sprint', statusMap: { 'Blocked on vendor': 'cancelled' } } }),
    )
    expect(replanned.status).toBe(200)
    const job = replanned.body as unknown as ImportJob
    expect(job.plan!.statuses?.find((s) => s.name === 'Blocked on vendor')?.mapsTo).toBe('cancelled')
    expect(job.plan!.settings.statusMap).toEqual({ 'Blocked on vendor': 'cancelled' })
    const before = tree().byId.size
    const bad = (await upload(new TextEncoder().encode('Name,Email\nAda,ada@x\n'), 'people.csv', 'jira', undefined, 'text/csv')).body as unknown as ImportJob
    expect(bad.plan!.items).toEqual([])
    expect(bad.plan!.skipped).toEqual([{ path: 'people.csv', reason: 'Not a Jira CSV export: no "Summary" and "Issue key" column.' }])
    expect(tree().byId.size).toBe(before)
  })

  it('settings that are not valid JSON or not known values are a 400', async () => {
    const { server, fixture } = await setup()
    for (const settings of ['{', JSON.stringify({ groupBy: 'team' }), JSON.stringify({ statusMap: { Done: 'finished' } })]) {
      const res = await fetch(`${server.url}/api/projects/${fixture.projectId}/imports?name=x.csv&adapter=jira&settings=${encodeURIComponent(settings)}`, {
        method: 'POST',
        headers: { cookie: fixture.owner.cookie, origin: server.url, 'content-type': 'text/csv' },
        body: 'Summary,Issue key\nA,K-1\n',
      })
      expect(res.status).toBe(400)
    }
  })

  it('Confluence space export: 30 pages in its hierarchy, task lists indexed, attachments stored, a mention of a member', async () => {
    const { server, fixture, ada, upload, runToEnd, tree, graph } = await setup()
    const zip = read('confluence/space-export.zip')
    const dry = (await upload(zip, 'space-export.zip', 'confluence')).body as unknown as ImportJob
    expect(dry.plan!.items.filter((i) => i.action === 'create').length).toBe(30)
    expect(dry.plan!.attachments!.map((a) => [a.path, a.action])).toEqual([
      ['MLT/attachments/65547/65601.png', 'store'],
      ['MLT/attachments/65547/65603.csv', 'store'],
      ['MLT/attachments/65555/65602.png', 'store'],
    ])
    const done = await runToEnd(dry.id)
    expect(done.status).toBe('done')
    // Churn model v2: "Owner: @Priya. Reviewers: @Ada, @Grace" — only Ada (ada@keel.local, username "ada") is a member.
    const churn = [...tree().byId.values()].find((n) => n.title === 'Churn model v2')!
    const content = fragmentToJson(server.app.registry.readCommitted(churn.id).getXmlFragment(EDITOR_FRAGMENT)).content!
    const mentions = JSON.stringify(content).match(/"type":"mention","attrs":\{[^}]*\}/g)
    expect(mentions).toEqual([`"type":"mention","attrs":{"id":"${ada.id}","label":"Ada Lovelace","mentionSuggestionChar":"@"}`])
    const image = content.find((b) => b.type === 'image')!
    const png = unzipSync(zip)['MLT/attachments/65547/65601.png']!
    const got = await fetch(`${server.url}${String(image.attrs!.src)}`, { headers: { cookie: fixture.owner.cookie } })
    expect(Buffer.from(await got.arrayBuffer()).equals(Buffer.from(png))).toBe(true)
    expect(content.find((b) => b.type === 'fileAttachment')!.attrs).toMatchObject({ name: 'segments.csv', contentType: expect.stringMatching(/^text\//) })
    expect(content.find((b) => b.type === 'table')!.content![0]!.content![0]!.type).toBe('tableHeader')
    expect(server.app.attachments.listProject(fixture.projectId)).toHaveLength(3)
    // Run again: nothing new, the attachments used again.
    const again = (await upload(zip, 'space-export.zip', 'confluence')).body as unknown as ImportJob
    expect(again.plan!.attachments!.map((a) => a.action)).toEqual(['reuse', 'reuse', 'reuse'])
    expect((await runToEnd(again.id)).status).toBe('done')
    expect(server.app.attachments.listProject(fixture.projectId)).toHaveLength(3)
    const nodes = [...tree().byId.values()]
    const depth = (id: string | null): number => (id ? 1 + depth(nodes.find((n) => n.id === id)?.parentId ?? null) : 0)
    expect(Math.max(...nodes.map((n) => depth(n.id)))).toBeGreaterThanOrEqual(3)
    expect((await graph()).nodes.length).toBeGreaterThan(0)
  })

  it('Notion export: pages and subpages, the status database as tasks, the other a table, the image stored', async () => {
    const { server, upload, runToEnd, tree, graph } = await setup()
    const dry = (await upload(read('notion/notion-export.zip'), 'notion-export.zip', 'notion')).body as unknown as ImportJob
    expect(dry.plan!.items.map((i) => i.title)).toEqual(expect.arrayContaining(['Churn model', 'Experiments', 'Glossary']))
    expect(dry.plan!.attachments!.map((a) => [a.path.replace(/ [0-9a-f]{32}/g, ''), a.action])).toEqual([['Churn model/loss.png', 'store']])
    const done = await runToEnd(dry.id)
    expect(done.status).toBe('done')
    const blocksOf = (title: string) =>
      fragmentToJson(server.app.registry.readCommitted([...tree().byId.values()].find((n) => n.title === title)!.id).getXmlFragment(EDITOR_FRAGMENT)).content!
    expect(
      blocksOf('Churn model')
        .filter((b) => b.type === 'image')
        .map((b) => b.attrs!.alt),
    ).toEqual(['Loss curve'])
    expect(blocksOf('Glossary').map((b) => b.type)).toEqual(['heading', 'table'])
    expect([...tree().byId.values()].map((n) => n.title)).toEqual(expect.arrayContaining(['Churn model', 'Experiments']))
    const experiments = [...tree().byId.values()].find((n) => n.title === 'Experiments')!
    expect((await graph()).nodes.filter((t) => t.docId === experiments.id).length).toBe(6)
  })
})
