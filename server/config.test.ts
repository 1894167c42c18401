import { describe, expect, it } from 'vitest'
import { loadConfig } from './config.ts'
import { openDatabase } from './db/open.ts'

describe('configuration', () => {
  it('defaults are explicit: full sync, a 16,000 KiB SQLite page cache', () => {
    const config = loadConfig({})
    expect(config.sync).toBe('full')
    expect(config.sqliteCacheKiB).toBe(16_000)
  })

  it('backups: hourly into <data dir>/backups by default, keeping 24/7/4; 0 turns the schedule off', () => {
    const d = loadConfig({ KEEL_DATA_DIR: '/srv/keel' }).backup
    expect(d).toEqual({ dir: '/srv/keel/backups', intervalMinutes: 60, keep: { hourly: 24, daily: 7, weekly: 4 }, method: 'vacuum-into', runsPerMinute: 6 })
    const c = loadConfig({
      KEEL_BACKUP_INTERVAL_MINUTES: '0',
      KEEL_BACKUP_DIR: '/mnt/b',
      KEEL_BACKUP_KEEP_DAILY: '30',
      KEEL_BACKUP_METHOD: 'backup-api',
    }).backup
    expect(c).toMatchObject({ dir: '/mnt/b', intervalMinutes: 0, keep: { daily: 30 }, method: 'backup-api' })
    expect(() => loadConfig({ KEEL_BACKUP_INTERVAL_MINUTES: '-1' })).toThrow(/KEEL_BACKUP_INTERVAL_MINUTES/)
    expect(() => loadConfig({ KEEL_BACKUP_METHOD: 'rsync' })).toThrow(/KEEL_BACKUP_METHOD/)
  })

  it('KEEL_ADMIN_EMAILS: a comma list of emails, lower-cased; unset, the instance admin is the first-start owner', () => {
    // Unset: no email makes an admin; the first-start owner is one by the id bootstrap recorded.
    expect(loadConfig({}).adminEmails).toEqual([])
    expect(loadConfig({ KEEL_OWNER_EMAIL: 'Root@Example.com' }).adminEmails).toEqual([])
    // Set, it replaces the owner: the first-start account is an admin only if listed.
    expect(loadConfig({ KEEL_ADMIN_EMAILS: ' Ops@Keel.Test, sre@keel.test,ops@keel.test ,' }).adminEmails).toEqual(['ops@keel.test', 'sre@keel.test'])
    expect(loadConfig({ KEEL_ADMIN_EMAILS: '' }).adminEmails).toEqual([])
    expect(() => loadConfig({ KEEL_ADMIN_EMAILS: 'ops@keel.test, not-an-email' })).toThrow(/KEEL_ADMIN_EMAILS: "not-an-email" is not an email/)
  })

  it('refuses values out of range with the variable named', () => {
    expect(() => loadConfig({ KEEL_SQLITE_CACHE_KIB: '12' })).toThrow(/KEEL_SQLITE_CACHE_KIB/)
    expect(() => loadConfig({ KEEL_SYNC: 'sometimes' })).toThrow(/KEEL_SYNC/)
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT/)
  })

  it('KEEL_PUBLIC_URL, KEEL_ALLOWED_ORIGINS: comma lists of http(s) origins, normalised; anything else names the variable', () => {
    const c = loadConfig({ KEEL_PUBLIC_URL: 'https://Keel.Example.com/, http://keel.internal:8080', KEEL_ALLOWED_ORIGINS: 'http://localhost:5173' })
    expect(c.publicOrigins).toEqual(['https://keel.example.com', 'http://keel.internal:8080'])
    expect(c.allowedOrigins).toEqual(['http://localhost:5173'])
    expect(loadConfig({}).publicOrigins).toEqual([])
    for (const bad of [
      'keel.example.com',
      'ftp://keel.example.com',
      'https://keel.example.com/app',
      'https://u:p@keel.example.com',
      'https://keel.example.com/?x=1',
    ]) {
      expect(() => loadConfig({ KEEL_PUBLIC_URL: bad }), bad).toThrow(/KEEL_PUBLIC_URL/)
    }
    expect(() => loadConfig({ KEEL_ALLOWED_ORIGINS: 'localhost:5173' })).toThrow(/KEEL_ALLOWED_ORIGINS/)
  })

  it('KEEL_TRUSTED_PROXIES: a comma list, default none', () => {
    expect(loadConfig({}).trustedProxies).toEqual([])
    expect(loadConfig({ KEEL_TRUSTED_PROXIES: '127.0.0.1, 10.0.0.0/8' }).trustedProxies).toEqual(['127.0.0.1', '10.0.0.0/8'])
  })

  it('session lifetimes: 30 days at most, 7 idle, in days (fractions allowed)', () => {
    const day = 24 * 3600 * 1000
    expect(loadConfig({})).toMatchObject({ sessionMaxMs: 30 * day, sessionIdleMs: 7 * day })
    expect(loadConfig({ KEEL_SESSION_MAX_DAYS: '1', KEEL_SESSION_IDLE_DAYS: '0.5' })).toMatchObject({ sessionMaxMs: day, sessionIdleMs: day / 2 })
    expect(() => loadConfig({ KEEL_SESSION_IDLE_DAYS: '0' })).toThrow(/KEEL_SESSION_IDLE_DAYS/)
    expect(loadConfig({}).limits.maxSocketsPerUser).toBe(100)
    expect(loadConfig({ KEEL_MAX_SOCKETS_PER_USER: '5000' }).limits.maxSocketsPerUser).toBe(5000)
  })

  it('keeps deleted pages 30 days unless told otherwise; 0 is allowed, negative is not', () => {
    expect(loadConfig({}).deletedRetentionDays).toBe(30)
    expect(loadConfig({ KEEL_DELETED_RETENTION_DAYS: '0' }).deletedRetentionDays).toBe(0)
    expect(() => loadConfig({ KEEL_DELETED_RETENTION_DAYS: '-1' })).toThrow(/KEEL_DELETED_RETENTION_DAYS/)
  })

  it('version bursts: 5 idle minutes, 60 at most, 2,000 updates; minutes may be fractions, zero or negative is refused', () => {
    expect(loadConfig({})).toMatchObject({ historyIdleMs: 300_000, historyMaxSpanMs: 3_600_000, historyMaxUpdates: 2000, historyRatePerMinute: 300 })
    expect(loadConfig({ KEEL_HISTORY_IDLE_MINUTES: '0.5', KEEL_HISTORY_MAX_SPAN_MINUTES: '30' })).toMatchObject({
      historyIdleMs: 30_000,
      historyMaxSpanMs: 1_800_000,
    })
    for (const [name, value] of [
      ['KEEL_HISTORY_IDLE_MINUTES', '0'],
      ['KEEL_HISTORY_IDLE_MINUTES', '-5'],
      ['KEEL_HISTORY_IDLE_MINUTES', 'soon'],
      ['KEEL_HISTORY_MAX_SPAN_MINUTES', '5000'],
      ['KEEL_HISTORY_MAX_UPDATES', '0'],
      ['KEEL_HISTORY_RATE', '1.5'],
    ] as const) {
      expect(() => loadConfig({ [name]: value }), `${name}=${value}`).toThrow(new RegExp(name))
    }
  })

  it('the page cache setting reaches SQLite', () => {
    const { sqliteCacheKiB } = loadConfig({ KEEL_SQLITE_CACHE_KIB: '2000' })
    const db = openDatabase(':memory:', { synchronous: 'normal', cacheKiB: sqliteCacheKiB })
    try {
      expect(db.pragma('cache_size', { simple: true })).toBe(-2000)
    } finally {
      db.close()
    }
  })
})
