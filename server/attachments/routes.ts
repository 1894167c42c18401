import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { ErrorCode } from '#shared/api/errors'
import { AttachmentDownloadQuery, AttachmentParams, AttachmentUploadParams, AttachmentUploadQuery } from '#shared/api/attachments'
import type { AttachmentMeta } from '#shared/attachments/attachment'
import { ATTACHMENT_LIMITS } from '#shared/limits'
import { requireUser } from '../auth/principal.ts'
import { HttpError, notFound } from '../http/errors.ts'
import { BlobEmpty, BlobTooLarge } from './blob-store.ts'
import type { Attachments } from './service.ts'

const INLINE: readonly string[] = ATTACHMENT_LIMITS.inlineImageTypes
/** Files past this are streamed from disk rather than read whole. */
const STREAM_FROM_BYTES = 1024 * 1024

const tooLarge = () =>
  Object.assign(new HttpError(413, ErrorCode.AttachmentTooLarge, `attachments are at most ${ATTACHMENT_LIMITS.maxBytes} bytes`), {
    details: { limit: ATTACHMENT_LIMITS.maxBytes },
  })

/** RFC 5987 `filename*` value: every byte outside the attribute characters percent-encoded. */
const rfc5987 = (name: string): string => encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)

/** Uploads count per person, not per address (a whole office may share one address). */
const perPerson = (request: FastifyRequest): string => (request.principal.kind === 'anonymous' ? `ip:${request.ip}` : `user:${request.principal.user.id}`)

/**
 * The attachment API (docs/PROTOCOL.md, Attachments). Uploads are the raw bytes as the body,
 * whatever their Content-Type (it is ignored: the type is sniffed), streamed to disk after the
 * access check, so a caller without edit rights never gets a byte stored. Downloads are served
 * so that nothing in them can run on our origin: only the raster image types inline, everything
 * else (SVG and HTML included) as an attachment, always with nosniff and a sandboxing CSP.
 */
export async function attachmentRoutes(app: FastifyInstance, opts: { attachments: Attachments }): Promise<void> {
  const { attachments } = opts
  const read = { access: { on: 'attachment' as const, param: 'attachmentId', min: 'viewer' as const } }

  // Encapsulated in this plugin: the body stays an unread stream, read by the handler.
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload))

  app.post(
    '/api/projects/:projectId/attachments',
    {
      config: {
        access: { on: 'project', param: 'projectId', min: 'editor' },
        // After the access check (preHandler), so the key is the person, not the address.
        rateLimit: { max: ATTACHMENT_LIMITS.uploadsPerMinute, timeWindow: '1 minute', hook: 'preHandler', keyGenerator: perPerson },
      },
    },
    async (request, reply) => {
      const { projectId } = AttachmentUploadParams.parse(request.params)
      const { name } = AttachmentUploadQuery.parse(request.query)
      const declared = Number(request.headers['content-length'])
      if (Number.isFinite(declared) && declared > ATTACHMENT_LIMITS.maxBytes) throw tooLarge()
      const body = request.body as NodeJS.ReadableStream | undefined
      if (!body || typeof (body as AsyncIterable<Uint8Array>)[Symbol.asyncIterator] !== 'function')
        throw new HttpError(400, ErrorCode.BadRequest, 'send the file itself as the body (Content-Type: application/octet-stream)')
      let meta: AttachmentMeta
      try {
        meta = await attachments.store({ projectId, name, source: body as AsyncIterable<Uint8Array>, createdBy: requireUser(request.principal).id })
      } catch (err) {
        if (err instanceof BlobTooLarge) {
          // The rest of the body is not read: the connection closes after the answer.
          reply.header('connection', 'close')
          throw tooLarge()
        }
        if (err instanceof BlobEmpty) throw new HttpError(400, ErrorCode.BadRequest, 'the upload is empty')
        throw err
      }
      return reply.status(201).send(meta)
    },
  )

  app.get('/api/projects/:projectId/attachments', { config: { access: { on: 'project', param: 'projectId', min: 'viewer' } } }, async (request) => {
    const { projectId } = AttachmentUploadParams.parse(request.params)
    return attachments.listProject(projectId)
  })

  const metaOf = (request: FastifyRequest): AttachmentMeta => {
    const { attachmentId } = AttachmentParams.parse(request.params)
    const meta = attachments.meta(attachmentId)
    if (!meta) throw notFound('attachment')
    return meta
  }

  app.get('/api/attachments/:attachmentId/meta', { config: read }, async (request) => metaOf(request))

  app.get('/api/attachments/:attachmentId', { config: read }, async (request, reply: FastifyReply) => {
    const meta = metaOf(request)
    const { download } = AttachmentDownloadQuery.parse(request.query)
    const inline = INLINE.includes(meta.contentType) && download !== '1'
    const etag = `"${meta.sha256}"`
    reply
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('cache-control', 'private, max-age=31536000, immutable')
      .header('etag', etag)
      .header('content-type', inline ? meta.contentType : 'application/octet-stream')
      .header('content-disposition', `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${rfc5987(meta.name)}`)
    const match = request.headers['if-none-match']
    if (match && match.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) return reply.status(304).send()
    reply.header('content-length', meta.size)
    // Large files stream from disk; small ones (most images) are sent as one buffer.
    if (meta.size > STREAM_FROM_BYTES) return reply.send(attachments.open(meta))
    const bytes = await attachments.read(meta.id)
    if (!bytes) throw notFound('attachment')
    return reply.send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))
  })
}
