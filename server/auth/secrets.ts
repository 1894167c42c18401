import crypto from 'node:crypto'
import { promisify } from 'node:util'

const scrypt = promisify(crypto.scrypt) as (pw: string, salt: Buffer, len: number, opts: crypto.ScryptOptions) => Promise<Buffer>

/** scrypt cost: N=2^15, r=8, p=1 (OWASP's minimum for scrypt), 32 MiB of memory per hash. */
const PARAMS = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 }
const KEY_LEN = 32

/** `scrypt$N$r$p$salt$hash`, base64url; the parameters travel with the hash so they can change. */
export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.randomBytes(16)
  const key = await scrypt(password.normalize('NFKC'), salt, KEY_LEN, PARAMS)
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64url'), key.toString('base64url')].join('$')
}

/** Constant-time check of a password against a stored hash; false for any malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [kind, n, r, p, salt, hash] = stored.split('$')
  if (kind !== 'scrypt' || !salt || !hash) return false
  const expected = Buffer.from(hash, 'base64url')
  const key = await scrypt(password.normalize('NFKC'), Buffer.from(salt, 'base64url'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: PARAMS.maxmem,
  })
  return key.length === expected.length && crypto.timingSafeEqual(key, expected)
}

/**
 * A verify against a fixed dummy hash, so signing in as an unknown email costs the same time as
 * a wrong password (no user enumeration by timing).
 */
let dummy: string | null = null
export async function verifyAgainstNothing(password: string): Promise<false> {
  dummy ??= await hashPassword('not a real password')
  await verifyPassword(password, dummy)
  return false
}

/** A fresh secret: 32 random bytes, base64url, with a short prefix saying what it is. */
export function newSecret(prefix: string): string {
  return `${prefix}_${crypto.randomBytes(32).toString('base64url')}`
}

/** Secrets are high-entropy, so a plain SHA-256 is the right at-rest form (not a password hash). */
export function hashSecret(secret: string): string {
  return crypto.createHash('sha256').update(secret).digest('base64url')
}

export const newId = (): string => crypto.randomUUID()
