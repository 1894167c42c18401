import type { FastifyInstance, FastifyReply } from 'fastify'
import { z } from 'zod'
import { DocIdParams } from '#shared/api/docs'
import { ExportQuery } from '#shared/export/manifest'
import { EXPORT_LIMITS } from '#shared/limits'
import { requireUser } from '../auth/principal.ts'
import type { ExportFile } from './archive.ts'
import { readImportBody } from './import-body.ts'
import type { ExportService } from './service.ts'

const ProjectParams = z.object({ projectId: z.string().min(1).max(64) })
const WorkspaceParams = z.object({ workspaceId: z.string().min(1).max(64) })

/** `attachment` with an ASCII fallback name and the real (UTF-8) one (RFC 6266 / 5987). */
export function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`
}

const send = (reply: FastifyReply, file: ExportFile) =>
  reply
    .type(file.contentType)
    .header('content-disposition', contentDisposition(file.filename))
    .header('cache-control', 'private, no-store')
    .header('x-content-type-options', 'nosniff')
    .send(Buffer.from(file.body.buffer, file.body.byteOffset, file.body.byteLength))

/**
 * Export (a page, a subtree, a project as Markdown, HTML or Keel JSON) for anyone who may read it,
 * and the import of Keel JSON as a new project (workspace owners, who may create projects:
 * docs/ROLES.md) or into a project (its editors, who may create pages there). Every route is rate limited per address: each reads or writes whole projects.
 */
export async function exportRoutes(app: FastifyInstance, opts: { service: ExportService; ratePerMinute: number }): Promise<void> {
  const { service } = opts
  const rateLimit = { max: opts.ratePerMinute, timeWindow: '1 minute' }

  app.get('/api/docs/:id/export', { config: { access: { on: 'doc', param: 'id', min: 'viewer' }, rateLimit } }, async (request, reply) => {
    const { id } = DocIdParams.parse(request.params)
    const { format, subtree } = ExportQuery.parse(request.query)
    return send(reply, await service.exportDoc(id, subtree, format))
  })

  app.get(
    '/api/projects/:projectId/export',
    { config: { access: { on: 'project', param: 'projectId', min: 'viewer' }, rateLimit } },
    async (request, reply) => {
      const { projectId } = ProjectParams.parse(request.params)
      const { format } = ExportQuery.parse(request.query)
      return send(reply, await service.exportProject(projectId, format))
    },
  )

  // A `.keel.zip` arrives as bytes (import-body.ts reads it); in this plugin only.
  app.addContentTypeParser('application/zip', { parseAs: 'buffer', bodyLimit: EXPORT_LIMITS.maxImportBytes }, (_request, body, done) => done(null, body))

  // The body is the export file itself, so these take more than the usual body limit.
  const importOptions = (access: { on: 'workspace' | 'project'; param: string; min: 'owner' | 'editor' }) => ({
    bodyLimit: EXPORT_LIMITS.maxImportBytes,
    config: { access, rateLimit },
  })

  // A new project: workspace owners, as for any new project (so no API token: tokens are capped at editor).
  app.post('/api/workspaces/:workspaceId/import/keel-json', importOptions({ on: 'workspace', param: 'workspaceId', min: 'owner' }), async (request) =>
    service.importJson(WorkspaceParams.parse(request.params), requireUser(request.principal).id, readImportBody(request.body)),
  )

  // Pages into an existing project: its editors, who may create pages there (the CLI, with a write token).
  app.post('/api/projects/:projectId/import/keel-json', importOptions({ on: 'project', param: 'projectId', min: 'editor' }), async (request) =>
    service.importJson(ProjectParams.parse(request.params), requireUser(request.principal).id, readImportBody(request.body)),
  )
}
