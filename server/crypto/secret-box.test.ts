import crypto from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../config.ts'
import { SecretBox, SecretBoxError } from './secret-box.ts'
import { decodeSecretKey } from './secret-key.ts'

describe('secret box (AES-256-GCM)', () => {
  const box = new SecretBox(crypto.randomBytes(32))

  it('opens what it sealed, with a fresh IV each time', () => {
    const a = box.seal('kw_secret', 'hook-1')
    expect(box.open(a, 'hook-1')).toBe('kw_secret')
    expect(box.seal('kw_secret', 'hook-1')).not.toBe(a)
    expect(a).not.toContain('kw_secret')
  })

  it('refuses another key, another row, and any changed byte', () => {
    const sealed = box.seal('kw_secret', 'hook-1')
    expect(() => new SecretBox(crypto.randomBytes(32)).open(sealed, 'hook-1')).toThrow(SecretBoxError)
    expect(() => box.open(sealed, 'hook-2')).toThrow(SecretBoxError)
    const [v, iv, data, tag] = sealed.split(':') as [string, string, string, string]
    const flipped = Buffer.from(data, 'base64url')
    flipped[0]! ^= 1
    expect(() => box.open([v, iv, flipped.toString('base64url'), tag].join(':'), 'hook-1')).toThrow(SecretBoxError)
    expect(() => box.open('kw_plain', 'hook-1')).toThrow(SecretBoxError)
  })
})

describe('KEEL_SECRET_KEY and KEEL_WEBHOOK_ALLOW_PRIVATE', () => {
  it('accepts 32 bytes as hex or base64, refuses anything else naming the variable', () => {
    const key = crypto.randomBytes(32)
    expect(decodeSecretKey(key.toString('hex'))).toEqual(key)
    expect(decodeSecretKey(key.toString('base64'))).toEqual(key)
    expect(decodeSecretKey(key.toString('base64url'))).toEqual(key)
    expect(loadConfig({ KEEL_SECRET_KEY: key.toString('base64') }).secretKey).toEqual(key)
    expect(loadConfig({}).secretKey).toBeNull()
    for (const bad of ['short', crypto.randomBytes(16).toString('hex'), crypto.randomBytes(33).toString('base64'), 'z'.repeat(64)]) {
      expect(() => loadConfig({ KEEL_SECRET_KEY: bad }), bad).toThrow(/KEEL_SECRET_KEY/)
    }
  })

  it('allow-private is off unless set to true', () => {
    expect(loadConfig({}).webhookAllowPrivate).toBe(false)
    expect(loadConfig({ KEEL_WEBHOOK_ALLOW_PRIVATE: 'true' }).webhookAllowPrivate).toBe(true)
    expect(() => loadConfig({ KEEL_WEBHOOK_ALLOW_PRIVATE: 'yes' })).toThrow(/KEEL_WEBHOOK_ALLOW_PRIVATE/)
  })
})
