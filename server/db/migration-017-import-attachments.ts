/**
 * 17: which attachment each file of an import became (server/import/, docs/EXPORT.md "Import"),
 * per project and source like `import_pages`: a re-run of the same source finds the attachment
 * it stored for a path and, when the bytes are the same (the attachment's sha256), uses it again
 * instead of storing a second row. No foreign key to `attachments`: the run checks the row still
 * exists (and stores the file again if not), and an import's attachments outlive its undo.
 */
export const importAttachmentsMigration = `
  CREATE TABLE import_attachments (
    project_id    TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    source_key    TEXT NOT NULL,
    path          TEXT NOT NULL,
    attachment_id TEXT NOT NULL,
    PRIMARY KEY (project_id, source_key, path)
  ) STRICT;
`
