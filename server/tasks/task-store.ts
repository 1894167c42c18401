import type { TaskRow } from './extract.ts'

/** What happened to a task in one application of the index: what webhooks and live views hear. */
export interface TaskChange {
  id: string
  kind: 'created' | 'changed' | 'completed' | 'deleted'
  /** Set when the server reopened the task: made done over the socket while blocked. */
  reason?: 'reopened'
}

/** A task as the index holds it: the block's row plus its project and when the row last changed. */
export interface StoredTask extends TaskRow {
  projectId: string
  updatedAt: number
}

/**
 * The task index: one row per task block, derived from the documents (never edited directly;
 * rebuilding from the documents gives the same rows). `SqliteTaskStore` is the implementation
 * beside it; `describeTaskStore` (task-store.contract.ts) is what any other must pass.
 *
 * Synchronous on purpose, as the documents `Store` (server/store/store.ts) is: the indexer
 * writes the rows of a commit inside the room's synchronous commit step and the done-gate reads
 * them in the same step, so no other request can see a commit whose index is not written yet.
 *
 * Lists are in document order (`position`); `deps` are sorted by id.
 */
export interface TaskStore {
  /** One task, or null. */
  get(id: string): StoredTask | null
  /** Which document and project a task lives in (authorisation resolves tasks through this). */
  owner(id: string): { docId: string; projectId: string } | null
  /** Every task of a document, in document order. */
  ofDoc(docId: string): StoredTask[]
  /** Every task of a project, by document, then document order. */
  ofProject(projectId: string): StoredTask[]
  /** Tasks assigned to a user, soonest due first (undated last). */
  ofAssignee(userId: string): StoredTask[]
  /**
   * Applies one document's changes in one transaction: `rows` were (re)derived, `removed` ids
   * left it. A task id already indexed in ANOTHER document keeps its row (a pasted copy waits for
   * its editor to give it a new id), and a removed id owned by another document is left alone.
   * Returns what changed; an unchanged row is neither written nor reported.
   */
  apply(projectId: string, docId: string, rows: readonly TaskRow[], removed: Iterable<string>, now?: number): TaskChange[]
  /**
   * Replaces every row of a document (load, rebuild): rows of the document not in `rows` are
   * deleted. Returns the differences against what was stored, as `apply` does.
   */
  replaceDoc(projectId: string, docId: string, rows: readonly TaskRow[], now?: number): TaskChange[]
}
