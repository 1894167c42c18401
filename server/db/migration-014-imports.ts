/**
 * 14: imports (server/import/, docs/ARCHITECTURE.md "Import").
 *
 * - `import_jobs`: one row per upload. `source` holds the upload until the run has finished (the
 *   run re-reads it; a dry run and its run are minutes apart), then it is cleared. `plan` and
 *   `report` are JSON (shared/api/imports.ts); progress is counted in pages made (the run's
 *   first pass), then files and bytes written.
 * - `import_pages`: which page each source entry became, per project and source (adapter and
 *   upload name): what makes a re-run idempotent (update or skip, never a duplicate) and what
 *   "undo import" moves to the trash (`job_id` is the job that created the page). A page erased
 *   for good takes its row with it, so importing the source again makes it afresh.
 */
export const importsMigration = `
  CREATE TABLE import_jobs (
    id          TEXT PRIMARY KEY,
    project_id  TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    adapter     TEXT NOT NULL,
    source_name TEXT NOT NULL,
    parent_id   TEXT,
    status      TEXT NOT NULL CHECK (status IN ('planned', 'queued', 'running', 'done', 'failed', 'refused', 'undone')),
    created_by  TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    started_at  INTEGER,
    finished_at INTEGER,
    pages_done  INTEGER NOT NULL DEFAULT 0,
    pages_total INTEGER NOT NULL DEFAULT 0,
    files_done  INTEGER NOT NULL DEFAULT 0,
    files_total INTEGER NOT NULL DEFAULT 0,
    bytes_done  INTEGER NOT NULL DEFAULT 0,
    bytes_total INTEGER NOT NULL DEFAULT 0,
    source      BLOB,
    plan        TEXT,
    report      TEXT,
    error       TEXT
  ) STRICT;
  CREATE INDEX import_jobs_project ON import_jobs(project_id, created_at);

  CREATE TABLE import_pages (
    project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    source_key TEXT NOT NULL,
    source_id  TEXT NOT NULL,
    doc_id     TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    job_id     TEXT NOT NULL REFERENCES import_jobs(id) ON DELETE CASCADE,
    hash       TEXT NOT NULL,
    PRIMARY KEY (project_id, source_key, source_id)
  ) STRICT;
  CREATE INDEX import_pages_job ON import_pages(job_id);
`
