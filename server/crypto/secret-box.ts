import crypto from 'node:crypto'

/** Thrown when a sealed value cannot be opened: another key, or a damaged value. */
export class SecretBoxError extends Error {}

const VERSION = 'k1'

/**
 * Secrets the server must read back (webhook signing keys) are stored sealed with AES-256-GCM
 * (node:crypto): a fresh 96-bit IV per value, the 128-bit tag checked on open. `context` (the
 * row's id) is authenticated as additional data, so a sealed value copied onto another row
 * does not open there. Stored as `k1:<iv>:<ciphertext>:<tag>`, base64url.
 */
export class SecretBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('the secret key must be 32 bytes')
  }

  seal(plain: string, context: string): string {
    const iv = crypto.randomBytes(12)
    const cipher = crypto.createCipheriv('aes-256-gcm', this.key, iv)
    cipher.setAAD(Buffer.from(context))
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
    return [VERSION, iv, data, cipher.getAuthTag()].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join(':')
  }

  open(sealed: string, context: string): string {
    const [version, iv, data, tag] = sealed.split(':')
    if (version !== VERSION || iv === undefined || data === undefined || tag === undefined) throw new SecretBoxError('not a sealed value')
    try {
      const decipher = crypto.createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'))
      decipher.setAAD(Buffer.from(context))
      decipher.setAuthTag(Buffer.from(tag, 'base64url'))
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8')
    } catch {
      throw new SecretBoxError('the sealed value does not open with this key')
    }
  }
}
