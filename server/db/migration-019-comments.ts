/**
 * 18: inline comments (docs/decisions/0009-comments.md). A thread is anchored by two Yjs relative
 * positions (JSON) into its document's editor fragment and keeps the quoted text, so it outlives
 * that text. Ids are the client's (an offline create replays as the same row). A document's
 * threads go with it; a thread's comments go with it.
 */
export const commentsMigration = `
  CREATE TABLE comment_threads (
    id          TEXT PRIMARY KEY,
    doc_id      TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    anchor      TEXT NOT NULL,
    quote       TEXT NOT NULL,
    block_id    TEXT,
    created_by  TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    resolved_at INTEGER,
    resolved_by TEXT
  ) STRICT;
  CREATE INDEX comment_threads_doc ON comment_threads(doc_id, created_at);
  CREATE TABLE comments (
    id         TEXT PRIMARY KEY,
    thread_id  TEXT NOT NULL REFERENCES comment_threads(id) ON DELETE CASCADE,
    author_id  TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    edited_at  INTEGER
  ) STRICT;
  CREATE INDEX comments_thread ON comments(thread_id, created_at);
`
