import crypto from 'node:crypto'

/** Document ids: 16 URL-safe random characters (96 bits), unguessable and short enough for URLs. */
export function newDocId(): string {
  return crypto.randomBytes(12).toString('base64url')
}
