import { ErrorCode } from '#shared/api/errors'
import type { ExportFormat, ImportResult } from '#shared/export/manifest'
import { HttpError } from '../http/errors.ts'
import { type ArchiveDeps, buildExport, type ExportFile } from './archive.ts'
import { importKeelJson, type ImportDeps } from './import-json.ts'
import { type ExportBounds, resolveScope, type ScopeDeps } from './scope.ts'

/** Export and import of whole pages and projects: the scope (what, within the limits), the files, the import. */
export class ExportService {
  constructor(private readonly deps: ScopeDeps & ArchiveDeps & ImportDeps & { bounds?: ExportBounds }) {}

  exportDoc(docId: string, subtree: boolean, format: ExportFormat): ExportFile {
    return buildExport(this.deps, resolveScope(this.deps, { docId, subtree }, this.deps.bounds), format)
  }

  exportProject(projectId: string, format: ExportFormat): ExportFile {
    return buildExport(this.deps, resolveScope(this.deps, { projectId }, this.deps.bounds), format)
  }

  /** Where an import is running (a workspace or project id): one at a time each, so two cannot both create what neither found. */
  private readonly running = new Set<string>()

  async importJson(into: { workspaceId: string } | { projectId: string }, userId: string, file: unknown): Promise<ImportResult> {
    const key = 'projectId' in into ? into.projectId : into.workspaceId
    if (this.running.has(key))
      throw new HttpError(409, ErrorCode.ImportRunning, 'an import into this workspace or project is running: try again when it is done')
    this.running.add(key)
    try {
      return await importKeelJson(this.deps, into, userId, file)
    } finally {
      this.running.delete(key)
    }
  }
}
