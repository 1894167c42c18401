import type Database from 'better-sqlite3'

/**
 * The account the first start created (migration 015's `instance_settings`). Recorded once, at
 * bootstrap; changing or removing KEEL_OWNER_EMAIL later changes nothing here.
 */
export class InstanceOwner {
  constructor(private readonly db: Database.Database) {}

  userId(): string | null {
    const row = this.db.prepare(`SELECT value FROM instance_settings WHERE key = 'owner_user_id'`).get() as { value: string } | undefined
    return row?.value ?? null
  }

  record(userId: string): void {
    this.db.prepare(`INSERT OR IGNORE INTO instance_settings (key, value) VALUES ('owner_user_id', ?)`).run(userId)
  }
}
