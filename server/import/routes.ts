import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { AuditLog } from '../audit/audit-log.ts'
import { ErrorCode } from '#shared/api/errors'
import { CreateImportQuery, DEFAULT_IMPORT_SETTINGS, ImportJobParams, ImportParams, ReplanBody } from '#shared/api/imports'
import { IMPORT_LIMITS } from '#shared/limits'
import { requireUser } from '../auth/principal.ts'
import { HttpError } from '../http/errors.ts'
import type { Imports } from './service.ts'

/** Bodies the upload route reads as raw bytes: a zip, or one Markdown file. */
const RAW_TYPES = ['application/zip', 'application/x-zip-compressed', 'application/octet-stream', 'text/markdown', 'text/plain', 'text/csv']

/**
 * The import API. The upload is the raw file as the body (`Content-Type: application/zip` for a
 * .zip, `text/markdown` for one file; no multipart: one file per import, and the CLI and the
 * wizard send it with a plain fetch), its name and options in the query. Editors of the project
 * only; every route rate limited, the upload and undo at the lower, heavy limit.
 */
export async function importRoutes(
  app: FastifyInstance,
  opts: { imports: Imports; ratePerMinute: number; heavyRatePerMinute: number; audit: AuditLog; workspaceOf: (projectId: string) => string | null },
): Promise<void> {
  const { imports, audit } = opts
  const record = (kind: 'import.run' | 'import.undone', request: FastifyRequest, projectId: string, jobId: string, pages: number) =>
    audit.record({
      kind,
      actorId: requireUser(request.principal).id,
      workspaceId: opts.workspaceOf(projectId),
      address: request.ip,
      detail: { projectId, jobId, pages },
    })
  const access = { on: 'project' as const, param: 'projectId', min: 'editor' as const }
  const light = { access, rateLimit: { max: opts.ratePerMinute, timeWindow: '1 minute' } }
  const heavy = { access, rateLimit: { max: opts.heavyRatePerMinute, timeWindow: '1 minute' } }

  // Encapsulated in this plugin: only the import routes read raw bodies.
  app.addContentTypeParser(RAW_TYPES, { parseAs: 'buffer', bodyLimit: IMPORT_LIMITS.maxUploadBytes }, (_request, body, done) => done(null, body))

  app.post('/api/projects/:projectId/imports', { config: heavy, bodyLimit: IMPORT_LIMITS.maxUploadBytes }, async (request, reply) => {
    const { projectId } = ImportParams.parse(request.params)
    const query = CreateImportQuery.parse(request.query)
    if (!Buffer.isBuffer(request.body))
      throw new HttpError(
        415,
        ErrorCode.UnsupportedMediaType,
        `send the file itself as the body, with Content-Type ${RAW_TYPES.slice(0, 1).concat('text/markdown').join(' or ')}`,
      )
    if (request.body.length === 0) throw new HttpError(400, ErrorCode.BadRequest, 'the upload is empty')
    const bytes = new Uint8Array(request.body.buffer, request.body.byteOffset, request.body.byteLength)
    const job = imports.create(projectId, requireUser(request.principal).id, {
      name: query.name,
      bytes,
      parentId: query.parentId ?? null,
      dryRun: query.dryRun,
      adapter: query.adapter,
      settings: query.settings ?? DEFAULT_IMPORT_SETTINGS,
    })
    return reply.status(job.status === 'refused' ? 422 : 201).send(job)
  })

  app.get('/api/projects/:projectId/imports', { config: light }, async (request) => {
    const { projectId } = ImportParams.parse(request.params)
    return imports.list(projectId)
  })

  app.get('/api/projects/:projectId/imports/:jobId', { config: light }, async (request) => {
    const { projectId, jobId } = ImportJobParams.parse(request.params)
    return imports.job(projectId, jobId)
  })

  app.patch('/api/projects/:projectId/imports/:jobId', { config: heavy }, async (request) => {
    const { projectId, jobId } = ImportJobParams.parse(request.params)
    const { settings } = ReplanBody.parse(request.body)
    return imports.replan(projectId, jobId, settings)
  })

  app.post('/api/projects/:projectId/imports/:jobId/run', { config: heavy }, async (request, reply) => {
    const { projectId, jobId } = ImportJobParams.parse(request.params)
    const job = imports.run(projectId, jobId, requireUser(request.principal).id)
    record('import.run', request, projectId, jobId, job.plan?.totals.files ?? 0)
    return reply.status(202).send(job)
  })

  app.get('/api/projects/:projectId/imports/:jobId/report', { config: light }, async (request, reply) => {
    const { projectId, jobId } = ImportJobParams.parse(request.params)
    const report = imports.report(projectId, jobId)
    return reply.header('content-disposition', `attachment; filename="keel-import-${jobId}.json"`).send(report)
  })

  app.post('/api/projects/:projectId/imports/:jobId/undo', { config: heavy }, async (request) => {
    const { projectId, jobId } = ImportJobParams.parse(request.params)
    const report = await imports.undo(projectId, jobId, requireUser(request.principal).id)
    record('import.undone', request, projectId, jobId, report.undone?.pages ?? 0)
    return report
  })
}
