import { strFromU8, unzipSync } from 'fflate'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { AttachmentMeta } from '#shared/attachments/attachment'
import { EDITOR_FRAGMENT } from '#shared/doc/fragment'
import { fileNode, imageNode } from '#shared/doc/rich-nodes'
import { KeelExport, type ImportResult } from '#shared/export/manifest'
import { exportKit, type Json } from './export.testkit.ts'

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64')

describe('export and import with attachments', () => {
  const cleanups: (() => unknown)[] = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })
  const { seeded, client } = exportKit(cleanups)

  /** The demo with a plot and a config in the spec (as blocks), and another workspace's attachment named by a raw edit. */
  async function withAttachments() {
    const a = await seeded()
    const upload = async (name: string, bytes: Buffer, projectId = a.projectId, c = a) =>
      AttachmentMeta.parse(
        await (await c.post(`/api/projects/${projectId}/attachments?name=${encodeURIComponent(name)}`, bytes, 'application/octet-stream')).json(),
      )
    const plot = await upload('loss <curve>.png', PNG)
    const config = await upload('train.yaml', Buffer.from('lr: 0.001\nepochs: 3\n'))
    const stranger = a.server.fixture.user('Olga', null)
    const theirs = a.server.fixture.directory.createWorkspace('Theirs', stranger.id)
    const theirProject = a.server.fixture.directory.createProject(theirs.id, 'Secret')
    const secret = await a.server.app.attachments.put({ projectId: theirProject.id, name: 'secret.png', bytes: PNG, createdBy: stranger.id })
    const spec = a.server.app.hub.docsOf(a.projectId).find((d) => d.title === 'Churn model v2 — spec')!
    a.server.app.registry.change(spec.id, a.owner.id, (doc) => {
      for (const node of [imageNode(plot, 'Loss curve'), fileNode(config), imageNode(secret, 'not ours')]) {
        const el = new Y.XmlElement(node.type)
        for (const [k, v] of Object.entries(node.attrs!)) if (typeof v === 'string' || typeof v === 'number') el.setAttribute(k, v as string)
        doc.getXmlFragment(EDITOR_FRAGMENT).push([el])
      }
    })
    return { a, plot, config, secret, spec }
  }

  it('Markdown: the zip holds attachments/<name> and the page links them relatively; another project’s file is left out', async () => {
    const { a, plot, spec } = await withAttachments()
    const res = await a.get(`/api/projects/${a.projectId}/export?format=md`)
    expect(res.status).toBe(200)
    const entries = unzipSync(new Uint8Array(await res.arrayBuffer()))
    expect(
      Object.keys(entries)
        .filter((k) => k.startsWith('attachments/'))
        .sort(),
    ).toEqual(['attachments/loss curve.png', 'attachments/train.yaml'])
    expect(Buffer.from(entries['attachments/loss curve.png']!).equals(PNG)).toBe(true)
    expect(strFromU8(entries['attachments/train.yaml']!)).toBe('lr: 0.001\nepochs: 3\n')
    const page = strFromU8(entries[`${spec.title}.md`]!)
    expect(page).toContain('![Loss curve](attachments/loss%20curve.png)')
    expect(page).toContain('[train.yaml](attachments/train.yaml)')
    // Named by a raw edit, not the project's: its alt text only, neither bytes nor a link.
    expect(page).toContain('\nnot ours\n')
    expect(Object.values(entries).some((b) => Buffer.from(b).equals(PNG) && b !== entries['attachments/loss curve.png'])).toBe(false)
    expect(plot.name).toBe('loss <curve>.png')

    // One page with attachments is a zip too (the page alone would link files it does not hold).
    const one = await a.get(`/api/docs/${spec.id}/export?format=md`)
    expect(one.headers.get('content-type')).toBe('application/zip')
    expect(Object.keys(unzipSync(new Uint8Array(await one.arrayBuffer()))).sort()).toEqual([
      `${spec.title}.md`,
      'attachments/loss curve.png',
      'attachments/train.yaml',
    ])
  })

  it('HTML: <img> and download links to attachments/, escaped', async () => {
    const { a, spec } = await withAttachments()
    const res = await a.get(`/api/docs/${spec.id}/export?format=html`)
    const entries = unzipSync(new Uint8Array(await res.arrayBuffer()))
    const page = strFromU8(entries[`${spec.title}.html`]!)
    expect(page).toContain('<p><img src="attachments/loss%20curve.png" alt="Loss curve"></p>')
    expect(page).toMatch(/<a class="file" href="attachments\/train.yaml" download>train.yaml<\/a> <span class="fields">20 B<\/span>/)
    expect(page).toContain('<p>not ours</p>')
    expect(page).not.toContain('/api/attachments/')
    expect(entries['attachments/loss curve.png']).toBeDefined()
  })

  it('Keel JSON into the server it came from: the attachments get new ids, the blocks follow them, the bytes are stored once', async () => {
    const { a, plot, config, spec } = await withAttachments()
    const res = await a.get(`/api/projects/${a.projectId}/export?format=json`)
    const file = KeelExport.parse(JSON.parse(strFromU8(unzipSync(new Uint8Array(await res.arrayBuffer()))['keel-export.json']!)))
    expect(file.attachments!.map((x) => x.id).sort()).toEqual([plot.id, config.id].sort())
    const imported = await a.post(`/api/workspaces/${a.workspaceId}/import/keel-json`, JSON.stringify(file))
    const result = (await imported.json()) as ImportResult
    expect(imported.status, JSON.stringify(result)).toBe(200)
    const list = (await a.json(`/api/projects/${result.projectId}/attachments`)) as unknown as AttachmentMeta[]
    expect(list.map((m) => m.name).sort()).toEqual(['loss <curve>.png', 'train.yaml'])
    for (const m of list) expect([plot.id, config.id]).not.toContain(m.id)
    const newPlot = list.find((m) => m.name === plot.name)!
    expect(newPlot.sha256).toBe(plot.sha256)
    const content = JSON.stringify((await a.json(`/api/docs/${result.docs[spec.id]}/content`)).content)
    expect(content).toContain(`"attachmentId":"${newPlot.id}"`)
    expect(content).toContain(`"src":"/api/attachments/${newPlot.id}"`)
    expect(content).not.toContain(plot.id)
    const got = await a.get(`/api/attachments/${newPlot.id}`)
    expect(Buffer.from(await got.arrayBuffer()).equals(PNG)).toBe(true)
  })

  it('refuses a file whose attachment bytes do not match their checksum (422), creating nothing', async () => {
    const { a } = await withAttachments()
    const res = await a.get(`/api/projects/${a.projectId}/export?format=json`)
    const file = JSON.parse(strFromU8(unzipSync(new Uint8Array(await res.arrayBuffer()))['keel-export.json']!)) as Json & { attachments: Json[] }
    file.attachments[0]!.data = Buffer.from('tampered').toString('base64')
    const projectsBefore = ((await a.json(`/api/workspaces/${a.workspaceId}/projects`)) as Json[]).length
    const refused = await client(a.server, a.owner.cookie).post(`/api/workspaces/${a.workspaceId}/import/keel-json`, JSON.stringify(file))
    expect(refused.status).toBe(422)
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(
      /^attachments\[0\] \(id att_.*\): data is 8 bytes, not the \d+ it says$/,
    )
    expect(((await a.json(`/api/workspaces/${a.workspaceId}/projects`)) as Json[]).length).toBe(projectsBefore)
  })
})
