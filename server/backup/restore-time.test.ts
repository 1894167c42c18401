import { describe, expect, it } from 'vitest'
import { BadRestoreTime, parseRestoreTime } from './restore-time.ts'

const NOW = Date.parse('2026-12-06T20:00:00Z')

describe('--at, the time a point-in-time restore goes back to', () => {
  it('a minute in local time keeps everything committed during that minute', () => {
    const t = parseRestoreTime('2026-12-06 14:05', NOW)
    expect(t.until).toBe(new Date(2026, 11, 6, 14, 5, 59, 999).getTime())
    expect(t.shown).toBe('2026-12-06 14:05:59.999 (local)')
    expect(parseRestoreTime('2026-12-06T14:05', NOW).until).toBe(t.until)
  })

  it('UTC with Z, an explicit offset, and seconds (the end of that second)', () => {
    expect(parseRestoreTime('2026-12-06T14:05Z', NOW).until).toBe(Date.parse('2026-12-06T14:05:59.999Z'))
    expect(parseRestoreTime('2026-12-06T14:05Z', NOW).shown).toBe('2026-12-06 14:05:59.999 UTC')
    expect(parseRestoreTime('2026-12-06T15:05+01:00', NOW).until).toBe(Date.parse('2026-12-06T14:05:59.999Z'))
    expect(parseRestoreTime('2026-12-06T09:05-0500', NOW).until).toBe(Date.parse('2026-12-06T14:05:59.999Z'))
    expect(parseRestoreTime('2026-12-06 14:05:30Z', NOW).until).toBe(Date.parse('2026-12-06T14:05:30.999Z'))
  })

  it('refuses the future, times that do not exist, and other shapes, saying what it expects', () => {
    expect(() => parseRestoreTime('2026-12-06T20:01Z', NOW)).toThrow(/is in the future \(now is 2026-12-06 20:00:00.000 UTC\)/)
    // The minute under way is allowed: its updates so far are in the log.
    expect(parseRestoreTime('2026-12-06T20:00Z', NOW).until).toBe(NOW + 59_999)
    for (const bad of ['2026-12-06 14:61', '2026-02-30 10:00', '2026-12-06T14:05:60Z', '2026-13-01T00:00Z']) {
      expect(() => parseRestoreTime(bad, NOW), bad).toThrow(/is not a valid/)
    }
    expect(() => parseRestoreTime('yesterday', NOW)).toThrow(BadRestoreTime)
    expect(() => parseRestoreTime('1765030000', NOW)).toThrow(/expected "YYYY-MM-DD HH:MM" \(local time\)/)
  })
})
