/** A page deleted for good, remembered until the purge job erases it. */
export interface DeletedPage {
  docId: string
  projectId: string
  projectName: string
  title: string
  parentId: string | null
  deletedAt: number
  deletedBy: string
}

/**
 * Pages deleted for good, kept until the retention period ends. Deleting detaches the page from
 * its project, which is what makes it unreachable: every role is resolved through the document's
 * project. Restoring attaches it again; erasing removes the document (its updates, links, tasks
 * and blocks go with it).
 *
 * Its own interface rather than part of HubStore: it has its own table and lifecycle (retention,
 * the purge job), and the Purger needs only this. Synchronous, like every store (see HubStore).
 * The SQLite implementation is `SqliteDeletedPages`; the contract is deleted-pages.contract.ts.
 */
export interface DeletedPages {
  /** Takes the page out of its project and remembers where it was. */
  markDeleted(page: { docId: string; projectId: string; title: string; parentId: string | null }, by: string, at: number): void
  /** Deleted pages of a workspace's projects, most recent first. */
  ofWorkspace(workspaceId: string): DeletedPage[]
  get(workspaceId: string, docId: string): DeletedPage | null
  /** Puts the page back in its project (the caller adds it to the project's tree). */
  restore(page: DeletedPage): void
  /** Pages deleted at or before `before` (ms since the epoch), oldest first. */
  due(before: number): string[]
  /** Erases the document for good. */
  erase(docId: string): void
}
