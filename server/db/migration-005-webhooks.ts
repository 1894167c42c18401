/** 5: webhooks on task events and the log of every delivery attempt; the experiment-block index. */
export const webhooksMigration = `
  CREATE TABLE webhooks (
    id         TEXT PRIMARY KEY,
    project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    url        TEXT NOT NULL,
    -- the HMAC key: it must be read back to sign, so it is stored as is (shown once at creation)
    secret     TEXT NOT NULL,
    events     TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX webhooks_project ON webhooks(project_id);

  CREATE TABLE webhook_deliveries (
    id            TEXT PRIMARY KEY,
    webhook_id    TEXT NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
    event         TEXT NOT NULL,
    payload       TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts      INTEGER NOT NULL DEFAULT 0,
    next_attempt  INTEGER NOT NULL,
    last_code     INTEGER,
    last_error    TEXT,
    created_at    INTEGER NOT NULL,
    delivered_at  INTEGER
  ) STRICT;
  CREATE INDEX webhook_deliveries_due ON webhook_deliveries(status, next_attempt);
  CREATE INDEX webhook_deliveries_hook ON webhook_deliveries(webhook_id, created_at);

  -- Derived: which document holds each structured block (experiment logs, deployment checklists),
  -- so scripts and the server can reach a block by its id.
  CREATE TABLE blocks (
    block_id TEXT PRIMARY KEY,
    doc_id   TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    kind     TEXT NOT NULL CHECK (kind IN ('experiment', 'checklist'))
  ) STRICT;
  CREATE INDEX blocks_doc ON blocks(doc_id);
`
