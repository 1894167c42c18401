import { strToU8, zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import type { JsonNode } from '../../api/docs.ts'
import type { ImportSource } from '../adapter.ts'
import { createNotionAdapter, notionAdapter } from './adapter.ts'
import { readDatabase, renderDatabase, taskColumns } from './database.ts'
import { splitNotionPage } from './page.ts'
import { readWorkspace } from './workspace.ts'

const A = 'a'.repeat(32)
const B = 'b'.repeat(32)
const D = 'd'.repeat(32)
const R = 'e'.repeat(32)

const source = (files: Record<string, string | Uint8Array>): ImportSource => ({
  name: 'export',
  files: Object.entries(files).map(([path, v]) => ({ path, bytes: typeof v === 'string' ? strToU8(v) : v })),
})
const ctx = { pageIdOf: (s: string) => `id-${s.replace(/[^a-z0-9]/gi, '').slice(0, 12)}`, taskId: (n: number) => `task-${n}` }
const texts = (nodes: JsonNode[]): string => nodes.map((n) => (n.type === 'text' ? (n.text ?? '') : texts(n.content ?? []))).join(' ')

describe('Notion pages', () => {
  it('takes the property block under the title as properties, and leaves a body paragraph alone', () => {
    const p = splitNotionPage('# Spec\n\nOwner: Ana\nStatus: In progress\n\nThe body: with a colon.\n')
    expect(p).toMatchObject({ title: 'Spec', properties: { Owner: 'Ana', Status: 'In progress' } })
    expect(p.body).toBe('# Spec\n\nThe body: with a colon.\n')
    const q = splitNotionPage('# Notes\n\nNote: this paragraph\nis prose, not properties.\n')
    expect(q.properties).toEqual({})
    expect(q.body).toContain('Note: this paragraph')
    expect(splitNotionPage('No title: here').title).toBeNull()
  })

  it('builds the tree from page folders, unwraps a top folder, and resolves encoded links by path or id', () => {
    const src = source({
      [`Export-x/Churn model ${A}.md`]: `# Churn model\n\nSee [Spec](Churn%20model%20${A}/Spec%20${B}.md), [moved](Old%20name%20${B}.md), [db](Experiments%20${D}.csv) and [gone](Nope%20${R}.md).`,
      [`Export-x/Churn model ${A}/Spec ${B}.md`]: `# Spec\n\nBack to [the model](../Churn%20model%20${A}.md) and [web](https://notion.so/acme/Spec-${B}).`,
      [`Export-x/Experiments ${D}.csv`]: 'Name,Notes\nx,y\n',
    })
    const { entries, skipped } = notionAdapter.enumerate(src)
    expect(skipped).toEqual([])
    expect(entries.map((e) => [e.sourceId, e.parentSourceId, e.title])).toEqual([
      [`page:${A}`, null, 'Churn model'],
      [`page:${B}`, `page:${A}`, 'Spec'],
      [`db:${D}`, null, 'Experiments'],
    ])
    expect(entries[0]!.links).toBe(3)
    expect(entries[0]!.warnings).toEqual([expect.stringContaining('no such page in the export')])
    const page = notionAdapter.render(src, entries[1]!, ctx)
    const hrefs = JSON.stringify(page.content).match(/"href":"[^"]+"/g)
    expect(hrefs).toEqual([`"href":"/d/${ctx.pageIdOf(`page:${A}`)}"`, `"href":"/d/${ctx.pageIdOf(`page:${B}`)}"`])
  })

  it('opens a zip wrapped in the zip, and makes a folder page for a folder without its own page', () => {
    const inner = zipSync({ [`Team/Orphan ${A}/Leaf ${B}.md`]: strToU8('# Leaf\n'), 'Team/.DS_Store': strToU8('x') })
    const { entries, skipped } = notionAdapter.enumerate(source({ 'Export-1-Part-1.zip': inner }))
    expect(entries.map((e) => [e.kind, e.title, e.path])).toEqual([
      ['folder', 'Orphan', `Orphan ${A}/`],
      ['page', 'Leaf', `Orphan ${A}/Leaf ${B}.md`],
    ])
    expect(skipped).toEqual([{ path: 'Team/.DS_Store', reason: 'hidden or system file' }])
  })

  it('reads the _all export of a database and skips its twin with a note', () => {
    const ws = readWorkspace(source({ [`Tasks ${D}.csv`]: 'Name\nx\n', [`Tasks ${D}_all.csv`]: 'Name,Status\nx,Done\n' }).files)
    expect(ws.nodes.map((n) => n.path)).toEqual([`Tasks ${D}_all.csv`])
    expect(ws.skipped).toEqual([{ path: `Tasks ${D}.csv`, reason: `the same database as Tasks ${D}_all.csv, which has every property: read that one` }])
    expect(ws.byPath.get(`Tasks ${D}.csv`)).toBe(`db:${D}`)
  })
})

describe('Notion databases', () => {
  const csv =
    '\uFEFFName,Status,Assignee,Due,Points,Tags\nTrain,In progress,ana@acme.io,"March 12, 2024 → March 15, 2024",3,ml\n"Eval, offline",Blocked,Bob,soon,many,\nShip,Done,,2024-04-01,,\n'

  it('finds the task columns by name, or a status column by its values', () => {
    expect(taskColumns(readDatabase(csv))).toEqual({ title: 0, status: 1, assignee: 2, due: 3, estimate: 4 })
    expect(taskColumns(readDatabase('Name,Phase\na,Done\nb,Not started\nc,In progress\n'))?.status).toBe(1)
    expect(taskColumns(readDatabase('Term,Meaning\nAUC,area under the curve\n'))).toBeNull()
  })

  it('makes a task per row with status, member, due date (a range ends) and estimate, warning on what it cannot map', () => {
    const r = renderDatabase(readDatabase(csv), {
      members: [{ id: 'u1', email: 'Ana@acme.io', name: 'Ana Pereira' }],
      taskId: (n) => `t-${n}`,
      rowLink: (n) => (n === 0 ? '/d/row0' : null),
    })
    expect(r.tasks).toBe(3)
    expect(r.links).toBe(1)
    expect(r.content.map((t) => t.attrs)).toEqual([
      { id: 't-0', status: 'in_progress', assignee: 'u1', due: '2024-03-15', estimate: 3 },
      { id: 't-1', status: 'todo' },
      { id: 't-2', status: 'done', due: '2024-04-01' },
    ])
    expect(r.content[0]!.content).toEqual([{ type: 'text', text: 'Train', marks: [{ type: 'link', attrs: { href: '/d/row0' } }] }])
    expect(r.content[1]!.content).toEqual([{ type: 'text', text: 'Eval, offline' }])
    expect(r.warnings).toEqual([
      'status "Blocked" is not one Keel knows: those tasks are todo',
      'assignee "Bob" matches no member by email or name: left unassigned',
      'date "soon" is not a date Keel reads: no due date',
      'estimate "many" is not a number: no estimate',
    ])
    expect(r.dropped).toEqual([{ item: 'column "Tags"', reason: expect.stringContaining('not a task field') }])
  })

  it('makes a table of a database without a status column: the header row, cells as text, first cells linked to row pages', () => {
    const r = renderDatabase(readDatabase('Term,Meaning\nAUC,area | under\nF1,"harmonic\nmean"\n'), { members: [], rowLink: (n) => (n === 1 ? '/d/f1' : null) })
    expect(r.tasks).toBe(0)
    const cell = (type: string, content?: JsonNode[]) => ({
      type,
      attrs: { colspan: 1, rowspan: 1, colwidth: null },
      content: [content ? { type: 'paragraph', content } : { type: 'paragraph' }],
    })
    const t = (text: string): JsonNode => ({ type: 'text', text })
    expect(r.content).toEqual([
      {
        type: 'table',
        content: [
          { type: 'tableRow', content: [cell('tableHeader', [t('Term')]), cell('tableHeader', [t('Meaning')])] },
          { type: 'tableRow', content: [cell('tableCell', [t('AUC')]), cell('tableCell', [t('area | under')])] },
          {
            type: 'tableRow',
            content: [
              cell('tableCell', [{ type: 'text', text: 'F1', marks: [{ type: 'link', attrs: { href: '/d/f1' } }] }]),
              cell('tableCell', [t('harmonic mean')]),
            ],
          },
        ],
      },
    ])
    expect(r.links).toBe(1)
    expect(r.warnings).toEqual(['1 row(s) have their own page: imported as subpages of this one, linked from the first column'])
  })

  it('stores the images and files pages embed or link, read from inside the inner zip; remote images stay links', () => {
    const inner = zipSync({
      [`Churn ${A}.md`]: strToU8(
        `# Churn\n\n![Loss](Churn%20${A}/loss.png) ![web](https://cdn.example.com/a.png)\n\nSee [report.pdf](Churn%20${A}/report.pdf) and ![gone](Churn%20${A}/gone.png).\n`,
      ),
      [`Churn ${A}/loss.png`]: Uint8Array.from([1, 2, 3]),
      [`Churn ${A}/report.pdf`]: strToU8('%PDF'),
      [`Churn ${A}/unused.png`]: Uint8Array.from([4]),
    })
    const src = source({ 'Export-1.zip': inner })
    const found = notionAdapter.enumerate(src)
    expect(found.attachments).toEqual([`Churn ${A}/loss.png`, `Churn ${A}/report.pdf`])
    expect(found.skipped).toEqual([{ path: `Churn ${A}/unused.png`, reason: 'not a page or a database, and no page refers to it' }])
    expect([...notionAdapter.readAttachment!(src, `Churn ${A}/loss.png`)!]).toEqual([1, 2, 3])
    expect(notionAdapter.readAttachment!(src, 'nope.png')).toBeNull()
    expect(found.entries[0]!.warnings).toEqual([
      'remote images are kept as links (an import never fetches from the web)',
      `image "Churn%20${A}/gone.png" is not in the export: kept as its alt text`,
    ])
    const meta = (path: string) => ({
      id: `att_${'x'.repeat(16)}${path.endsWith('.png') ? 'png' : 'pdf'}`,
      projectId: 'p',
      name: path.split('/').pop()!,
      contentType: path.endsWith('.png') ? 'image/png' : 'application/pdf',
      size: 3,
      sha256: 'd'.repeat(64),
      image: path.endsWith('.png'),
      createdAt: 0,
      createdBy: null,
    })
    const { content } = notionAdapter.render(src, found.entries[0]!, { ...ctx, attachmentOf: meta })
    expect(content.map((n) => n.type)).toEqual(['heading', 'paragraph', 'image', 'paragraph', 'fileAttachment'])
    expect(content[2]!.attrs).toMatchObject({ src: `/api/attachments/att_${'x'.repeat(16)}png`, alt: 'Loss' })
    expect(content[4]!.attrs).toMatchObject({ name: 'report.pdf', contentType: 'application/pdf' })
  })

  it('pads ragged rows to the header and says so', () => {
    const t = readDatabase('Name,Status\na\nb,Done,extra\n')
    expect(t.rows).toEqual([
      ['a', ''],
      ['b', 'Done'],
    ])
    expect(t.warnings.at(-1)).toContain('2 row(s) have missing or extra cells')
  })

  it('meets a row with its page by the page’s own title when Notion shortened the file name', () => {
    const src = source({
      [`Runs ${D}.csv`]: 'Name,Status\nA very long experiment name that Notion cuts,Done\n',
      [`Runs ${D}/A very long experiment ${R}.md`]: '# A very long experiment name that Notion cuts\n',
    })
    const { entries } = notionAdapter.enumerate(src)
    expect(entries[0]!.links).toBe(1)
    expect(entries[1]!.title).toBe('A very long experiment name that Notion cuts')
  })

  it('links row tasks to the row pages, which are the database page’s subpages', () => {
    const adapter = createNotionAdapter({ members: [{ id: 'u2', name: 'Bo Chen' }] })
    const src = source({
      [`Experiments ${D}.csv`]: 'Name,Status,Assignee\nLR sweep,Done,Bo Chen\nBaseline,Not started,\n',
      [`Experiments ${D}/LR sweep ${R}.md`]: '# LR sweep\n\nStatus: Done\nAssignee: Bo Chen\n\nBest lr 3e-4.\n',
    })
    const { entries } = adapter.enumerate(src)
    expect(entries.map((e) => [e.sourceId, e.parentSourceId, e.tasks, e.links])).toEqual([
      [`db:${D}`, null, 2, 1],
      [`page:${R}`, `db:${D}`, 0, 0],
    ])
    const db = adapter.render(src, entries[0]!, ctx)
    expect(db.content[0]).toMatchObject({
      attrs: { status: 'done', assignee: 'u2' },
      content: [{ marks: [{ attrs: { href: `/d/${ctx.pageIdOf(`page:${R}`)}` } }] }],
    })
    expect(texts(db.content)).toBe('LR sweep Baseline')
    expect(adapter.render(src, entries[1]!, ctx).properties).toEqual({ Status: 'Done', Assignee: 'Bo Chen' })
  })
})
