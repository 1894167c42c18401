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
    const cases: [string, string | null][] = [
      ['Not started', 'todo'],
      [' to  do ', 'todo'],
      ['In progress', 'in_progress'],
      ['Done', 'done'],
      ['Complete', 'done'],
      ['Archived', 'cancelled'],
      ['Cancelled', 'cancelled'],
      ['Blocked on legal', null],
    ]
    expect(cases.map(([v]) => [v, mapStatus(v)])).toEqual(cases)
  })

  it('calls a column status-like when most of its filled cells are statuses', () => {
    expect(looksLikeStatus(['Done', 'In progress', '', 'Not started', 'Weird'])).toBe(true)
    expect(looksLikeStatus(['Done', 'precision', 'recall', 'F1'])).toBe(false)
    expect(looksLikeStatus(['', ''])).toBe(false)
  })

  it('reads the dates Notion writes, a range taking its end', () => {
    const cases: [string, string | null][] = [
      ['March 12, 2024', '2024-03-12'],
      ['Sep 3, 2024 3:00 PM', '2024-09-03'],
      ['2024-03-12', '2024-03-12'],
      ['2024/3/2', '2024-03-02'],
      ['March 12, 2024 → March 15, 2024', '2024-03-15'],
      ['February 30, 2024', null],
      ['Smarch 12, 2024', null],
      ['next Tuesday', null],
    ]
    expect(cases.map(([v]) => [v, parseNotionDate(v)])).toEqual(cases)
  })

  it('reads estimates and points as days', () => {
    const cases: [string, number | null][] = [
      ['3', 3],
      ['2,5 days', 2.5],
      ['5 pts', 5],
      ['a lot', null],
      ['-1', null],
    ]
    expect(cases.map(([v]) => [v, parseEstimate(v)])).toEqual(cases)
  })
})
