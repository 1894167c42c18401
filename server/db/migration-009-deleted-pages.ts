/**
 * 9: pages deleted "for good" are kept for a retention period before they are erased. A deleted
 * page's row leaves its project (project_id NULL: no role resolves on it, so it is not found
 * anywhere), and this table remembers where it was, who deleted it and when, so a workspace owner
 * can restore it until the purge job erases the document (KEEL_DELETED_RETENTION_DAYS).
 */
export const deletedPagesMigration = `
  CREATE TABLE deleted_documents (
    doc_id     TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    title      TEXT NOT NULL,
    parent_id  TEXT,
    deleted_at INTEGER NOT NULL,
    deleted_by TEXT NOT NULL
  ) STRICT;
  CREATE INDEX deleted_documents_at ON deleted_documents(deleted_at);
`
