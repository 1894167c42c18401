import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type {
  ActivityFeed,
  AttributionResponse,
  DiffResponse,
  VersionAuthors,
  VersionContent,
  VersionList,
  VersionMeta,
  VisitResult,
} from '#shared/api/history'
import type { JsonNode } from '#shared/api/docs'
import { startServer } from '../test/harness.ts'

function paragraph(doc: Y.Doc, text: string, index?: number): void {
  const fragment = doc.getXmlFragment('default')
  const p = new Y.XmlElement('paragraph')
  fragment.insert(index ?? fragment.length, [p])
  p.insert(0, [new Y.XmlText(text)])
}

/** The author marks' user ids of every text run, in order. */
function runAuthors(doc: JsonNode): (string | null)[][] {
  return (doc.content ?? []).map((block) =>
    (block.content ?? []).map((t) => (t.marks?.find((m) => m.type === 'author')?.attrs?.userId as string | undefined) ?? null),
  )
}

describe('history REST', () => {
  const cleanups: (() => unknown)[] = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })

  async function setup(overrides: Parameters<typeof startServer>[0] = {}) {
    const server = await startServer(overrides)
    cleanups.push(server.close)
    const { fixture, app } = server
    const api = async <T = Record<string, unknown>>(method: string, path: string, body?: unknown, cookie = fixture.owner.cookie) => {
      const res = await fetch(`${server.url}${path}`, {
        method,
        headers: { cookie, origin: server.url, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      })
      const text = await res.text()
      return { status: res.status, text, type: String(res.headers.get('content-type')), body: (text.startsWith('{') ? JSON.parse(text) : null) as T }
    }
    const edit = (docId: string, userId: string, fn: (doc: Y.Doc) => void) => app.registry.change(docId, userId, fn)
    return { server, fixture, app, api, edit }
  }

  it('lists, reads (JSON and Markdown), diffs, attributes and colours by author; ids of another document are 404', async () => {
    const { fixture, api, edit } = await setup()
    const priya = fixture.user('Priya', 'editor')
    fixture.ensureDoc('spec')
    fixture.ensureDoc('other')
    edit('spec', fixture.owner.id, (d) => {
      paragraph(d, 'Goal')
      paragraph(d, 'Metric: F1')
    })
    const v1 = (await api<VersionMeta>('POST', '/api/docs/spec/versions', { name: 'Draft' })).body
    edit('spec', priya.id, (d) => {
      paragraph(d, 'Rollout plan')
      const metric = (d.getXmlFragment('default').get(1) as Y.XmlElement).get(0) as Y.XmlText
      metric.insert(metric.length, ' ≥ 0.9')
    })
    const v2 = (await api<VersionMeta>('POST', '/api/docs/spec/versions', { name: 'Reviewed' })).body
    expect(v2).toMatchObject({ fromSeq: v1.toSeq + 1, authors: [{ userId: priya.id, name: 'Priya' }] })

    const list = (await api<VersionList>('GET', '/api/docs/spec/versions')).body
    expect(list.versions.map((v) => v.name)).toEqual(['Reviewed', 'Draft'])
    expect((await api<VersionList>('GET', '/api/docs/spec/versions?limit=1')).body.nextBefore).toBe(v2.id)

    const content = (await api<VersionContent>('GET', `/api/docs/spec/versions/${v1.id}`)).body
    expect(content.content.content?.length).toBe(2)
    const md = await api('GET', `/api/docs/spec/versions/${v1.id}/markdown`)
    expect(md.status).toBe(200)
    expect(md.type).toContain('text/markdown')
    expect(md.text).toContain('Goal')

    const diff = (await api<DiffResponse>('GET', `/api/docs/spec/diff?from=${v1.id}&to=${v2.id}`)).body
    expect(diff.from.id).toBe(v1.id)
    expect(diff.after.content?.length).toBe(3)
    expect(diff.diff.counts.added + diff.diff.counts.changed).toBeGreaterThan(0)
    const toNow = (await api<DiffResponse>('GET', `/api/docs/spec/diff?from=${v1.id}`)).body
    expect(toNow.to).toBeNull()

    const attribution = (await api<AttributionResponse>('GET', '/api/docs/spec/attribution')).body
    expect(attribution.blocks.map((b) => [b.author?.name, b.versionId])).toEqual([
      ['Test Owner', v1.id],
      ['Priya', v2.id],
      ['Priya', v2.id],
    ])

    const authors = (await api<VersionAuthors>('GET', `/api/docs/spec/versions/${v2.id}/authors?since=${v1.id}`)).body
    expect(runAuthors(authors.content)).toEqual([[null], [null, priya.id], [priya.id]])
    expect(authors.authors).toEqual([{ userId: priya.id, name: 'Priya' }])
    const all = (await api<VersionAuthors>('GET', `/api/docs/spec/versions/${v2.id}/authors`)).body
    expect(runAuthors(all.content)).toEqual([[fixture.owner.id], [fixture.owner.id, priya.id], [priya.id]])

    // Another document's version id is as unknown as one that never existed.
    for (const path of [`/api/docs/other/versions/${v1.id}`, `/api/docs/other/diff?from=${v1.id}`, `/api/docs/spec/versions/99999`]) {
      expect((await api('GET', path)).status, path).toBe(404)
    }
    expect((await api('POST', `/api/docs/other/versions/${v1.id}/restore`, {})).status).toBe(404)
    // A named version keeps a name; others may be renamed or cleared.
    expect((await api('PATCH', `/api/docs/spec/versions/${v1.id}`, { name: null })).status).toBe(400)
    expect((await api<VersionMeta>('PATCH', `/api/docs/spec/versions/${v1.id}`, { name: 'First draft' })).body.name).toBe('First draft')
  })

  it('restores one block of a version, leaving the rest as it is now', async () => {
    const { fixture, app, api, edit } = await setup()
    fixture.ensureDoc('one-block')
    edit('one-block', fixture.owner.id, (d) => {
      paragraph(d, 'Intro')
      paragraph(d, 'Criteria: F1 ≥ 0.9')
    })
    const v = (await api<VersionMeta>('POST', '/api/docs/one-block/versions', { name: 'Before' })).body
    edit('one-block', fixture.owner.id, (d) => {
      const fragment = d.getXmlFragment('default')
      ;((fragment.get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(5, ' (new)')
      ;((fragment.get(1) as Y.XmlElement).get(0) as Y.XmlText).delete(0, 10)
    })
    expect((await api('POST', `/api/docs/one-block/versions/${v.id}/restore`, { block: 5 })).status).toBe(400)
    const res = await api<{ version: VersionMeta }>('POST', `/api/docs/one-block/versions/${v.id}/restore`, { block: 1 })
    expect(res.body.version).toMatchObject({ kind: 'restore', restoredFrom: v.id })
    const now = app.registry
      .readCommitted('one-block')
      .getXmlFragment('default')
      .toArray()
      .map((el) => (el as Y.XmlElement).toString())
    expect(now.join('')).toContain('Intro (new)')
    expect(now.join('')).toContain('Criteria: F1 ≥ 0.9')
  })

  it('history routes are rate limited per address', async () => {
    const { fixture, api } = await setup({ historyRatePerMinute: 3 })
    fixture.ensureDoc('limited')
    const statuses: number[] = []
    for (let i = 0; i < 4; i++) statuses.push((await api('GET', '/api/docs/limited/versions')).status)
    expect(statuses).toEqual([200, 200, 200, 429])
    expect((await api<{ error: { code: string } }>('GET', '/api/docs/limited/versions')).body.error.code).toBe('rate_limited')
  })

  it('heavy history routes have a lower limit of their own (KEEL_HISTORY_HEAVY_RATE)', async () => {
    const { fixture, api, edit } = await setup({ historyHeavyRatePerMinute: 2 })
    fixture.ensureDoc('heavy')
    edit('heavy', fixture.owner.id, (d) => paragraph(d, 'x'))
    const v = (await api<VersionMeta>('POST', '/api/docs/heavy/versions', { name: 'A' })).body
    const statuses: number[] = []
    for (let i = 0; i < 3; i++) statuses.push((await api('GET', `/api/docs/heavy/diff?from=${v.id}`)).status)
    expect(statuses).toEqual([200, 200, 429])
    // The light routes keep theirs; the first page says how many bytes the history holds.
    const list = await api<{ historyBytes?: number }>('GET', '/api/docs/heavy/versions')
    expect(list.status).toBe(200)
    expect(list.body.historyBytes).toBeGreaterThan(0)
  })

  it('renaming a version records who named it', async () => {
    const { fixture, api, edit } = await setup()
    const sam = fixture.user('Sam', 'editor')
    fixture.ensureDoc('renamed')
    edit('renamed', fixture.owner.id, (d) => paragraph(d, 'x'))
    await new Promise((r) => setImmediate(r))
    const v = (await api<VersionMeta>('POST', '/api/docs/renamed/versions', { name: 'A' })).body
    const renamed = (await api<VersionMeta>('PATCH', `/api/docs/renamed/versions/${v.id}`, { name: 'B' }, sam.cookie)).body
    expect(renamed).toMatchObject({ name: 'B', createdBy: { name: 'Sam' } })
  })

  it('names the newest version when nothing changed (a new row if it has a name already)', async () => {
    const { fixture, api, edit } = await setup()
    fixture.ensureDoc('naming')
    edit('naming', fixture.owner.id, (d) => paragraph(d, 'x'))
    const a = (await api<VersionMeta>('POST', '/api/docs/naming/versions', { name: 'A' })).body
    const b = (await api<VersionMeta>('POST', '/api/docs/naming/versions', { name: 'B' })).body
    expect(b.id).not.toBe(a.id)
    expect(b).toMatchObject({ kind: 'named', fromSeq: a.toSeq, toSeq: a.toSeq, summary: 'No changes' })
  })

  it('visits: the previous visit, the version at it, and what changed since', async () => {
    const { fixture, api, edit } = await setup()
    const sam = fixture.user('Sam', 'editor')
    fixture.ensureDoc('visited')
    edit('visited', fixture.owner.id, (d) => paragraph(d, 'one'))
    const first = (await api<VersionMeta>('POST', '/api/docs/visited/versions', { name: 'One' })).body
    expect((await api<VisitResult>('POST', '/api/docs/visited/visit', {})).body).toEqual({ previous: null, since: null, versionsSince: 0, authors: [] })
    edit('visited', sam.id, (d) => paragraph(d, 'two'))
    const visit = (await api<VisitResult>('POST', '/api/docs/visited/visit', {})).body
    expect(visit.previous?.seq).toBe(first.toSeq)
    expect(visit.since?.id).toBe(first.id)
    expect(visit.versionsSince).toBe(1) // Sam's burst, still open
    expect(visit.authors.map((a) => a.name)).toEqual(['Sam'])

    // The visitor's own edits since are not news: no banner for them.
    await api('POST', '/api/docs/visited/versions', { name: 'Two' })
    edit('visited', fixture.owner.id, (d) => paragraph(d, 'three'))
    expect((await api<VisitResult>('POST', '/api/docs/visited/visit', {})).body).toMatchObject({ versionsSince: 0, authors: [] })
  })

  it('activity feeds per document and per project; retention is an owner setting', async () => {
    const { fixture, api, edit } = await setup()
    const editor = fixture.user('Eddie', 'editor')
    fixture.ensureDoc('feed')
    edit('feed', editor.id, (d) => paragraph(d, 'Acceptance metric'))
    await api('POST', '/api/docs/feed/versions', { name: 'Frozen' })
    const doc = (await api<ActivityFeed>('GET', '/api/docs/feed/activity')).body
    expect(doc.entries).toHaveLength(1)
    expect(doc.entries[0]!.text).toContain('Test Owner named a version')
    const project = (await api<ActivityFeed>('GET', `/api/projects/${fixture.projectId}/history-activity`)).body
    expect(project.entries.map((e) => e.docId)).toEqual(['feed'])

    const path = `/api/workspaces/${fixture.workspaceId}/history-retention`
    expect((await api('GET', path)).body).toEqual({ thinAfterDays: null })
    expect((await api('PUT', path, { thinAfterDays: 30 })).body).toEqual({ thinAfterDays: 30 })
    expect((await api('GET', path)).body).toEqual({ thinAfterDays: 30 })
    expect((await api('PUT', path, { thinAfterDays: 30 }, editor.cookie)).status).toBe(403)
    expect((await api('PUT', path, { thinAfterDays: 0 })).status).toBe(400)
  })

  it('after a crash, the next load reopens a burst for the updates after the newest version', async () => {
    const { fixture, app, api } = await setup()
    fixture.ensureDoc('crashed')
    // Committed but never closed into a version: what a killed process leaves behind.
    const writer = new Y.Doc()
    const updates: Uint8Array[] = []
    writer.on('update', (u: Uint8Array) => updates.push(u))
    paragraph(writer, 'before the crash')
    paragraph(writer, 'and more')
    app.store.append(updates.map((data, i) => ({ docId: 'crashed', data, userId: fixture.owner.id, at: 1000 + i })))
    const list = (await api<VersionList>('GET', '/api/docs/crashed/versions')).body
    expect(list.versions).toMatchObject([{ open: true, fromSeq: 1, toSeq: updates.length }])
    const named = (await api<VersionMeta>('POST', '/api/docs/crashed/versions', { name: 'Recovered' })).body
    expect(named).toMatchObject({ kind: 'named', fromSeq: 1, toSeq: updates.length, startedAt: new Date(1000).toISOString() })
    expect((await api<VersionContent>('GET', `/api/docs/crashed/versions/${named.id}`)).body.content.content).toHaveLength(2)
  })

  it('a deleted page keeps its history while restorable; the purge erases it with the page', async () => {
    const { fixture, app, api, edit } = await setup()
    const page = (await api<{ id: string }>('POST', `/api/projects/${fixture.projectId}/docs`, { title: 'Doomed' })).body.id
    edit(page, fixture.owner.id, (d) => paragraph(d, 'worth keeping'))
    const v = (await api<VersionMeta>('POST', `/api/docs/${page}/versions`, { name: 'Kept' })).body
    const trash = async () => {
      expect((await api('POST', `/api/docs/${page}/archive`, {})).status).toBe(200)
      expect((await api('GET', `/api/docs/${page}/versions`)).status).toBe(200) // in the trash: history as before
      expect((await api('DELETE', `/api/docs/${page}`)).status).toBe(200)
    }
    await trash()
    expect((await api('GET', `/api/docs/${page}/versions`)).status).toBe(404) // gone from its project: nobody reads it
    expect((await api('POST', `/api/workspaces/${fixture.workspaceId}/deleted/${page}/restore`, {})).status).toBe(200)
    const back = (await api<VersionList>('GET', `/api/docs/${page}/versions`)).body.versions
    expect(back.find((x) => x.id === v.id)?.name).toBe('Kept')
    await trash()
    app.purger.run(Date.now() + 365 * 86_400_000)
    expect(app.store.meta(page)).toBeNull()
    expect(app.store.readLog(page, 0, 1e9)).toEqual([])
  })

  it('a diff of a huge document is bounded: it answers quickly and says truncated', async () => {
    const { fixture, api, edit } = await setup()
    fixture.ensureDoc('huge')
    // One insert of every paragraph, then their text: 21,000 inserts at the end of a fragment are quadratic.
    edit('huge', fixture.owner.id, (d) => {
      const elements = Array.from({ length: 21_000 }, () => new Y.XmlElement('paragraph'))
      d.getXmlFragment('default').insert(0, elements)
      elements.forEach((el, i) => el.insert(0, [new Y.XmlText(`Line ${i} of a very long document`)]))
    })
    const v = (await api<VersionMeta>('POST', '/api/docs/huge/versions', { name: 'Huge' })).body
    edit('huge', fixture.owner.id, (d) => paragraph(d, 'one more', 0))
    const started = performance.now()
    const res = await api<DiffResponse>('GET', `/api/docs/huge/diff?from=${v.id}`)
    const ms = performance.now() - started
    expect(res.status).toBe(200)
    expect(res.body.diff.truncated).toBe(true)
    expect(ms).toBeLessThan(5000)
  })
})
