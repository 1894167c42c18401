import type { TaskStatus } from '#shared/blocks/task'

/**
 * The markdown-style task markers typed at the start of a block: `[] `, `[ ] ` make an open task,
 * `[x] ` (or `[X] `) a done one. `find` is the input rule's pattern (the text from the start of
 * the block to the cursor, the typed space included).
 */
export const TASK_MARKER = /^\[( ?|x|X)\]\s$/

export function markerStatus(text: string): Extract<TaskStatus, 'todo' | 'done'> | null {
  const m = TASK_MARKER.exec(text)
  if (!m) return null
  return m[1] === 'x' || m[1] === 'X' ? 'done' : 'todo'
}

/**
 * What a marker typed at the start of a block does. In a paragraph it makes a task. In a task it
 * is dropped (the block already is one, a literal "[] " title is never what was meant); `[x] `
 * there also ticks the task, unless the task has dependencies: then the checkbox decides, since
 * a blocked task asks for an override.
 */
export type MarkerAction = { kind: 'none' } | { kind: 'make-task'; status: 'todo' | 'done' } | { kind: 'drop'; status: 'done' | null }

export function markerAction(block: { type: 'paragraph' | 'task' | 'other'; offset: number; deps: readonly string[] }, status: 'todo' | 'done'): MarkerAction {
  if (block.offset !== 0) return { kind: 'none' }
  if (block.type === 'paragraph') return { kind: 'make-task', status }
  if (block.type === 'task') return { kind: 'drop', status: status === 'done' && block.deps.length === 0 ? 'done' : null }
  return { kind: 'none' }
}

/**
 * Enter in a task: on an empty task it leaves the tasks (the block becomes a paragraph); at the
 * start of a non-empty one it opens a new task above, so the title keeps its own fields (id,
 * assignee, dependencies) instead of moving into a fresh task; elsewhere it splits, and the new
 * task after the cursor starts with default fields (the stage carried over).
 */
export type EnterAction = 'leave' | 'insert-above' | 'split'

export function enterAction(task: { size: number; offset: number }): EnterAction {
  if (task.size === 0) return 'leave'
  return task.offset === 0 ? 'insert-above' : 'split'
}
