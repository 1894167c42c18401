import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { JsonNode } from '#shared/api/docs'
import { attachmentIdOf, type AttachmentMeta, attachmentUrl } from '#shared/attachments/attachment'
import type { ImportSource, SourceEntry } from '#shared/import/adapter'
import { confluenceAdapter } from '#shared/import/confluence/adapter'
import { convertBody } from '#shared/import/confluence/convert'
import { parseHtml } from '#shared/import/confluence/html'
import { readZip } from '#shared/import/zip'
import { HTML_VECTORS, hrefIsSafe } from '../e2e/xss-vectors.ts'
import { spaceExport } from '../fixtures/import/confluence/generate.ts'

// The committed space export (test/fixtures/import/confluence/generate.ts writes it).
const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/import/confluence/space-export.zip')
const bytes = new Uint8Array(fs.readFileSync(FIXTURE))
const zip = readZip(bytes)
if (!zip.ok) throw new Error(zip.error)
const source: ImportSource = { name: 'space-export', files: zip.files }
// Two of the fixture's four users are members (by their username as an email's local part).
const members = [
  { id: 'u-ada', email: 'ada@keel.local', name: 'Ada Lovelace' },
  { id: 'u-priya', email: 'priya@keel.local', name: 'Priya Raman' },
]
const { entries, skipped, attachments, attachmentNames } = confluenceAdapter.enumerate(source, {
  members,
  settings: { groupBy: 'epic', statusMap: {} },
  scope: 'p',
})
const byTitle = (title: string) => entries.find((e) => e.title === title)!
/** What the server hands the adapter once it has stored a file. */
const meta = (path: string): AttachmentMeta => ({
  id: `att_${path.replace(/\W/g, '_')}`,
  projectId: 'p',
  name: path.split('/').pop()!,
  contentType: path.endsWith('.png') ? 'image/png' : 'text/csv',
  size: 10,
  sha256: 'c'.repeat(64),
  image: path.endsWith('.png'),
  createdAt: 0,
  createdBy: null,
})
const ctx = {
  pageIdOf: (sourceId: string) => `doc-${sourceId}`,
  taskId: (n: number) => `task-${n}`,
  members,
  attachmentOf: (path: string) => (attachments?.includes(path) ? meta(path) : null),
}
const render = (e: SourceEntry) => confluenceAdapter.render(source, e, ctx)
const walk = (nodes: JsonNode[], visit: (n: JsonNode) => void): void => {
  for (const n of nodes) {
    visit(n)
    walk(n.content ?? [], visit)
  }
}
const SCHEMA = [
  ...['paragraph', 'heading', 'codeBlock', 'blockquote', 'bulletList', 'orderedList', 'listItem', 'task', 'horizontalRule', 'hardBreak', 'text'],
  ...['table', 'tableRow', 'tableHeader', 'tableCell', 'image', 'fileAttachment', 'mention'],
]

