import { describe, expect, it } from 'vitest'
import { TASK_DEFAULTS } from '#shared/blocks/task'
import type { TaskView } from '../../blocks/task/api.ts'
import type { GraphView } from './api.ts'
import { adjacentColumn, boardMoveKey, computeDigest, criticalPathNote, dropAction, filterTasks, groupByStatus, NO_FILTER, sortTasks } from './logic.ts'

const task = (id: string, over: Partial<TaskView> = {}): TaskView => ({
  ...TASK_DEFAULTS,
  id,
  docId: 'doc1',
  projectId: 'p1',
  title: id,
  unverifiedOverride: null,
  blockedBy: [],
  inCycle: false,
  slack: null,
  overdue: false,
  ...over,
})

describe('board drop', () => {
  it('dropping on the same column does nothing', () => {
    expect(dropAction(task('a', { status: 'in_progress' }), 'in_progress')).toEqual({ kind: 'none' })
  })
  it('dropping on another column patches the status', () => {
    expect(dropAction(task('a'), 'in_review')).toEqual({ kind: 'patch', body: { status: 'in_review' }, mayBeBlocked: false })
  })
  it('a blocked task dropped on done is still sent (the server gates it) and flagged', () => {
    expect(dropAction(task('a', { blockedBy: ['b'] }), 'done')).toEqual({ kind: 'patch', body: { status: 'done' }, mayBeBlocked: true })
    expect(dropAction(task('a', { blockedBy: ['b'] }), 'in_progress')).toMatchObject({ mayBeBlocked: false })
  })
  it('groups by status into every column, urgent first', () => {
    const g = groupByStatus([task('x', { priority: 'low' }), task('y', { priority: 'urgent' }), task('z', { status: 'done' })])
    expect(g.get('todo')!.map((t) => t.id)).toEqual(['y', 'x'])
    expect(g.get('done')!.map((t) => t.id)).toEqual(['z'])
    expect(g.get('cancelled')).toEqual([])
  })
})

describe('list filters and sorting', () => {
  const list = [
    task('a', { title: 'Collect images', due: '2026-03-10', priority: 'high', status: 'in_progress', assignee: 'u1', stage: 'data' }),
    task('b', { title: 'Train model', due: null, priority: 'urgent', blockedBy: ['a'], stage: 'training' }),
    task('c', { title: 'Evaluate', due: '2026-03-01', priority: 'low', status: 'done' }),
  ]
  it('filters by status, assignee (or unassigned), stage, blocked and text', () => {
    expect(filterTasks(list, { ...NO_FILTER, status: 'done' }).map((t) => t.id)).toEqual(['c'])
    expect(filterTasks(list, { ...NO_FILTER, assignee: 'u1' }).map((t) => t.id)).toEqual(['a'])
    expect(filterTasks(list, { ...NO_FILTER, assignee: 'none' }).map((t) => t.id)).toEqual(['b', 'c'])
    expect(filterTasks(list, { ...NO_FILTER, stage: 'training' }).map((t) => t.id)).toEqual(['b'])
    expect(filterTasks(list, { ...NO_FILTER, blocked: 'yes' }).map((t) => t.id)).toEqual(['b'])
    expect(filterTasks(list, { ...NO_FILTER, text: 'MODEL' }).map((t) => t.id)).toEqual(['b'])
  })
  it('sorts by due (no date last either way), priority and status', () => {
    expect(sortTasks(list, 'due').map((t) => t.id)).toEqual(['c', 'a', 'b'])
    expect(sortTasks(list, 'due', true).map((t) => t.id)).toEqual(['a', 'c', 'b'])
    expect(sortTasks(list, 'priority').map((t) => t.id)).toEqual(['b', 'a', 'c'])
    expect(sortTasks(list, 'status').map((t) => t.id)).toEqual(['b', 'a', 'c'])
  })
})

