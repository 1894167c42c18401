import type { VersionKind } from '#shared/api/history'

/**
 * The version history's rows (migration 011): versions, who wrote which Yjs clock ranges, visits,
 * and the workspace retention setting. The update log and checkpoints themselves belong to the
 * documents `Store` (`readLog`, `checkpointAt`); this store only reads the log's metadata.
 * Synchronous like every store (docs/ARCHITECTURE.md, "Features and the document pipeline").
 */
export interface HistoryStore {
  /** Whether the document is a page (kind 'doc'): tree documents have no version history. */
  isPage(docId: string): boolean
  /** Adds a version and the clock ranges its burst wrote, in one transaction. */
  addVersion(version: NewVersion, ranges: readonly ClientRange[]): VersionRow
  /** The version `id` of `docId`; null for an unknown id or one of another document. */
  version(docId: string, id: number): VersionRow | null
  /** The newest version (highest id), or null. */
  latest(docId: string): VersionRow | null
  /** Newest first, ids below `before` if given. */
  list(docId: string, before: number | undefined, limit: number): VersionRow[]
  /** Every version, oldest first (attribution reads their state vectors). */
  all(docId: string): VersionRow[]
  /** The newest version whose state is at or before update `seq`. */
  atOrBefore(docId: string, seq: number): VersionRow | null
  /** Versions ending after update `seq`, oldest first, at most `limit`. */
  after(docId: string, seq: number, limit: number): VersionRow[]
  /** Sets (or clears) a version's name; a named auto version becomes kind 'named' (by `createdBy`, if given). */
  rename(docId: string, id: number, name: string | null, createdBy?: string): VersionRow | null
  setStateVector(id: number, stateVector: Uint8Array): void
  /** Closed versions of a document, newest `ended_at` first, ending before `before` (ms). */
  docActivity(docId: string, before: number | undefined, limit: number, beforeId?: number): VersionRow[]
  /** Closed versions of the pages of a project (its documents of kind 'doc' only). */
  projectActivity(projectId: string, before: number | undefined, limit: number, beforeId?: number): VersionRow[]
  /** Every stored clock range of a document's Yjs clients. */
  clientRanges(docId: string): ClientRange[]
  /** Metadata of the log rows after `afterSeq` (the open burst), oldest first. */
  logSpan(docId: string, afterSeq: number): LogSpan | null
  /** Distinct authors of the log rows in (afterSeq, upToSeq], first edit first. */
  logAuthors(docId: string, afterSeq: number, upToSeq: number): string[]
  /** Records a visit; returns the previous one (null on a first visit). */
  visit(userId: string, docId: string, seq: number, at: number): { seq: number; at: number } | null
  /** Records when offline edits carried by log rows were made (widening what a row already has). */
  recordEditTimes(docId: string, rows: readonly EditTimeRow[]): void
  /** The earliest and latest offline edit time of the log rows in [fromSeq, toSeq], or null. */
  editTimes(docId: string, fromSeq: number, toSeq: number): { from: number; to: number } | null
  retention(workspaceId: string): number | null
  setRetention(workspaceId: string, thinAfterDays: number | null): void
  /**
   * Merges runs of unnamed automatic versions that ended before `cutoff(workspace)` into one per
   * UTC day (the last of the day, widened to the run's first update and authors). Named, restore
   * and baseline versions are never touched, and a run never spans one. Returns rows removed.
   */
  thin(now: number): number
}

export interface VersionRow {
  id: number
  docId: string
  kind: VersionKind
  name: string | null
  fromSeq: number
  toSeq: number
  startedAt: number
  endedAt: number
  /** User ids, first edit first. */
  authors: string[]
  summary: string
  stateVector: Uint8Array | null
  restoredFrom: number | null
  createdBy: string | null
}

export type NewVersion = Omit<VersionRow, 'id'>

/** Clocks [clockStart, clockEnd) of Yjs client `client` were written by `userId`. */
export interface ClientRange {
  client: number
  clockStart: number
  clockEnd: number
  userId: string
}

/** When the edits of one user in one log row were made (offline, before the row was committed). */
export interface EditTimeRow {
  seq: number
  userId: string
  editedFrom: number
  editedTo: number
}

export interface LogSpan {
  firstSeq: number
  lastSeq: number
  firstAt: number
  lastAt: number
  count: number
}
