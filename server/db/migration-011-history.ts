/**
 * 11: version history (docs/decisions/0005-version-history.md).
 *
 * - From now on compaction keeps the update log's bytes (`updates.data` is no longer set to
 *   NULL): any past state is the log replayed, from the newest checkpoint at or before it.
 * - `checkpoints`: the full encoded state of a document after update `seq`, a copy of the
 *   compaction snapshot kept every K updates (or bytes), so a state is rebuilt in bounded time.
 * - `versions`: one row per closed burst of edits (kind auto), named, restore or baseline
 *   version: the state after `to_seq`. `authors` is a JSON array of user ids (names are read
 *   from the accounts when shown, so a rename shows everywhere); `state_vector` is the Yjs state
 *   vector at `to_seq` (which version created an item: attribution, the authors view).
 * - `doc_clients`: which user wrote which clock range of a Yjs client id, from the bursts'
 *   update rows (one client id is shared by every REST edit of a loaded room, so ranges, not ids).
 * - `visits`: each user's last visit of a document ("changes since your last visit").
 * - `workspaces.history_thin_after_days`: thin automatic versions older than this to one per day.
 *
 * Existing documents were compacted with their early bytes dropped: each gets a checkpoint of its
 * snapshot at `snapshot_seq`, and each page (kind 'doc') a 'baseline' version there, the oldest
 * state history can show.
 */
const TABLES = `
  CREATE TABLE checkpoints (
    doc_id     TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq        INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    data       BLOB NOT NULL,
    PRIMARY KEY (doc_id, seq)
  ) STRICT;

  CREATE TABLE versions (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    doc_id        TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    kind          TEXT NOT NULL CHECK (kind IN ('auto', 'named', 'restore', 'baseline')),
    name          TEXT,
    from_seq      INTEGER NOT NULL,
    to_seq        INTEGER NOT NULL,
    started_at    INTEGER NOT NULL,
    ended_at      INTEGER NOT NULL,
    authors       TEXT NOT NULL DEFAULT '[]',
    summary       TEXT NOT NULL DEFAULT '',
    state_vector  BLOB,
    restored_from INTEGER,
    created_by    TEXT
  ) STRICT;
  CREATE INDEX versions_doc ON versions(doc_id, id);
  CREATE INDEX versions_doc_ended ON versions(doc_id, ended_at);

  CREATE TABLE doc_clients (
    doc_id      TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    client      INTEGER NOT NULL,
    clock_start INTEGER NOT NULL,
    clock_end   INTEGER NOT NULL,
    user_id     TEXT NOT NULL,
    PRIMARY KEY (doc_id, client, clock_start)
  ) STRICT;

  CREATE TABLE visits (
    user_id TEXT NOT NULL,
    doc_id  TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq     INTEGER NOT NULL,
    at      INTEGER NOT NULL,
    PRIMARY KEY (user_id, doc_id)
  ) STRICT;

  ALTER TABLE workspaces ADD COLUMN history_thin_after_days INTEGER;
`

/** The baselines (exported for its test: a database from before 011 with compacted documents). */
export const historyBaselines = `
  INSERT INTO checkpoints (doc_id, seq, created_at, data)
    SELECT id, snapshot_seq, updated_at, snapshot FROM documents WHERE snapshot IS NOT NULL AND snapshot_seq > 0;

  INSERT INTO versions (doc_id, kind, from_seq, to_seq, started_at, ended_at, authors, summary)
    SELECT d.id, 'baseline', 1, d.snapshot_seq,
      coalesce((SELECT min(u.created_at) FROM updates u WHERE u.doc_id = d.id), d.created_at),
      coalesce((SELECT u.created_at FROM updates u WHERE u.doc_id = d.id AND u.seq = d.snapshot_seq), d.updated_at),
      coalesce((SELECT json_group_array(user_id) FROM (SELECT DISTINCT user_id FROM updates u WHERE u.doc_id = d.id AND u.seq <= d.snapshot_seq)), '[]'),
      'History starts here'
    FROM documents d WHERE d.kind = 'doc' AND d.snapshot IS NOT NULL AND d.snapshot_seq > 0;
`

export const historyMigration = TABLES + historyBaselines
