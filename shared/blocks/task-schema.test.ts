import { describe, expect, it } from 'vitest'
import { analyse } from '../tasks/graph.ts'
import { dependsOnItself, isCalendarDate, parseTaskAttrs } from './task.ts'
import { TaskDueSchema, TaskFieldsSchema } from './task-schema.ts'

describe('task due dates', () => {
  it('accepts real calendar days, leap days included', () => {
    for (const d of ['2026-12-10', '2024-02-29', '2000-02-29', '1900-01-01', '2199-12-31']) expect(isCalendarDate(d), d).toBe(true)
  })

  it('refuses impossible days, other shapes and years out of range', () => {
    for (const d of [
      '9999-99-99',
      '2026-02-30',
      '2025-02-29',
      '1900-02-29',
      '2026-13-01',
      '2026-00-10',
      '2026-04-31',
      '1899-12-31',
      '2200-01-01',
      '0000-01-01',
      '2026-1-1',
      '2026-01-01T00:00:00Z',
      ' 2026-01-01',
      '',
    ]) {
      expect(isCalendarDate(d), d).toBe(false)
    }
    expect(isCalendarDate(20260101)).toBe(false)
    expect(isCalendarDate(null)).toBe(false)
  })

  it('the REST schema and the block parser agree: what one refuses the other ignores', () => {
    expect(TaskDueSchema.safeParse('9999-99-99').success).toBe(false)
    expect(TaskFieldsSchema.partial().safeParse({ due: '2026-02-30' }).success).toBe(false)
    expect(TaskFieldsSchema.partial().safeParse({ due: '2026-02-28' }).success).toBe(true)
    expect(parseTaskAttrs({ id: 'task-1', due: '9999-99-99' }).due).toBeNull()
    expect(parseTaskAttrs({ id: 'task-1', due: '2026-02-30' }).due).toBeNull()
    expect(parseTaskAttrs({ id: 'task-1', due: '2026-02-28' }).due).toBe('2026-02-28')
  })
})

describe('self-dependencies', () => {
  it('are recognised, kept by the parser and reported by the graph as a cycle, not a blocker', () => {
    const attrs = parseTaskAttrs({ id: 'task-self', deps: ['task-self', 'task-other'] })
    expect(dependsOnItself(attrs.id, attrs.deps)).toBe(true)
    expect(dependsOnItself('task-a', ['task-b'])).toBe(false)
    expect(dependsOnItself(null, ['task-b'])).toBe(false)
    const g = analyse(
      [
        { id: 'task-self', status: 'todo', stage: 'none', estimate: 1, due: null, deps: attrs.deps },
        { id: 'task-other', status: 'done', stage: 'none', estimate: 1, due: null, deps: [] },
      ],
      '2026-01-01',
    )
    expect(g.cycles).toEqual([['task-self']])
    expect(g.blockers.has('task-self')).toBe(false)
  })
})
