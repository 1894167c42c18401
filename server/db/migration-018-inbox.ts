/**
 * 18: the inbox (server/inbox/). `inbox_entries`: one row per notification, only ever read by
 * `user_id`. `inbox_follows`: who follows a page (task_id '') or one task on it.
 * `inbox_task_state`: the assignee and blocked state the inbox last saw per task, so an
 * assignment or a change of blocked state is noticed once (the task events carry only ids).
 * `inbox_digests`: when each person's last email digest was queued; `inbox_settings`: who turned it off.
 */
export const inboxMigration = `
  CREATE TABLE inbox_entries (
    id          TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL,
    kind        TEXT NOT NULL,
    project_id  TEXT NOT NULL,
    doc_id      TEXT NOT NULL,
    block_id    TEXT,
    thread_id   TEXT,
    actor_id    TEXT,
    summary     TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    read_at     INTEGER
  ) STRICT;
  CREATE INDEX inbox_entries_user ON inbox_entries (user_id, created_at DESC);
  CREATE INDEX inbox_entries_unread ON inbox_entries (user_id) WHERE read_at IS NULL;

  CREATE TABLE inbox_follows (
    user_id    TEXT NOT NULL,
    doc_id     TEXT NOT NULL,
    task_id    TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    PRIMARY KEY (doc_id, task_id, user_id)
  ) STRICT;

  CREATE TABLE inbox_task_state (
    task_id    TEXT PRIMARY KEY,
    project_id TEXT NOT NULL,
    assignee   TEXT,
    blocked    INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX inbox_task_state_project ON inbox_task_state (project_id);

  CREATE TABLE inbox_digests (
    user_id TEXT PRIMARY KEY,
    sent_at INTEGER NOT NULL
  ) STRICT;

  CREATE TABLE inbox_settings (
    user_id    TEXT PRIMARY KEY,
    digest_off INTEGER NOT NULL DEFAULT 0
  ) STRICT;
`
