/**
 * 10: password resets and the mail outbox.
 *
 * - `password_resets`: one-time reset links, by the SHA-256 of their secret (the secret itself is
 *   only in the message that carries it), 1 h, single use; `issued_by` is the workspace owner who
 *   made it from the Members list, NULL when the member asked for it on the sign-in page.
 * - `password_reset_requests`: one row per "Forgot password?" request, by email (known or not, so
 *   the per-account limit does not tell which emails have accounts) and address.
 * - `outbox`: every message the server sends, queued before it is handed to the mail sender. The
 *   body is sealed (AES-256-GCM under KEEL_SECRET_KEY or keel-secret.key, like webhook secrets):
 *   a copied database or backup holds no usable reset link.
 */
export const passwordResetsMigration = `
  CREATE TABLE password_resets (
    token_hash TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER,
    issued_by  TEXT REFERENCES users(id) ON DELETE SET NULL
  ) STRICT;
  CREATE INDEX password_resets_user ON password_resets(user_id);

  CREATE TABLE password_reset_requests (
    email   TEXT NOT NULL COLLATE NOCASE,
    at      INTEGER NOT NULL,
    address TEXT NOT NULL
  ) STRICT;
  CREATE INDEX password_reset_requests_email ON password_reset_requests(email, at);

  CREATE TABLE outbox (
    id         TEXT PRIMARY KEY,
    created_at INTEGER NOT NULL,
    recipient  TEXT NOT NULL,
    subject    TEXT NOT NULL,
    body       TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    sent_at    INTEGER
  ) STRICT;
  CREATE INDEX outbox_created ON outbox(created_at);
`
