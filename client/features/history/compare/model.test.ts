import { describe, expect, it } from 'vitest'
import type { DiffEntry } from '#shared/history/types'
import { buildRows, changeOrder, sectionOf, stepChange, type Row } from './model.ts'

const same = (i: number): DiffEntry => ({ kind: 'same', before: i, after: i })
const added = (i: number): DiffEntry => ({ kind: 'added', after: i })
const shape = (rows: Row[]): string => rows.map((r) => (r.kind === 'fold' ? `[${r.count}]` : r.entry.kind === 'same' ? '.' : '+')).join('')

describe('compare layout', () => {
  it('folds long unchanged runs, keeping one block of context by each change', () => {
    const entries = [...Array.from({ length: 12 }, (_, i) => same(i)), added(12), ...Array.from({ length: 5 }, (_, i) => same(13 + i))]
    expect(shape(buildRows(entries))).toBe('[11].+.[4]')
  })

  it('does not fold a run that would hide fewer than three blocks', () => {
    const entries = [added(0), same(1), same(2), same(3), same(4), added(5)]
    expect(shape(buildRows(entries))).toBe('+....+')
    expect(shape(buildRows([added(0), ...[1, 2, 3, 4, 5].map(same), added(6)]))).toBe('+.[3].+')
  })

  it('opens a fold the reader expanded', () => {
    const entries = [...Array.from({ length: 6 }, (_, i) => same(i)), added(6)]
    const rows = buildRows(entries)
    expect(shape(rows)).toBe('[5].+')
    const fold = rows[0] as Extract<Row, { kind: 'fold' }>
    expect(shape(buildRows(entries, new Set([fold.from])))).toBe('......+')
  })

  it('numbers changes in reading order', () => {
    const entries: DiffEntry[] = [same(0), { kind: 'removed', before: 1 }, added(1), same(2), { kind: 'moved', before: 2, after: 3 }]
    expect(changeOrder(entries)).toEqual([1, 2, 4])
    const numbered = buildRows(entries).flatMap((r) => (r.kind === 'entry' && r.change !== null ? [[r.at, r.change]] : []))
    expect(numbered).toEqual([
      [1, 0],
      [2, 1],
      [4, 2],
    ])
  })

  it('steps through changes and holds at the ends', () => {
    expect(stepChange(null, 3, 1)).toBe(0)
    expect(stepChange(null, 3, -1)).toBe(2)
    expect(stepChange(2, 3, 1)).toBe(2)
    expect(stepChange(0, 3, -1)).toBe(0)
    expect(stepChange(null, 0, 1)).toBeNull()
  })
})

describe('where a moved block was', () => {
  it('names the nearest heading above it', () => {
    const blocks = [
      { type: 'heading', content: [{ text: 'Goals' }] },
      { type: 'paragraph' },
      { type: 'heading', content: [{ text: 'Evaluation' }] },
      { type: 'blockquote' },
    ]
    expect(sectionOf(blocks, 3)).toBe('Evaluation')
    expect(sectionOf(blocks, 1)).toBe('Goals')
    expect(sectionOf(blocks, 0)).toBeNull()
  })
})
