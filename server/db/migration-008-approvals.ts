/**
 * 8: approvals, written only by the server's REST routes after their role checks: checklist
 * sign-offs, ship decisions and done-while-blocked overrides. The copies inside documents (the
 * checklist's root map, a task's `override` attribute) are display caches that any editor can
 * write over the socket, so whatever reports an approval reads it from here.
 *
 * `block_id` is the checklist block or the task; `item_id` the checklist item ('' otherwise).
 * `data` is JSON: the item text signed, the decision's gates and items, the override's reason.
 * The task index also keeps, per task, an override found in the document with no matching
 * record (shown as unverified) and the server's reopen note.
 */
export const approvalsMigration = `
  CREATE TABLE approvals (
    kind     TEXT NOT NULL CHECK (kind IN ('signoff', 'decision', 'override')),
    doc_id   TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    block_id TEXT NOT NULL,
    item_id  TEXT NOT NULL DEFAULT '',
    user_id  TEXT NOT NULL,
    at       TEXT NOT NULL,
    data     TEXT NOT NULL,
    PRIMARY KEY (kind, doc_id, block_id, item_id)
  ) STRICT;

  ALTER TABLE tasks ADD COLUMN unverified_override TEXT;
  ALTER TABLE tasks ADD COLUMN gate TEXT;
`
