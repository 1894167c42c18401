import { getSchema } from '@tiptap/core'
import { EditorState } from '@tiptap/pm/state'
import StarterKit from '@tiptap/starter-kit'
import { describe, expect, it } from 'vitest'
import { TASK_NODE } from '#shared/blocks/task'
import { TaskNode } from './task/task-node.ts'
import { touchesNodes } from './touched.ts'

const schema = getSchema([StarterKit.configure({ undoRedo: false, trailingNode: false }), TaskNode])
const names = new Set([TASK_NODE])
const p = (text: string) => schema.node('paragraph', null, text ? [schema.text(text)] : [])
const task = (id: string, text: string) => schema.node(TASK_NODE, { id }, [schema.text(text)])

function state(): EditorState {
  // paragraph "one" (0–5), task "two" (5–10), paragraph "three" (10–17)
  return EditorState.create({ schema, doc: schema.node('doc', null, [p('one'), task('tkeep1', 'two'), p('three')]) })
}

describe('touchesNodes', () => {
  it('typing in a paragraph touches no task, even with a task next to it', () => {
    const s = state()
    const tr = s.tr.insertText('x', 4)
    expect(touchesNodes([tr], tr.doc, names)).toBe(false)
    const tr2 = s.tr.insertText('y', 12)
    expect(touchesNodes([tr2], tr2.doc, names)).toBe(false)
  })

  it('typing inside a task touches it', () => {
    const tr = state().tr.insertText('x', 7)
    expect(touchesNodes([tr], tr.doc, names)).toBe(true)
  })

  it('inserting a task (a paste, a split) touches it, also when later steps shift it', () => {
    // The task (8 wide) goes first; then a character is typed after it, into "one".
    const tr = state().tr.insert(0, task('tnew', 'pasted')).insertText('z', 10)
    expect(touchesNodes([tr], tr.doc, names)).toBe(true)
  })

  it('turning a paragraph into a task touches it', () => {
    const s = state()
    const tr = s.tr.setBlockType(1, 1, schema.nodes[TASK_NODE]!)
    expect(touchesNodes([tr], tr.doc, names)).toBe(true)
  })

  it("changing a task's attribute touches it (an attribute step maps no range)", () => {
    const tr = state().tr.setNodeAttribute(5, 'id', null)
    expect(touchesNodes([tr], tr.doc, names)).toBe(true)
  })

  it('looks across every transaction of the batch', () => {
    const s = state()
    const first = s.tr.insert(17, task('tnew', 'end'))
    const second = s.apply(first).tr.insertText('x', 2)
    expect(touchesNodes([first, second], second.doc, names)).toBe(true)
    expect(touchesNodes([second], second.doc, names)).toBe(false)
  })
})
