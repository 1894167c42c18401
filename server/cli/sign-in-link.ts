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
 * everything, so this grants nothing new. For an email in KEEL_ADMIN_EMAILS with no account yet it
 * creates the account: how an operator makes an instance administrator. It works while the server runs (WAL, busy timeout).
 */
export function signInLink(email: string, env: NodeJS.ProcessEnv = process.env): string {
  const parsed = z.string().email().safeParse(email)
  if (!parsed.success) throw new Error(`"${email}" is not an email address`)
  const config = loadConfig(env)
  if (!fs.existsSync(config.databaseFile)) throw new Error(`no Keel data at ${config.databaseFile} (set KEEL_DATA_DIR)`)
  const db = openDatabase(config.databaseFile, { synchronous: config.sync })
  try {
    const accounts = new Accounts(new SqliteAccountStore(db))
    // An admin listed in KEEL_ADMIN_EMAILS gets the account here, from the data folder: an invite
    // refuses to create one for a listed email (server/auth/admin.ts), so this is the only way.
    const listed = config.adminEmails.includes(parsed.data.toLowerCase())
    const found =
      accounts.credentials(parsed.data)?.user ??
      (listed ? accounts.createUser({ email: parsed.data, name: parsed.data.split('@')[0]!, passwordHash: null }) : null)
    if (!found) throw new Error(`no account for ${parsed.data} in ${config.databaseFile}`)
    // As the server builds links: the first public origin, else localhost on the configured port.
    const base = config.publicOrigins[0] ?? `http://localhost:${config.port}`
    return `${base}/auth/link/${accounts.createSignInLink(found.id)}`
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
