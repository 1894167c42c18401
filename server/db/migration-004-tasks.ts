/**
 * 4: the task index, derived from task blocks in documents (never edited directly: the documents
 * are the truth, and rebuilding from them gives the same rows).
 */
export const tasksMigration = `
  CREATE TABLE tasks (
    id         TEXT PRIMARY KEY,
    doc_id     TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    title      TEXT NOT NULL,
    status     TEXT NOT NULL,
    assignee   TEXT,
    due        TEXT,
    estimate   REAL,
    priority   TEXT NOT NULL,
    stage      TEXT NOT NULL,
    -- document order: sibling indices from the root, zero-padded ("000004.000001")
    position   TEXT NOT NULL,
    override   TEXT,
    updated_at INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX tasks_project ON tasks(project_id);
  CREATE INDEX tasks_doc ON tasks(doc_id);
  CREATE INDEX tasks_assignee ON tasks(assignee);

  CREATE TABLE task_deps (
    task_id TEXT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    dep_id  TEXT NOT NULL,
    PRIMARY KEY (task_id, dep_id)
  ) STRICT;
  CREATE INDEX task_deps_dep ON task_deps(dep_id);
`
