/**
 * 12: when offline edits were made. A client that edited offline tells the server, after its
 * updates are acknowledged, the time span of each run of its clocks; the server keeps it per
 * update row (the row that carried those clocks), so a version over rows (from_seq, to_seq] shows
 * "edited offline 09:12–09:40" beside its merge time. The log row's own created_at stays the
 * commit time: history is ordered by when edits reached the server.
 */
export const editTimesMigration = `
  CREATE TABLE edit_times (
    doc_id      TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    user_id     TEXT NOT NULL,
    edited_from INTEGER NOT NULL,
    edited_to   INTEGER NOT NULL,
    PRIMARY KEY (doc_id, seq, user_id)
  ) STRICT;
`
