import fs from 'node:fs'
import type { FastifyBaseLogger } from 'fastify'
import { loadConfig } from '../config.ts'
import { SecretBox } from '../crypto/secret-box.ts'
import { loadSecretKey } from '../crypto/secret-key.ts'
import { openDatabase } from '../db/open.ts'
import type { OutboxMessage } from '../mail/outbox-store.ts'
import { SqliteOutboxStore } from '../mail/sqlite-outbox-store.ts'

/** What the key loader may say (a key file readable by others), on stderr. */
const say = (_facts: unknown, message?: string) => console.error(`keel: ${message ?? ''}`)
const cliLog = { warn: say, info: say, error: say } as unknown as FastifyBaseLogger

/**
 * `npm run keel -- outbox`: the messages waiting in the outbox (password reset links while no
 * SMTP is configured), oldest first, for the operator to pass on. Read from the local data
 * folder and its key, like `sign-in-link`: whoever can read those holds everything already.
 * Expired messages are not shown (their links no longer work).
 */
export function pendingMail(env: NodeJS.ProcessEnv = process.env, now = Date.now()): OutboxMessage[] {
  const config = loadConfig(env)
  if (!fs.existsSync(config.databaseFile)) throw new Error(`no Keel data at ${config.databaseFile} (set KEEL_DATA_DIR)`)
  const db = openDatabase(config.databaseFile, { synchronous: config.sync })
  try {
    const box = new SecretBox(loadSecretKey(config, cliLog))
    return new SqliteOutboxStore(db, box).pending(now)
  } finally {
    db.close()
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    const messages = pendingMail()
    if (messages.length === 0) console.log('The outbox is empty: no message is waiting.')
    for (const m of messages) {
      console.log(
        `── To: ${m.recipient}\n   Subject: ${m.subject}\n   Queued: ${new Date(m.createdAt).toISOString()} (valid until ${new Date(m.expiresAt).toISOString()})\n`,
      )
      console.log(`${m.body.replace(/^/gm, '   ')}\n`)
    }
  } catch (err) {
    console.error(`keel: ${err instanceof Error ? err.message : String(err)}`)
    process.exit(1)
  }
}
