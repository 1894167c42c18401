import fs from 'node:fs'
import { z } from 'zod'
import { Accounts } from '../auth/accounts.ts'
import { SqliteAccountStore } from '../auth/sqlite-account-store.ts'
import { loadConfig } from '../config.ts'
import { openDatabase } from '../db/open.ts'

/**
 * `npm run keel -- sign-in-link <email>`: a fresh one-time sign-in link for an account, made from
 * the local data folder. It is the way back in for an owner who closed the first-start link's tab
 * before choosing a password, or who forgot it: whoever can read the data folder already holds
 * everything, so this grants nothing new. It works while the server runs (WAL, busy timeout).
 */
export function signInLink(email: string, env: NodeJS.ProcessEnv = process.env): string {
  const parsed = z.string().email().safeParse(email)
  if (!parsed.success) throw new Error(`"${email}" is not an email address`)
  const config = loadConfig(env)
  if (!fs.existsSync(config.databaseFile)) throw new Error(`no Keel data at ${config.databaseFile} (set KEEL_DATA_DIR)`)
  const db = openDatabase(config.databaseFile, { synchronous: config.sync })
  try {
    const accounts = new Accounts(new SqliteAccountStore(db))
    const found = accounts.credentials(parsed.data)
    if (!found) throw new Error(`no account for ${parsed.data} in ${config.databaseFile}`)
    // As the server builds links: the first public origin, else localhost on the configured port.
    const base = config.publicOrigins[0] ?? `http://localhost:${config.port}`
    return `${base}/auth/link/${accounts.createSignInLink(found.user.id)}`
  } finally {
    db.close()
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    const url = signInLink(process.argv[2] ?? '')
    console.log(`One-time sign-in link for ${process.argv[2]} (valid 24 h; choose a new password after it):\n\n  ${url}\n`)
  } catch (err) {
    console.error(`keel: ${err instanceof Error ? err.message : String(err)}`)
    process.exit(1)
  }
}
