/**
 * 6: session hygiene, the audit log, and failed sign-ins per account.
 *
 * - `sessions` gain a public id (listed and revoked by it: the id hash is what a cookie is looked
 *   up by, so it never leaves the server), when they were last seen (the idle lifetime), and the
 *   device and address they were opened from. Existing sessions get a random id and count as seen
 *   when they were created.
 * - `audit_events`: who did what to whom, in which workspace (NULL for account events such as a
 *   sign-in, which concern a user rather than a workspace).
 * - `sign_in_failures`: one row per refused password, by email, so the per-account limit holds
 *   across addresses and restarts.
 */
export const sessionsAuditMigration = `
  ALTER TABLE sessions ADD COLUMN id TEXT;
  ALTER TABLE sessions ADD COLUMN last_seen_at INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE sessions ADD COLUMN user_agent TEXT NOT NULL DEFAULT '';
  ALTER TABLE sessions ADD COLUMN address TEXT NOT NULL DEFAULT '';
  UPDATE sessions SET id = lower(hex(randomblob(16))), last_seen_at = created_at;
  CREATE UNIQUE INDEX sessions_id ON sessions(id);

  CREATE TABLE audit_events (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    at           INTEGER NOT NULL,
    kind         TEXT NOT NULL,
    actor_id     TEXT,
    subject_id   TEXT,
    workspace_id TEXT,
    address      TEXT,
    detail       TEXT NOT NULL DEFAULT '{}'
  ) STRICT;
  CREATE INDEX audit_events_workspace ON audit_events(workspace_id, id);
  CREATE INDEX audit_events_subject ON audit_events(subject_id, id);

  CREATE TABLE sign_in_failures (
    email   TEXT NOT NULL COLLATE NOCASE,
    at      INTEGER NOT NULL,
    address TEXT NOT NULL
  ) STRICT;
  CREATE INDEX sign_in_failures_email ON sign_in_failures(email, at);
`
