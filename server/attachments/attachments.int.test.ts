import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AttachmentMeta, attachmentUrl } from '#shared/attachments/attachment'
import { ATTACHMENT_LIMITS } from '#shared/limits'
import { startServer, type TestServer } from '../test/harness.ts'
import { sameOrigin } from '../test/same-origin.ts'
import { attachmentsDirOf } from './layout.ts'

/** A 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64')
const SVG = Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')

describe('attachments over HTTP', () => {
  let server: TestServer & { dir: string }
  let editor: { id: string; cookie: string }
  let viewer: { id: string; cookie: string }
  let commenter: { id: string; cookie: string }
  let stranger: { id: string; cookie: string }

  beforeAll(async () => {
    server = await startServer()
    editor = server.fixture.user('Eddie', 'editor')
    viewer = server.fixture.user('Vera', 'viewer')
    commenter = server.fixture.user('Cora', 'commenter')
    // A viewer of another workspace (with a project of their own), not of ours.
    const other = server.fixture.user('Otto', null)
    const ws = server.fixture.directory.createWorkspace('Elsewhere', other.id)
    server.fixture.directory.createProject(ws.id, 'Theirs')
    stranger = server.fixture.user('Sid', 'viewer', { workspaceId: ws.id })
  })
  afterAll(async () => {
    await server.close()
    fs.rmSync(server.dir, { recursive: true, force: true })
  })

  const upload = (cookie: string | null, body: Buffer, name = 'plot.png', projectId = server.fixture.projectId) =>
    fetch(`${server.url}/api/projects/${projectId}/attachments?name=${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: { ...sameOrigin(server), 'content-type': 'application/octet-stream', ...(cookie ? { cookie } : {}) },
      body,
    })
  const get = (cookie: string | null, url: string, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${url}`, { headers: { ...(cookie ? { cookie } : {}), ...headers } })

  it('stores an upload and serves the same bytes back, inline for a PNG', async () => {
    const res = await upload(editor.cookie, PNG, 'C:\\Users\\me\\loss curve.png')
    expect(res.status).toBe(201)
    const meta = AttachmentMeta.parse(await res.json())
    expect(meta).toMatchObject({ name: 'loss curve.png', contentType: 'image/png', image: true, size: PNG.length, createdBy: editor.id })
    const got = await get(viewer.cookie, attachmentUrl(meta.id))
    expect(got.status).toBe(200)
    expect(Buffer.from(await got.arrayBuffer()).equals(PNG)).toBe(true)
    expect(got.headers.get('content-type')).toBe('image/png')
    expect(got.headers.get('x-content-type-options')).toBe('nosniff')
    expect(got.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox")
    expect(got.headers.get('cache-control')).toBe('private, max-age=31536000, immutable')
    expect(got.headers.get('etag')).toBe(`"${meta.sha256}"`)
    const forced = await get(viewer.cookie, `${attachmentUrl(meta.id)}?download=1`)
    expect(forced.headers.get('content-type')).toBe('application/octet-stream')
    expect(forced.headers.get('content-disposition')).toBe("attachment; filename*=UTF-8''loss%20curve.png")
    const described = await get(viewer.cookie, `${attachmentUrl(meta.id)}/meta`)
    expect(await described.json()).toEqual(meta)
    const listed = await get(viewer.cookie, `/api/projects/${server.fixture.projectId}/attachments`)
    expect((await listed.json()) as AttachmentMeta[]).toContainEqual(meta)
  })

  it('streams a large file from disk: the same bytes, its length, a download', async () => {
    const big = Buffer.alloc(3 * 1024 * 1024 + 17)
    for (let i = 0; i < big.length; i += 4096) big[i] = i % 251
    const meta = AttachmentMeta.parse(await (await upload(editor.cookie, big, 'weights.bin')).json())
    expect(meta).toMatchObject({ size: big.length, contentType: 'application/octet-stream', image: false })
    const got = await get(viewer.cookie, attachmentUrl(meta.id))
    expect(got.headers.get('content-length')).toBe(String(big.length))
    expect(got.headers.get('content-disposition')).toBe("attachment; filename*=UTF-8''weights.bin")
    expect(Buffer.from(await got.arrayBuffer()).equals(big)).toBe(true)
  })

  it('answers 304 to a matching If-None-Match', async () => {
    const meta = AttachmentMeta.parse(await (await upload(editor.cookie, PNG)).json())
    const res = await get(viewer.cookie, attachmentUrl(meta.id), { 'if-none-match': `"${meta.sha256}"` })
    expect(res.status).toBe(304)
    expect((await res.arrayBuffer()).byteLength).toBe(0)
    const stale = await get(viewer.cookie, attachmentUrl(meta.id), { 'if-none-match': `"${'0'.repeat(64)}"` })
    expect(stale.status).toBe(200)
  })

  it('stores the same bytes once: two rows, one blob', async () => {
    const bytes = Buffer.from(`dedupe ${Math.random()}\n`)
    const a = AttachmentMeta.parse(await (await upload(editor.cookie, bytes, 'a.txt')).json())
    const b = AttachmentMeta.parse(await (await upload(server.fixture.owner.cookie, bytes, 'b.txt')).json())
    expect(a.id).not.toBe(b.id)
    expect(a.sha256).toBe(b.sha256)
    expect(a.contentType).toBe('text/plain')
    const shard = path.join(attachmentsDirOf(path.join(server.dir, 'keel.db')), a.sha256.slice(0, 2))
    expect(fs.readdirSync(shard).filter((f) => f === a.sha256)).toHaveLength(1)
    expect(fs.readFileSync(path.join(shard, a.sha256)).equals(bytes)).toBe(true)
  })

  it('serves an SVG as a download, with the sandboxing CSP', async () => {
    const meta = AttachmentMeta.parse(await (await upload(editor.cookie, SVG, 'diagram.svg')).json())
    expect(meta).toMatchObject({ contentType: 'image/svg+xml', image: false })
    const res = await get(viewer.cookie, attachmentUrl(meta.id))
    expect(res.headers.get('content-type')).toBe('application/octet-stream')
    expect(res.headers.get('content-disposition')).toBe("attachment; filename*=UTF-8''diagram.svg")
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox")
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
  })

  it('ignores the declared type: HTML sent as image/png is a download', async () => {
    const res = await fetch(`${server.url}/api/projects/${server.fixture.projectId}/attachments?name=x.png`, {
      method: 'POST',
      headers: { ...sameOrigin(server), 'content-type': 'image/png', cookie: editor.cookie },
      body: '<html><script>alert(1)</script></html>',
    })
    const meta = AttachmentMeta.parse(await res.json())
    expect(meta).toMatchObject({ contentType: 'text/plain', image: false })
    const got = await get(editor.cookie, attachmentUrl(meta.id))
    expect(got.headers.get('content-type')).toBe('application/octet-stream')
  })

  it('refuses: 401 signed out, 403 a viewer or commenter, 404 another workspace, 400 no name or an empty body', async () => {
    expect((await upload(null, PNG)).status).toBe(401)
    expect((await upload(viewer.cookie, PNG)).status).toBe(403)
    expect((await upload(commenter.cookie, PNG)).status).toBe(403)
    expect((await upload(stranger.cookie, PNG)).status).toBe(404)
    const noName = await fetch(`${server.url}/api/projects/${server.fixture.projectId}/attachments`, {
      method: 'POST',
      headers: { ...sameOrigin(server), 'content-type': 'application/octet-stream', cookie: editor.cookie },
      body: PNG,
    })
    expect(noName.status).toBe(400)
    const empty = await upload(editor.cookie, Buffer.alloc(0))
    expect(empty.status).toBe(400)
  })

  it('hides an attachment from anyone without read access to its project: 404, not 403', async () => {
    const meta = AttachmentMeta.parse(await (await upload(editor.cookie, PNG)).json())
    for (const url of [attachmentUrl(meta.id), `${attachmentUrl(meta.id)}/meta`]) {
      const res = await get(stranger.cookie, url)
      expect(res.status).toBe(404)
      expect(await res.json()).toEqual({ error: { code: 'not_found', message: 'attachment not found' } })
      expect((await get(null, url)).status).toBe(401)
    }
    expect((await get(stranger.cookie, `/api/projects/${server.fixture.projectId}/attachments`)).status).toBe(404)
    // An id that does not exist looks the same as one the caller may not see.
    expect((await get(viewer.cookie, attachmentUrl('att_AAAAAAAAAAAAAAAAAAAAAA'))).status).toBe(404)
  })

  it('refuses a file over the limit with 413 attachment_too_large and the limit, storing nothing', async () => {
    const before = server.app.attachments.listProject(server.fixture.projectId).length
    const res = await upload(editor.cookie, Buffer.alloc(ATTACHMENT_LIMITS.maxBytes + 1, 7), 'big.bin')
    expect(res.status).toBe(413)
    expect(await res.json()).toMatchObject({ error: { code: 'attachment_too_large', limit: ATTACHMENT_LIMITS.maxBytes } })
    expect(server.app.attachments.listProject(server.fixture.projectId)).toHaveLength(before)
  })

  it('refuses a streamed body (no Content-Length) once it passes the limit', async () => {
    const chunk = new Uint8Array(1024 * 1024)
    let sent = 0
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > ATTACHMENT_LIMITS.maxBytes) return controller.close()
        sent += chunk.length
        controller.enqueue(chunk)
      },
    })
    const res = await fetch(`${server.url}/api/projects/${server.fixture.projectId}/attachments?name=stream.bin`, {
      method: 'POST',
      headers: { ...sameOrigin(server), 'content-type': 'application/octet-stream', cookie: editor.cookie },
      body,
      duplex: 'half',
    } as RequestInit)
    expect(res.status).toBe(413)
    const tmp = path.join(attachmentsDirOf(path.join(server.dir, 'keel.db')), 'tmp')
    expect(fs.readdirSync(tmp)).toEqual([])
  })

  it('rate limits uploads per person: 429 past uploadsPerMinute, others unaffected', async () => {
    const heavy = server.fixture.user('Hugo', 'editor')
    let status = 0
    for (let i = 0; i <= ATTACHMENT_LIMITS.uploadsPerMinute && status !== 429; i++) status = (await upload(heavy.cookie, Buffer.from(`n${i}`), 'n.txt')).status
    expect(status).toBe(429)
    expect((await upload(editor.cookie, PNG)).status).toBe(201)
  })
})