describe('the Confluence space export fixture', () => {
  it('is the committed output of its generator, and small', () => {
    expect(Buffer.from(spaceExport()).equals(Buffer.from(bytes))).toBe(true)
    expect(bytes.length).toBeLessThan(200 * 1024)
  })

  it('has 30 pages, parents before children, in the shape of index.html (breadcrumbs for the page it does not list)', () => {
    expect(entries).toHaveLength(30)
    const seen = new Set<string>()
    for (const e of entries) {
      if (e.parentSourceId) expect(seen.has(e.parentSourceId), e.title).toBe(true)
      seen.add(e.sourceId)
    }
    const parentTitle = (title: string) => entries.find((e) => e.sourceId === byTitle(title).parentSourceId)?.title ?? null
    expect(entries.filter((e) => e.parentSourceId === null).map((e) => e.title)).toEqual(['ML Team Space'])
    expect(entries.filter((e) => e.parentSourceId === byTitle('ML Team Space').sourceId).map((e) => e.title)).toEqual([
      'Runbooks',
      'Specs',
      'Experiment notes',
      'Decisions',
      'Sandbox: pasted HTML',
    ])
    expect(parentTitle('Rollback checklist')).toBe('Rolling back a model')
    expect(parentTitle('Rolling back a model')).toBe('Runbooks')
    expect(parentTitle('Churn evaluation protocol')).toBe('Churn model v2')
    expect(parentTitle('Baseline GBM')).toBe('2024 Q1')
    // Not in index.html's tree: its breadcrumbs say where it goes.
    expect(parentTitle('Calibration study')).toBe('2024 Q2')
    // Source ids are Confluence page ids, `<id>.html` included.
    expect(byTitle('2024 Q1')).toMatchObject({ sourceId: '65554', path: 'MLT/65554.html' })
    expect(byTitle('Churn model v2')).toMatchObject({ sourceId: '65547', tasks: 5, links: 2 })
  })

  it('lists the pages’ attachments to store, styles and icons as skipped', () => {
    expect(attachments).toEqual(['MLT/attachments/65547/65601.png', 'MLT/attachments/65547/65603.csv', 'MLT/attachments/65555/65602.png'])
    // The export names the files by id; the pages name them (aliases): those are the names they are stored under.
    expect(attachmentNames).toEqual({
      'MLT/attachments/65547/65601.png': 'architecture.png',
      'MLT/attachments/65547/65603.csv': 'segments.csv',
      'MLT/attachments/65555/65602.png': 'loss-curve.png',
    })
    expect(skipped).toEqual([
      { path: 'MLT/styles/site.css', reason: "Confluence's styles and icons, not content" },
      { path: 'MLT/images/icons/bullet_blue.gif', reason: "Confluence's styles and icons, not content" },
    ])
    expect(byTitle('Churn model v2').dropped).toEqual([])
    expect(byTitle('ADR-001 Parquet for features').dropped.map((d) => d.item)).toEqual(['macro "toc"', '1 <style> element(s)'])
  })

  it('renders embedded images, attachment links and tables as blocks, mentions of members as mentions', () => {
    const churn = render(byTitle('Churn model v2')).content
    expect(churn.map((n) => n.type)).toEqual([
      'heading',
      'paragraph',
      'image',
      'heading',
      'table',
      'paragraph',
      'fileAttachment',
      'blockquote',
      'heading',
      'task',
      'task',
      'task',
      'task',
      'task',
    ])
    expect(churn[1]!.content!.filter((n) => n.type === 'mention').map((n) => n.attrs!.id)).toEqual(['u-priya', 'u-ada'])
    expect(JSON.stringify(churn[1])).toContain('Grace Hopper')
    expect(churn[2]!.attrs).toMatchObject({ src: attachmentUrl(meta('MLT/attachments/65547/65601.png').id), alt: 'architecture.png' })
    expect(churn[6]!.attrs).toMatchObject({ attachmentId: meta('MLT/attachments/65547/65603.csv').id, name: '65603.csv' })
    const table = churn[4]!
    expect(table.content!.map((r) => r.content!.map((c) => [c.type, JSON.stringify(c.content).match(/"text":"([^"]*)"/)?.[1]]))).toEqual([
      [
        ['tableHeader', 'Segment'],
        ['tableHeader', 'F1 target'],
        ['tableHeader', 'Current'],
      ],
      [
        ['tableCell', 'Consumer'],
        ['tableCell', '0.92'],
        ['tableCell', '0.91'],
      ],
      [
        ['tableCell', 'SMB'],
        ['tableCell', '0.90'],
        ['tableCell', '0.88'],
      ],
    ])
    expect(byTitle('Churn model v2').warnings).toEqual(['mention of "Grace Hopper" matches no member of the project by email or username: kept as the name'])
  })

  it('renders links between pages as Keel page links, keeps external ones, and authors and dates as properties', () => {
    const home = render(byTitle('ML Team Space'))
    const hrefs: string[] = []
    walk(home.content, (n) => n.marks?.forEach((m) => m.type === 'link' && hrefs.push(String(m.attrs!.href))))
    expect(hrefs).toEqual([
      '/d/doc-65539',
      '/d/doc-65538',
      '/d/doc-65546',
      '/d/doc-65553',
      '/d/doc-65561',
      'https://grafana.example.com/d/ml',
      'mailto:ml-team@example.com',
    ])
    expect(render(byTitle('Churn model v2')).properties).toEqual({ author: 'Priya Raman', last_modified_by: 'Ada Lovelace', last_modified: '2024-03-10' })
    expect(render(byTitle('Specs')).properties).toEqual({ author: 'Ada Lovelace', created: '2024-03-12' })
  })

  it('renders code macros with languages, panels, task blocks with ids and done state', () => {
    const retrain = render(byTitle('Weekly retrain')).content
    expect(retrain.filter((n) => n.type === 'codeBlock').map((n) => n.attrs!.language)).toEqual(['sql', 'python'])
    expect(retrain.filter((n) => n.type === 'task').map((n) => [n.attrs!.id, n.attrs!.status])).toEqual([
      ['task-0', 'done'],
      ['task-1', 'done'],
      ['task-2', 'todo'],
      ['task-3', 'todo'],
    ])
    const incident = render(byTitle('Incident response')).content
    expect(incident.map((n) => n.type)).toEqual(['heading', 'table', 'blockquote', 'heading', 'codeBlock', 'task', 'task', 'task'])
    expect(JSON.stringify(incident[2])).toContain('"text":"Warning:"')
    expect(incident[4]!.attrs!.language).toBe('bash')
    expect(incident[5]!.content).toEqual([
      { type: 'text', text: 'Page the on-call (' },
      { type: 'mention', attrs: { id: 'u-priya', label: 'Priya Raman', mentionSuggestionChar: '@' } },
      { type: 'text', text: ')' },
    ])
  })

  it('leaves nothing of the XSS vectors: only schema nodes, safe links, no script, handler or javascript: anywhere', () => {
    for (const e of entries) {
      const { content, title } = render(e)
      const json = JSON.stringify(content)
      expect(json, title).not.toMatch(/__xss|javascript:|<script|\bon[a-z]+\s*=/i)
      walk(content, (n) => {
        expect(SCHEMA, `${title}: ${n.type}`).toContain(n.type)
        for (const m of n.marks ?? []) {
          if (m.type === 'link') expect(hrefIsSafe(new URL(String(m.attrs?.href), 'https://keel.test').href, 'https://keel.test'), title).toBe(true)
          else expect(m.attrs).toBeUndefined()
        }
        if (n.type === 'codeBlock') expect(String(n.attrs?.language ?? 'null')).toMatch(/^[a-z0-9_+#.-]+$|^null$/)
        // An image's src is only ever one of our attachment URLs, for the attachment it names.
        if (n.type === 'image') expect(attachmentIdOf(String(n.attrs?.src)), title).toBe(n.attrs?.attachmentId)
      })
    }
    const sandbox = byTitle('Sandbox: pasted HTML')
    expect(sandbox.dropped.filter((d) => /not a safe URL/.test(d.reason)).length).toBeGreaterThanOrEqual(10)
    expect(sandbox.dropped.map((d) => d.item)).toEqual(
      expect.arrayContaining(['2 <iframe> element(s)', '1 <object> element(s)', '1 <embed> element(s)', '1 <form> element(s)']),
    )
  })

  it.each(HTML_VECTORS)('the vector "%s" alone in a page body leaves no markup, handler or payload', (_what, html) => {
    const vector = html.replace(/\$/g, '__xss.push(1)').replace(/@/g, '1')
    for (const body of [
      vector,
      `<p>before ${vector} after</p>`,
      `<ul><li>${vector}</li></ul>`,
      `<h2>${vector}</h2>`,
      `<table><tr><td>${vector}</td></tr></table>`,
    ]) {
      const json = JSON.stringify(convertBody(parseHtml(body)).content)
      expect(json, body).not.toMatch(/__xss|javascript:|<(script|img|svg|iframe|object|embed|style)\b|\bon[a-z]+\s*=/i)
    }
  })
})
