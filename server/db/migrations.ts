import type Database from 'better-sqlite3'
import { accountsMigration } from './migration-002-accounts.ts'
import { hubMigration } from './migration-003-hub.ts'
import { tasksMigration } from './migration-004-tasks.ts'
import { webhooksMigration } from './migration-005-webhooks.ts'
import { sessionsAuditMigration } from './migration-006-sessions-audit.ts'
import { webhookSecretsMigration } from './migration-007-webhook-secrets.ts'
import { approvalsMigration } from './migration-008-approvals.ts'
import { deletedPagesMigration } from './migration-009-deleted-pages.ts'
import { passwordResetsMigration } from './migration-010-password-resets.ts'
import { historyMigration } from './migration-011-history.ts'
import { editTimesMigration } from './migration-012-edit-times.ts'
import { keelImportsMigration } from './migration-013-keel-imports.ts'
import { importsMigration } from './migration-014-imports.ts'
import { instanceOwnerMigration } from './migration-015-instance-owner.ts'
import { importAttachmentsMigration } from './migration-017-import-attachments.ts'
import { commentsMigration } from './migration-019-comments.ts'
import { attachmentsMigration } from './migration-016-attachments.ts'
import { inboxMigration } from './migration-018-inbox.ts'
import { searchMigration } from './migration-020-search.ts'

/**
 * Numbered migrations. Each runs once, in order, inside one transaction with the bump of
 * `PRAGMA user_version`, so a crash mid-migration leaves the previous version intact.
 * Never edit a migration that has shipped; add the next number.
 */
const migrations: readonly string[] = [
  // 1: documents with a compacted snapshot, and the append-only update log.
  `
  CREATE TABLE documents (
    id           TEXT PRIMARY KEY,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    -- merged Yjs state of every update with seq <= snapshot_seq (NULL until the first compaction)
    snapshot     BLOB,
    snapshot_seq INTEGER NOT NULL DEFAULT 0,
    last_seq     INTEGER NOT NULL DEFAULT 0,
    -- bytes and count of log rows still holding data (seq > snapshot_seq): the compaction trigger
    log_bytes    INTEGER NOT NULL DEFAULT 0,
    log_count    INTEGER NOT NULL DEFAULT 0
  ) STRICT;

  -- One row per committed update. Compaction folds data into the snapshot and sets it to NULL,
  -- but keeps the row: who changed which document when is the history and the activity feed.
  CREATE TABLE updates (
    doc_id     TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq        INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    user_id    TEXT NOT NULL,
    size       INTEGER NOT NULL,
    data       BLOB,
    PRIMARY KEY (doc_id, seq)
  ) STRICT;
  `,
  accountsMigration,
  hubMigration,
  tasksMigration,
  webhooksMigration,
  sessionsAuditMigration,
  webhookSecretsMigration,
  approvalsMigration,
  deletedPagesMigration,
  passwordResetsMigration,
  historyMigration,
  editTimesMigration,
  keelImportsMigration,
  importsMigration,
  instanceOwnerMigration,
  attachmentsMigration,
  importAttachmentsMigration,
  inboxMigration,
  commentsMigration,
  searchMigration,
]

export function migrate(db: Database.Database): number {
  const current = db.pragma('user_version', { simple: true }) as number
  for (let version = current; version < migrations.length; version++) {
    db.transaction(() => {
      db.exec(migrations[version]!)
      db.pragma(`user_version = ${version + 1}`)
    })()
  }
  return migrations.length
}
