import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { FastifyBaseLogger } from 'fastify'

export const KEY_FILE = 'keel-secret.key'

/** 32 bytes given as 64 hex digits or as base64 (`openssl rand -base64 32`); null otherwise. */
export function decodeSecretKey(text: string): Buffer | null {
  const t = text.trim()
  if (/^[0-9a-fA-F]{64}$/.test(t)) return Buffer.from(t, 'hex')
  if (!/^[A-Za-z0-9+/_-]{43}=?$/.test(t)) return null
  const key = Buffer.from(t, 'base64')
  return key.length === 32 ? key : null
}

/**
 * The key that seals stored secrets: KEEL_SECRET_KEY when set; otherwise `keel-secret.key` in
 * the data folder, made on first start (32 random bytes, mode 0600) so `npm start` needs no
 * setup. The file only protects against leaks of the database alone (a copied keel.db, a
 * backup): whoever has the data folder has the key too, hence the warning. An in-memory
 * database (tests) gets a key that lives as long as the process, like its data.
 */
export function loadSecretKey(config: { secretKey: Buffer | null; databaseFile: string }, log: FastifyBaseLogger): Buffer {
  if (config.secretKey) return config.secretKey
  if (config.databaseFile === ':memory:') return crypto.randomBytes(32)
  const file = path.join(path.dirname(config.databaseFile), KEY_FILE)
  if (!fs.existsSync(file)) create(file, log)
  const key = decodeSecretKey(fs.readFileSync(file, 'utf8'))
  if (!key) throw new Error(`${file} does not hold a 32-byte key (base64 or hex); restore it, or set KEEL_SECRET_KEY`)
  if ((fs.statSync(file).mode & 0o077) !== 0) log.warn({ file }, 'the secret key file is readable by other users: chmod 600 it')
  return key
}

/**
 * Written whole and fsynced under a temporary name, then linked into place: link fails if the
 * file exists, so two processes starting on one folder agree on one key and never read half a
 * file; and the key is on disk before any secret sealed with it is.
 */
function create(file: string, log: FastifyBaseLogger): void {
  const temp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}`
  const fd = fs.openSync(temp, 'wx', 0o600)
  try {
    fs.writeSync(fd, `${crypto.randomBytes(32).toString('base64')}\n`)
    fs.fsyncSync(fd)
  } finally {
    fs.closeSync(fd)
  }
  try {
    fs.linkSync(temp, file)
    const dir = fs.openSync(path.dirname(file), 'r')
    fs.fsyncSync(dir)
    fs.closeSync(dir)
    log.warn(
      { file },
      'KEEL_SECRET_KEY is not set: generated a key file in the data folder to encrypt stored secrets (webhook signing keys, outbox messages); set KEEL_SECRET_KEY (kept apart from the data) so that a copy of the data folder does not carry its own key',
    )
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
  } finally {
    fs.rmSync(temp, { force: true })
  }
}
