import { ErrorCode } from '#shared/api/errors'
import type { ExportFormat, ImportResult } from '#shared/export/manifest'
import { HttpError } from '../http/errors.ts'
import { type ArchiveDeps, buildExport, type ExportFile } from './archive.ts'
import { importKeelJson, type ImportDeps } from './import-json.ts'
import { type ExportBounds, resolveScope, type ScopeDeps } from './scope.ts'

/** Export and import of whole pages and projects: the scope (what, within the limits), the files, the import. */
export class ExportService {
  constructor(private readonly deps: ScopeDeps & ArchiveDeps & ImportDeps & { bounds?: ExportBounds }) {}

  /**
   * What runs now, server-wide: one export build and one import at a time. Each reads or writes
   * whole projects (hundreds of MiB at the bounds); two of either at once would hold that much
   * memory twice and share the event loop between them, so another waits its turn (429).
   */
  private readonly busy = new Set<'export' | 'import'>()

  /** True while an export build (or a Keel-JSON import) runs. */
  isRunning(what: 'export' | 'import'): boolean {
    return this.busy.has(what)
  }

  private async alone<T>(what: 'export' | 'import', run: () => Promise<T>): Promise<T> {
    if (this.busy.has(what)) throw new HttpError(429, ErrorCode.ExportBusy, `another ${what} is running on this server: try again in a moment`)
    this.busy.add(what)
    try {
      return await run()
    } finally {
      this.busy.delete(what)
    }
  }

  exportDoc(docId: string, subtree: boolean, format: ExportFormat): Promise<ExportFile> {
    const scope = resolveScope(this.deps, { docId, subtree }, this.deps.bounds)
    return this.alone('export', () => buildExport(this.deps, scope, format))
  }

  exportProject(projectId: string, format: ExportFormat): Promise<ExportFile> {
    const scope = resolveScope(this.deps, { projectId }, this.deps.bounds)
    return this.alone('export', () => buildExport(this.deps, scope, format))
  }

  /** Where an import is running (a workspace or project id): one at a time each, so two cannot both create what neither found. */
  private readonly running = new Set<string>()

  async importJson(into: { workspaceId: string } | { projectId: string }, userId: string, file: unknown): Promise<ImportResult> {
    const key = 'projectId' in into ? into.projectId : into.workspaceId
    if (this.running.has(key))
      throw new HttpError(409, ErrorCode.ImportRunning, 'an import into this workspace or project is running: try again when it is done')
    return this.alone('import', async () => {
      this.running.add(key)
      try {
        return await importKeelJson(this.deps, into, userId, file)
      } finally {
        this.running.delete(key)
      }
    })
  }
}
