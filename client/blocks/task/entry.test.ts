import { describe, expect, it } from 'vitest'
import { enterAction, markerAction, markerStatus } from './entry.ts'

describe('task markers', () => {
  it('reads `[] `, `[ ] ` as an open task and `[x] `, `[X] ` as a done one', () => {
    expect(markerStatus('[] ')).toBe('todo')
    expect(markerStatus('[ ] ')).toBe('todo')
    expect(markerStatus('[x] ')).toBe('done')
    expect(markerStatus('[X] ')).toBe('done')
  })

  it('ignores anything else', () => {
    for (const text of ['[]', '[y] ', '[  ] ', 'a[] ', '[x]x ', '[[ ']) expect(markerStatus(text)).toBeNull()
  })

  it('makes a task at the start of a paragraph, and nothing elsewhere in it', () => {
    expect(markerAction({ type: 'paragraph', offset: 0, deps: [] }, 'todo')).toEqual({ kind: 'make-task', status: 'todo' })
    expect(markerAction({ type: 'paragraph', offset: 0, deps: [] }, 'done')).toEqual({ kind: 'make-task', status: 'done' })
    expect(markerAction({ type: 'paragraph', offset: 3, deps: [] }, 'todo')).toEqual({ kind: 'none' })
    expect(markerAction({ type: 'other', offset: 0, deps: [] }, 'todo')).toEqual({ kind: 'none' })
  })

  it('in a task, drops the marker (no literal "[] "); `[x] ` ticks it only when nothing can block it', () => {
    expect(markerAction({ type: 'task', offset: 0, deps: [] }, 'todo')).toEqual({ kind: 'drop', status: null })
    expect(markerAction({ type: 'task', offset: 0, deps: [] }, 'done')).toEqual({ kind: 'drop', status: 'done' })
    expect(markerAction({ type: 'task', offset: 0, deps: ['tAAAAAAAAAAAA'] }, 'done')).toEqual({ kind: 'drop', status: null })
    expect(markerAction({ type: 'task', offset: 2, deps: [] }, 'todo')).toEqual({ kind: 'none' })
  })
})

describe('Enter in a task', () => {
  it('leaves task mode on an empty task', () => expect(enterAction({ size: 0, offset: 0 })).toBe('leave'))
  it('opens a task above at the start of a titled one (the title keeps its fields)', () => expect(enterAction({ size: 5, offset: 0 })).toBe('insert-above'))
  it('splits in the middle or at the end: the next task', () => {
    expect(enterAction({ size: 5, offset: 5 })).toBe('split')
    expect(enterAction({ size: 5, offset: 2 })).toBe('split')
  })
})