describe('status digest', () => {
  it('computes stage bars, blocked tasks with their blockers, overdue tasks and the finish date', () => {
    const a = task('a', { title: 'Collect', status: 'in_progress', due: '2026-01-05', stage: 'data' })
    const b = task('b', { title: 'Train', blockedBy: ['a'], stage: 'training', due: '2026-02-01' })
    const c = task('c', { title: 'Clean', status: 'done', stage: 'data', due: '2026-01-01' })
    const graph: GraphView = {
      nodes: [a, b, c],
      edges: [{ from: 'a', to: 'b' }],
      cycles: [],
      criticalPath: ['a', 'b'],
      order: ['a', 'c', 'b'],
      projectFinishDays: 12,
      progress: { data: { done: 1, total: 2 }, training: { done: 0, total: 1 } },
    }
    const d = computeDigest(graph, '2026-01-10')
    expect(d.stages).toEqual([
      { stage: 'data', done: 1, total: 2, percent: 50 },
      { stage: 'training', done: 0, total: 1, percent: 0 },
    ])
    expect(d.overall).toEqual({ done: 1, total: 3, percent: 33 })
    expect(d.blocked.map((x) => [x.task.id, x.blockers.map((y) => y.id)])).toEqual([['b', ['a']]])
    // c is past due but done: not overdue.
    expect(d.overdue.map((t) => t.id)).toEqual(['a'])
    expect(d.finish).toBe('2026-01-22')
    expect(d.criticalPath.map((t) => t.id)).toEqual(['a', 'b'])
  })

  it('says estimates are missing instead of "0 days of work along 1 task" (a chain of three without estimates)', () => {
    const chain = [task('a'), task('b', { deps: ['a'], blockedBy: ['a'] }), task('c', { deps: ['b'], blockedBy: ['b'] })]
    const path = [chain[0]!]
    expect(criticalPathNote({ nodes: chain, projectFinishDays: 0 }, path)).toBe(
      'No finish date yet: 3 tasks without an estimate. Add estimates (in days) to see one.',
    )
    const some = [task('a', { estimate: 2 }), task('b', { estimate: 3 }), task('c')]
    expect(criticalPathNote({ nodes: some, projectFinishDays: 5 }, some)).toBe(
      '5 days of work along 3 tasks. 1 task on it has no estimate yet, so it may take longer.',
    )
    const all = [task('a', { estimate: 1 })]
    expect(criticalPathNote({ nodes: all, projectFinishDays: 1 }, all)).toBe('1 day of work along 1 task.')
    expect(criticalPathNote({ nodes: [task('a', { status: 'done' })], projectFinishDays: 0 }, [])).toBe('Nothing left to do.')
  })
})

describe('moving a board card by keyboard', () => {
  const key = (k: string, mods: Partial<{ altKey: boolean; ctrlKey: boolean; shiftKey: boolean; metaKey: boolean }> = {}) => ({
    key: k,
    altKey: false,
    ctrlKey: false,
    shiftKey: false,
    metaKey: false,
    ...mods,
  })

  it('Alt or Ctrl with Left/Right moves; other keys and modifiers do not', () => {
    expect(boardMoveKey(key('ArrowRight', { altKey: true }))).toBe(1)
    expect(boardMoveKey(key('ArrowLeft', { altKey: true }))).toBe(-1)
    expect(boardMoveKey(key('ArrowRight', { ctrlKey: true }))).toBe(1)
    expect(boardMoveKey(key('ArrowRight'))).toBeNull()
    expect(boardMoveKey(key('ArrowRight', { altKey: true, shiftKey: true }))).toBeNull()
    expect(boardMoveKey(key('ArrowRight', { metaKey: true, altKey: true }))).toBeNull()
    expect(boardMoveKey(key('ArrowUp', { altKey: true }))).toBeNull()
  })

  it('steps one column at a time, in board order, and stops at either end', () => {
    expect(adjacentColumn('todo', 1)).toBe('in_progress')
    expect(adjacentColumn('in_review', 1)).toBe('done')
    expect(adjacentColumn('done', -1)).toBe('in_review')
    expect(adjacentColumn('todo', -1)).toBeNull()
    expect(adjacentColumn('cancelled', 1)).toBeNull()
  })
})
