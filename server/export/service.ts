import type { ExportFormat, ImportResult } from '#shared/export/manifest'
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

  importJson(into: { workspaceId: string } | { projectId: string }, userId: string, file: unknown): ImportResult {
    return importKeelJson(this.deps, into, userId, file)
  }
}
