/**
 * 13: imports of Keel JSON exports (server/export/).
 *
 * - `keel_imports`: which source project and source documents of an export were imported into a
 *   workspace, and what they are here (a document keeps its id unless it was taken). A second
 *   import of the same file finds its rows and creates nothing again; a row whose target was
 *   deleted since is replaced by a new import of that document.
 */
export const keelImportsMigration = `
  CREATE TABLE keel_imports (
    workspace_id   TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    source_project TEXT NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('project', 'doc')),
    source_id      TEXT NOT NULL,
    target_id      TEXT NOT NULL,
    created_at     INTEGER NOT NULL,
    PRIMARY KEY (workspace_id, source_project, kind, source_id)
  ) STRICT;
`
