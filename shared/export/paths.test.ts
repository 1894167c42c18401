import { describe, expect, it } from 'vitest'
import { pagePaths, relativeHref, safeName } from './paths.ts'

describe('safeName', () => {
  it('keeps ordinary and unicode titles', () => {
    expect(safeName('Churn model v2 — spec')).toBe('Churn model v2 — spec')
    expect(safeName('Überblick 数据 🚀')).toBe('Überblick 数据 🚀')
    // NFD input comes out NFC, so two spellings of one title collide as they should.
    expect(safeName('Cafe\u0301')).toBe('Café')
  })

  it('never lets a title become a path', () => {
    expect(safeName('../../etc/passwd')).toBe('etc passwd')
    expect(safeName('..\\..\\windows')).toBe('windows')
    expect(safeName('a/b\\c:d*e?f"g<h>i|j')).toBe('a b c d e f g h i j')
    expect(safeName('.hidden')).toBe('hidden')
    expect(safeName('..')).toBe('Untitled')
    expect(safeName('trailing dots...  ')).toBe('trailing dots')
    expect(safeName('tab\there\nnewline\u0000nul\u202eRLO')).toBe('tab here newline nul RLO')
  })

  it('avoids device names, empty names and long names', () => {
    expect(safeName('CON')).toBe('_CON')
    expect(safeName('lpt1')).toBe('_lpt1')
    expect(safeName('console')).toBe('console')
    expect(safeName('   ')).toBe('Untitled')
    expect(safeName('')).toBe('Untitled')
    const long = safeName('😀'.repeat(200))
    expect([...long]).toHaveLength(80)
    expect(long).toBe('😀'.repeat(80))
  })
})

describe('pagePaths', () => {
  it('puts children in a folder named like their parent', () => {
    const paths = pagePaths([
      { id: 'a', title: 'Spec', parentId: null },
      { id: 'b', title: 'Data', parentId: 'a' },
      { id: 'c', title: 'Raw', parentId: 'b' },
      { id: 'd', title: 'Notes', parentId: null },
    ])
    expect(Object.fromEntries(paths)).toEqual({ a: 'Spec', b: 'Spec/Data', c: 'Spec/Data/Raw', d: 'Notes' })
  })

  it('makes names unique per folder, ignoring case', () => {
    const paths = pagePaths([
      { id: 'a', title: 'Notes', parentId: null },
      { id: 'b', title: 'notes', parentId: null },
      { id: 'c', title: 'Notes', parentId: null },
      { id: 'd', title: 'Notes', parentId: 'a' },
      { id: 'e', title: 'Notes (2)', parentId: null },
    ])
    expect(Object.fromEntries(paths)).toEqual({ a: 'Notes', b: 'notes (2)', c: 'Notes (3)', d: 'Notes/Notes', e: 'Notes (2) (2)' })
  })

  it('treats titles that clean to the same name as a collision, and keeps reserved names free', () => {
    const paths = pagePaths(
      [
        { id: 'a', title: '../x', parentId: null },
        { id: 'b', title: 'x', parentId: null },
        { id: 'c', title: 'index', parentId: null },
        { id: 'd', title: 'index', parentId: 'a' },
      ],
      ['index'],
    )
    expect(Object.fromEntries(paths)).toEqual({ a: 'x', b: 'x (2)', c: 'index (2)', d: 'x/index' })
  })

  it('puts a page whose parent is not exported at the top', () => {
    const paths = pagePaths([{ id: 'b', title: 'Child', parentId: 'elsewhere' }])
    expect(paths.get('b')).toBe('Child')
  })
})

describe('relativeHref', () => {
  it('links between files of the archive', () => {
    expect(relativeHref('Spec.md', 'Notes.md')).toBe('Notes.md')
    expect(relativeHref('Spec.md', 'Spec/Data.md')).toBe('Spec/Data.md')
    expect(relativeHref('Spec/Data/Raw.md', 'Notes.md')).toBe('../../Notes.md')
    expect(relativeHref('Spec/Data.md', 'Spec/Other.md')).toBe('Other.md')
    expect(relativeHref('A/B.md', 'C/D (2).md')).toBe('../C/D%20%282%29.md')
    expect(relativeHref('Über.md', 'Spec/数据.md')).toBe('Spec/%E6%95%B0%E6%8D%AE.md')
  })
})
