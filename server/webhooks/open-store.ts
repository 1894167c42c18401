import type Database from 'better-sqlite3'
import type { FastifyBaseLogger } from 'fastify'
import type { Config } from '../config.ts'
import { SecretBox } from '../crypto/secret-box.ts'
import { loadSecretKey } from '../crypto/secret-key.ts'
import { SqliteWebhookStore } from './sqlite-webhook-store.ts'

/**
 * The webhook store with its secrets sealed under the configured key. At start-up it seals any
 * secret still stored in plain text (rows from before migration 7) and checks that every sealed
 * one opens: a wrong key is said once, clearly, here, and the server still starts (no crash
 * loop); those webhooks' deliveries wait as `secret_unavailable` until the right key is back or
 * their owners recreate them.
 */
export function openWebhookStore(db: Database.Database, config: Pick<Config, 'secretKey' | 'databaseFile'>, log: FastifyBaseLogger): SqliteWebhookStore {
  const store = new SqliteWebhookStore(db, new SecretBox(loadSecretKey(config, log)))
  const sealed = store.sealPlaintextSecrets()
  if (sealed > 0) log.info({ webhooks: sealed }, 'webhook secrets stored in plain text are now encrypted')
  const unreadable = store.unreadableSecrets()
  if (unreadable.length > 0) {
    log.error(
      { webhooks: unreadable },
      `${unreadable.length} webhook secret(s) do not decrypt with this key: KEEL_SECRET_KEY (or keel-secret.key in the data folder) is not the key they were sealed with. Their deliveries wait until the right key is configured, or until the webhooks are deleted and created again.`,
    )
  }
  return store
}
