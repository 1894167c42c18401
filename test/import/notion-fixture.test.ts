import fs from 'node:fs'
import { unzipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import type { JsonNode } from '#shared/api/docs'
import { createNotionAdapter } from '#shared/import/notion/adapter'
import { readSource } from '#shared/import/source'
import { EXPERIMENT_ROWS, EXPERIMENTS_WITH_PAGES, FIXTURE, MEMBERS, notionExport } from '../fixtures/import/notion/generate.ts'

const bytes = fs.readFileSync(FIXTURE)
const read = readSource('notion-export.zip', bytes)
if (!read.ok) throw new Error(read.error)
const source = read.source
const adapter = createNotionAdapter({ members: MEMBERS })
const { entries, skipped, attachments } = adapter.enumerate(source)
const ctx = { pageIdOf: (s: string) => `doc-${s.replace(':', '-')}`, taskId: (n: number) => `task-${n}` }
const byTitle = (t: string) => entries.find((e) => e.title === t)!
const text = (n: JsonNode): string => (n.type === 'text' ? (n.text ?? '') : (n.content ?? []).map(text).join(''))
const hrefs = (nodes: JsonNode[]) => [...JSON.stringify(nodes).matchAll(/"href":"([^"]+)"/g)].map((m) => m[1])
/** The contents of a zip of zips, by path: what the fixture says, whatever the file times. */
const contents = (zip: Uint8Array): Record<string, string> =>
  Object.fromEntries(
    Object.entries(unzipSync(zip)).flatMap(([k, v]) => (k.endsWith('.zip') ? Object.entries(contents(v)) : [[k, Buffer.from(v).toString('base64')]])),
  )

describe('the Notion fixture (an ML team workspace export)', () => {
  it('is what the generator writes, and small', () => {
    expect(contents(bytes)).toEqual(contents(notionExport()))
    expect(bytes.length).toBeLessThan(100 * 1024)
  })

  it('becomes the page tree: Churn model with its subpages and the Experiments database, the Glossary beside it', () => {
    const parentOf = (t: string) => entries.find((e) => e.sourceId === byTitle(t).parentSourceId)?.title ?? null
    expect(entries).toHaveLength(11)
    expect(parentOf('Churn model')).toBeNull()
    expect(parentOf('Glossary')).toBeNull()
    for (const t of ['Spec', 'Runbook', 'Meeting notes 2024-03-04', 'Meeting notes 2024-03-11', 'Réunion d’équipe 2024-03-18 🚀', 'Experiments'])
      expect(parentOf(t)).toBe('Churn model')
    for (const t of EXPERIMENTS_WITH_PAGES) expect(parentOf(t)).toBe('Experiments')
    // Parents come before their children.
    entries.forEach((e, i) => e.parentSourceId && expect(entries.findIndex((p) => p.sourceId === e.parentSourceId)).toBeLessThan(i))
    const bare = (s: string) => s.replace(/ [0-9a-f]{32}/g, '')
    expect(skipped.map((s) => [bare(s.path), bare(s.reason).split(',')[0]])).toEqual([
      ['Churn model/Experiments.csv', 'the same database as Experiments_all.csv'],
    ])
    expect(attachments?.map(bare)).toEqual(['Churn model/loss.png'])
  })

  it('keeps the property block as page properties and links pages to pages', () => {
    const churn = adapter.render(source, byTitle('Churn model'), ctx)
    expect(churn.properties).toEqual({ Owner: 'Ana Pereira', Status: 'In progress', Tags: 'ml, churn, q1' })
    expect(text(churn.content[0]!)).toBe('Churn model')
    expect(hrefs(churn.content)).toEqual(
      ['Spec', 'Runbook', 'Experiments', 'Glossary', 'Réunion d’équipe 2024-03-18 🚀'].map((t) => `/d/${ctx.pageIdOf(byTitle(t).sourceId)}`),
    )
    expect(churn.content.filter((n) => n.type === 'task').map((n) => n.attrs?.status)).toEqual(['todo', 'done'])
    const spec = adapter.render(source, byTitle('Spec'), ctx)
    expect(hrefs(spec.content)).toEqual([
      ...['Glossary', 'Runbook', 'Churn model'].map((t) => `/d/${ctx.pageIdOf(byTitle(t).sourceId)}`),
      expect.stringMatching(/^https:\/\/www\.notion\.so\/acme\/Roadmap-/),
    ])
  })

  it('makes a task of every Experiments row, with the fields mapped and the row pages linked', () => {
    const db = byTitle('Experiments')
    expect(db.tasks).toBe(EXPERIMENT_ROWS.length)
    expect(db.warnings.map((w) => w.split(':')[0])).toEqual([
      'assignee "dana@contractor.example" matches no member by email or name',
      'status "Blocked on data" is not one Keel knows',
      'several people in one cell',
      'date "next sprint" is not a date Keel reads',
      'estimate "a few" is not a number',
    ])
    const tasks = adapter.render(source, db, ctx).content
    expect(tasks.map((t) => [text(t), t.attrs])).toEqual([
      ['GBM baseline', { id: 'task-0', status: 'done', assignee: 'u-ana', due: '2024-03-04', estimate: 2 }],
      ['LR sweep', { id: 'task-1', status: 'in_progress', assignee: 'u-bo', due: '2024-03-15', estimate: 3 }],
      ['Feature ablation: tenure', { id: 'task-2', status: 'todo', assignee: 'u-chidi', due: '2024-03-20', estimate: 1.5 }],
      ['Calibration (isotonic)', { id: 'task-3', status: 'todo' }],
      ['Deep model, v0', { id: 'task-4', status: 'cancelled', due: '2024-02-20', estimate: 5 }],
      ['Label-noise audit', { id: 'task-5', status: 'todo', assignee: 'u-ana' }],
    ])
    expect(hrefs(tasks)).toEqual(['GBM baseline', 'LR sweep', 'Deep model, v0'].map((t) => `/d/${ctx.pageIdOf(byTitle(t).sourceId)}`))
    expect(adapter.render(source, byTitle('LR sweep'), ctx).properties).toMatchObject({ Status: 'In progress', Assignee: 'Bo Chen', Tags: 'tuning' })
  })

  it('makes the Glossary (no status column, BOM and all) a table, and the Churn model page’s image an image block', () => {
    const glossary = adapter.render(source, byTitle('Glossary'), ctx).content
    expect(glossary).toHaveLength(1)
    expect(glossary[0]!.type).toBe('table')
    const rows = glossary[0]!.content!.map((r) => r.content!.map(text))
    expect(rows[0]).toEqual(['Term', 'Definition', 'Area'])
    expect(glossary[0]!.content![0]!.content!.every((c) => c.type === 'tableHeader')).toBe(true)
    expect(rows.some((r) => r[0] === 'Überanpassung')).toBe(true)
    expect(rows.flat().some((c) => c.includes('never used for tuning | not even once'))).toBe(true)
    const attachmentOf = (path: string) => ({
      id: 'att_loss_curve_image_1',
      projectId: 'p',
      name: path.split('/').pop()!,
      contentType: 'image/png',
      size: 12,
      sha256: 'e'.repeat(64),
      image: true,
      createdAt: 0,
      createdBy: null,
    })
    const churn = adapter.render(source, byTitle('Churn model'), { ...ctx, attachmentOf }).content
    expect(churn.at(-1)).toMatchObject({
      type: 'image',
      attrs: { src: '/api/attachments/att_loss_curve_image_1', alt: 'Loss curve', attachmentId: 'att_loss_curve_image_1' },
    })
  })
})
