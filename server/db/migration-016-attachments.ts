/**
 * 16: attachments (docs/decisions/0008-attachments.md). One row per upload into a project; the
 * bytes are a file named by their sha256 beside the database (`attachments/<sha[0:2]>/<sha>`),
 * so the same bytes uploaded twice are two rows and one file. A project's rows go with it; a
 * file no row names any more is removed by the attachments sweep.
 */
export const attachmentsMigration = `
  CREATE TABLE attachments (
    id           TEXT PRIMARY KEY,
    project_id   TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    sha256       TEXT NOT NULL,
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    image        INTEGER NOT NULL,
    created_at   INTEGER NOT NULL,
    created_by   TEXT
  ) STRICT;
  CREATE INDEX attachments_project ON attachments(project_id, created_at);
  CREATE INDEX attachments_sha ON attachments(sha256);
`
