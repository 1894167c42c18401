/**
 * 15: the instance's settings, one row per key. `owner_user_id` is the account the first start
 * created: the default instance administrator (server/auth/admin.ts), tied to the account and
 * not to an email anyone could register. On a database from before this migration that is the
 * oldest account (bootstrap creates the owner before any other).
 */
export const instanceOwnerMigration = `
  CREATE TABLE instance_settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
  ) STRICT;
  INSERT INTO instance_settings (key, value)
    SELECT 'owner_user_id', id FROM users ORDER BY created_at, rowid LIMIT 1;
`
