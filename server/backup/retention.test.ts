import { describe, expect, it } from 'vitest'
import { backupsToKeep, type Dated, isoWeek } from './retention.ts'

const at = (iso: string, status: Dated['status'] = 'ok'): Dated => ({ id: iso, createdAt: iso, status })
/** Backups every `stepMinutes` from `startIso`, `count` of them. */
function series(startIso: string, count: number, stepMinutes: number): Dated[] {
  return Array.from({ length: count }, (_, i) => at(new Date(Date.parse(startIso) + i * stepMinutes * 60_000).toISOString()))
}
const policy = { hourly: 24, daily: 7, weekly: 4 }

describe('backup retention', () => {
  it('names ISO weeks by their Thursday (years cross at week 1)', () => {
    expect(isoWeek(Date.parse('2026-12-04T12:00:00Z'))).toBe('2026-W49')
    expect(isoWeek(Date.parse('2021-01-03T12:00:00Z'))).toBe('2020-W53') // a Sunday: the week of 31 Dec 2020
    expect(isoWeek(Date.parse('2024-12-30T00:00:00Z'))).toBe('2025-W01') // a Monday: its Thursday is in 2025
  })

  it('keeps the newest of each of the last 24 hours, 7 days and 4 weeks of hourly backups', () => {
    // Five weeks of hourly backups ending on Friday 2026-12-04 23:00 UTC.
    const all = series('2026-10-31T00:00:00Z', 35 * 24, 60)
    const kept = [...backupsToKeep(all, policy)].sort()
    const hourly = kept.filter((id) => id >= '2026-12-04T00')
    expect(hourly).toHaveLength(24)
    // Days: the newest backup of each of the 7 newest days is its 23:00 one.
    const daily = ['2026-11-28', '2026-11-29', '2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03'].map((d) => `${d}T23:00:00.000Z`)
    for (const id of daily) expect(kept).toContain(id)
    // Weeks: the Sunday 23:00 closing each earlier ISO week (the current week's is today's 23:00).
    for (const id of ['2026-11-29T23:00:00.000Z', '2026-11-22T23:00:00.000Z', '2026-11-15T23:00:00.000Z']) expect(kept).toContain(id)
    expect(kept).not.toContain('2026-11-08T23:00:00.000Z')
    // 24 hourly + 6 more days + 2 more weeks (one week's Sunday is among the days).
    expect(kept).toHaveLength(24 + 6 + 2)
  })

  it('counts buckets that have a backup, so a server off for a while keeps its last ones', () => {
    const old = series('2026-01-01T00:00:00Z', 30, 60)
    expect(backupsToKeep(old, policy).size).toBe(24)
    // Several backups in one hour (manual ones): only the newest of that hour counts as hourly.
    const burst = [at('2026-12-04T10:05:00.000Z'), at('2026-12-04T10:30:00.000Z'), at('2026-12-04T10:59:00.000Z')]
    expect([...backupsToKeep(burst, { hourly: 24, daily: 0, weekly: 0 })]).toEqual(['2026-12-04T10:59:00.000Z'])
  })

  it('always keeps the newest good backup, and never keeps a failed one in its place', () => {
    const list = [at('2026-12-04T10:00:00.000Z'), at('2026-12-04T11:00:00.000Z', 'failed'), at('2026-12-04T12:00:00.000Z', 'failed')]
    const kept = backupsToKeep(list, { hourly: 0, daily: 0, weekly: 0 })
    expect(kept.has('2026-12-04T10:00:00.000Z')).toBe(true)
    // The newest failure stays listed (at least one), older ones go once past `hourly` of them.
    expect(kept.has('2026-12-04T12:00:00.000Z')).toBe(true)
    expect(kept.has('2026-12-04T11:00:00.000Z')).toBe(false)
    expect(backupsToKeep(list, policy).size).toBe(3)
  })

  it('keeps nothing extra for an empty list', () => {
    expect(backupsToKeep([], policy).size).toBe(0)
  })
})
