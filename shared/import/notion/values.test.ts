import { describe, expect, it } from 'vitest'
import { idInLink, parseNotionName } from './names.ts'
import { looksLikeStatus, mapStatus, parseEstimate, parseNotionDate } from './values.ts'

const ID = '0123456789abcdef0123456789abcdef'

describe('Notion names', () => {
  it('splits the title from the 32-hex id, and marks the _all export of a database', () => {
    expect(parseNotionName(`Churn model ${ID}.md`)).toEqual({ title: 'Churn model', id: ID, all: false })
    expect(parseNotionName(`ws/Experiments ${ID.toUpperCase()}_all.csv`)).toEqual({ title: 'Experiments', id: ID, all: true })
    expect(parseNotionName(`Réunion 🚀 ${ID}/`)).toEqual({ title: 'Réunion 🚀', id: ID, all: false })
    expect(parseNotionName('Notes.md')).toEqual({ title: 'Notes', id: null, all: false })
    // An id must be exactly 32 hex digits after a space.
    expect(parseNotionName(`Spec${ID}.md`).id).toBeNull()
    expect(parseNotionName(`Spec ${ID.slice(1)}.md`).id).toBeNull()
  })

  it('finds the id in an encoded relative link or a notion.so URL', () => {
    expect(idInLink(`Churn%20model%20${ID}/Spec%20${ID}.md`)).toBe(ID)
    expect(idInLink(`../Experiments%20${ID}_all.csv`)).toBe(ID)
    expect(idInLink(`https://www.notion.so/acme/Spec-${ID}`)).toBe(ID)
    expect(idInLink('https://www.notion.so/acme/01234567-89ab-cdef-0123-456789abcdef')).toBe(ID)
    expect(idInLink('https://example.com/x')).toBeNull()
    expect(idInLink('bad%zz.md')).toBeNull()
  })
})

describe('Notion values', () => {
  it('maps Notion statuses to Keel statuses, and says null for the unknown', () => {
    expect(mapStatus('Not started')).toBe('todo')
    expect(mapStatus(' to  do ')).toBe('todo')
    expect(mapStatus('In progress')).toBe('in_progress')
    expect(mapStatus('Done')).toBe('done')
    expect(mapStatus('Complete')).toBe('done')
    expect(mapStatus('Archived')).toBe('cancelled')
    expect(mapStatus('Cancelled')).toBe('cancelled')
    expect(mapStatus('Blocked on legal')).toBeNull()
  })

  it('calls a column status-like when most of its filled cells are statuses', () => {
    expect(looksLikeStatus(['Done', 'In progress', '', 'Not started', 'Weird'])).toBe(true)
    expect(looksLikeStatus(['Done', 'precision', 'recall', 'F1'])).toBe(false)
    expect(looksLikeStatus(['', ''])).toBe(false)
  })

  it('reads the dates Notion writes, a range taking its end', () => {
    expect(parseNotionDate('March 12, 2024')).toBe('2024-03-12')
    expect(parseNotionDate('Sep 3, 2024 3:00 PM')).toBe('2024-09-03')
    expect(parseNotionDate('2024-03-12')).toBe('2024-03-12')
    expect(parseNotionDate('2024/3/2')).toBe('2024-03-02')
    expect(parseNotionDate('March 12, 2024 → March 15, 2024')).toBe('2024-03-15')
    expect(parseNotionDate('February 30, 2024')).toBeNull()
    expect(parseNotionDate('Smarch 12, 2024')).toBeNull()
    expect(parseNotionDate('next Tuesday')).toBeNull()
  })

  it('reads estimates and points as days', () => {
    expect(parseEstimate('3')).toBe(3)
    expect(parseEstimate('2,5 days')).toBe(2.5)
    expect(parseEstimate('5 pts')).toBe(5)
    expect(parseEstimate('a lot')).toBeNull()
    expect(parseEstimate('-1')).toBeNull()
  })
})
