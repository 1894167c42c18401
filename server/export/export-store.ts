import type { ManifestApproval } from '#shared/export/manifest'

export type ImportKind = 'project' | 'doc'

/** Where an import's rows are keyed: the workspace it went into and the export's source project. */
export interface ImportKey {
  workspaceId: string
  sourceProject: string
}

/**
 * Export and import's rows: the mapping of imported source ids to ids here (`keel_imports`), so
 * a second import of the same file creates nothing again, and the server records that travel
 * with an export (the `approvals` rows of the exported documents: sign-offs, ship decisions,
 * overrides, which no document holds). `SqliteExportStore` is the implementation beside it;
 * `describeExportStore` (export-store.contract.ts) is what any other must pass.
 *
 * Synchronous, as every store here (server/store/store.ts): an import runs as one synchronous
 * pass of registry changes, and its mapping rows are written in the same pass.
 */
export interface ExportStore {
  /** The id here of a source project or document imported before under `key`, or null. */
  target(key: ImportKey, kind: ImportKind, sourceId: string): string | null
  /** Records (or replaces) where a source id went. */
  record(key: ImportKey, kind: ImportKind, sourceId: string, targetId: string, now?: number): void
  /** Every approval record of these documents, in a stable order. */
  approvalsOf(docIds: readonly string[]): ManifestApproval[]
  /** Writes approval records as given (a record with the same key is replaced). */
  putApprovals(records: readonly ManifestApproval[]): void
}
