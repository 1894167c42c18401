import { describe, expect, it } from 'vitest'
import { loadConfig } from './config.ts'
import { openDatabase } from './db/open.ts'

describe('configuration', () => {
  it('defaults are explicit: full sync, a 16,000 KiB SQLite page cache', () => {
    const config = loadConfig({})
    expect(config.sync).toBe('full')
    expect(config.sqliteCacheKiB).toBe(16_000)
  })

  it('refuses values out of range with the variable named', () => {
    expect(() => loadConfig({ KEEL_SQLITE_CACHE_KIB: '12' })).toThrow(/KEEL_SQLITE_CACHE_KIB/)
    expect(() => loadConfig({ KEEL_SYNC: 'sometimes' })).toThrow(/KEEL_SYNC/)
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT/)
  })

  it('keeps deleted pages 30 days unless told otherwise; 0 is allowed, negative is not', () => {
    expect(loadConfig({}).deletedRetentionDays).toBe(30)
    expect(loadConfig({ KEEL_DELETED_RETENTION_DAYS: '0' }).deletedRetentionDays).toBe(0)
    expect(() => loadConfig({ KEEL_DELETED_RETENTION_DAYS: '-1' })).toThrow(/KEEL_DELETED_RETENTION_DAYS/)
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
