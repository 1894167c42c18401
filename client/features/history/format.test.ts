import { describe, expect, it } from 'vitest'
import type { VersionMeta } from '#shared/api/history'
import { assignSlots, authorNames, authorSlot, AUTHOR_SLOTS, dayLabel, groupByDay, offlineLine, previousOf, versionTitle } from './format.ts'

const v = (id: number, endedAt: string, patch: Partial<VersionMeta> = {}): VersionMeta => ({
  id,
  docId: 'd',
  kind: 'auto',
  name: null,
  fromSeq: id,
  toSeq: id,
  startedAt: endedAt,
  endedAt,
  authors: [],
  summary: '1 paragraph added',
  open: false,
  restoredFrom: null,
  createdBy: null,
  offline: null,
  ...patch,
})

const now = new Date(2026, 11, 4, 15, 0)
const at = (day: number, hour: number): string => new Date(2026, 11, day, hour, 0).toISOString()

describe('history timeline words', () => {
  it('names days relative to today', () => {
    expect(dayLabel(at(4, 9), now)).toBe('Today')
    expect(dayLabel(at(3, 23), now)).toBe('Yesterday')
    expect(dayLabel(at(1, 9), now)).not.toMatch(/Today|Yesterday/)
    expect(dayLabel(new Date(2025, 0, 2).toISOString(), now)).toMatch(/2025/)
  })

  it('groups closed versions by day, newest first, and leaves the open burst out', () => {
    const list = [v(5, at(4, 14), { open: true }), v(4, at(4, 12)), v(3, at(4, 9)), v(2, at(3, 18)), v(1, at(1, 8))]
    const groups = groupByDay(list, now)
    expect(groups.map((g) => [g.label, g.versions.map((x) => x.id)])).toEqual([
      ['Today', [4, 3]],
      ['Yesterday', [2]],
      [dayLabel(at(1, 8), now), [1]],
    ])
    expect(previousOf(list, list[1]!)?.id).toBe(3)
    expect(previousOf(list, list[4]!)).toBeNull()
  })

  it('lists authors briefly', () => {
    const a = (name: string) => ({ userId: name, name })
    expect(authorNames([])).toBe('Nobody')
    expect(authorNames([a('Ada')])).toBe('Ada')
    expect(authorNames([a('Ada'), a('Grace')])).toBe('Ada and Grace')
    expect(authorNames([a('Ada'), a('Grace'), a('Linus')])).toBe('Ada, Grace and Linus')
    expect(authorNames([a('Ada'), a('Grace'), a('Linus'), a('Ken')])).toBe('Ada, Grace and 2 others')
  })

  it('titles versions by name, kind, then summary', () => {
    expect(versionTitle(v(1, at(4, 9), { name: 'Spec frozen' }))).toBe('Spec frozen')
    expect(versionTitle(v(1, at(4, 9), { kind: 'restore' }))).toBe('Restored an earlier version')
    expect(versionTitle(v(1, at(4, 9)))).toBe('1 paragraph added')
  })

  it('gives each person a stable colour slot', () => {
    expect(authorSlot('user-1')).toBe(authorSlot('user-1'))
    const slots = new Set(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'].map(authorSlot))
    expect(slots.size).toBeGreaterThan(3)
    for (const s of slots) expect(s).toBeLessThan(AUTHOR_SLOTS)
  })

  it('never gives two people of one view the same colour (up to the palette size)', () => {
    const ids = Array.from({ length: AUTHOR_SLOTS }, (_, i) => `user-${i}`)
    const slots = assignSlots(ids)
    expect(new Set(slots.values()).size).toBe(AUTHOR_SLOTS)
    // The first person keeps their own slot.
    expect(slots.get('user-0')).toBe(authorSlot('user-0'))
  })
})

describe('offlineLine', () => {
  const now = new Date('2026-12-04T18:00:00')
  it('names the span and the sync time, with days only where they differ', () => {
    expect(offlineLine({ from: '2026-12-04T09:12:00', to: '2026-12-04T09:40:00' }, '2026-12-04T10:05:00', now)).toMatch(
      /^Edited offline 9:12\s?AM–9:40\s?AM, synced 10:05\s?AM$/,
    )
    expect(offlineLine({ from: '2026-12-03T21:00:00', to: '2026-12-03T21:00:00' }, '2026-12-04T08:00:00', now)).toMatch(
      /^Edited offline yesterday 9:00\s?PM, synced 8:00\s?AM$/,
    )
  })
})
