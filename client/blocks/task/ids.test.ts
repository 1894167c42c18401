import { Editor } from '@tiptap/core'
import StarterKit from '@tiptap/starter-kit'
import { ySyncPluginKey } from '@tiptap/y-tiptap'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { TASK_NODE } from '#shared/blocks/task'
import { planBlockIds } from '../block-ids.ts'
import { taskPositions } from './ids.ts'
import { TaskNode } from './task-node.ts'

const counter = () => {
  let n = 0
  return () => `tnew${++n}`
}

describe('planBlockIds (pure)', () => {
  it('gives tasks without an id a new one, and keeps unique ids', () => {
    expect(
      planBlockIds(
        [
          { id: null, fresh: true },
          { id: 'tkeep', fresh: false },
        ],
        counter(),
      ),
    ).toEqual(['tnew1', null])
  })

  it('a fresh copy of an existing id gets a new id, wherever it sits (a paste above the original)', () => {
    const plan = planBlockIds(
      [
        { id: 'taaaa', fresh: true }, // the pasted copy, above
        { id: 'taaaa', fresh: false }, // the original
      ],
      counter(),
    )
    expect(plan).toEqual(['tnew1', null])
  })

  it('two old nodes with one id (only concurrent edits make that): the later one in the document is renamed', () => {
    expect(
      planBlockIds(
        [
          { id: 'tdup1', fresh: false },
          { id: 'tdup1', fresh: false },
        ],
        counter(),
      ),
    ).toEqual([null, 'tnew1'])
  })

  it('never hands out an id that is already taken', () => {
    const ids = ['tnew1', 'tnew1', 'tnew2']
    let i = 0
    const plan = planBlockIds(
      [
        { id: 'tnew1', fresh: false },
        { id: null, fresh: true },
      ],
      () => ids[i++]!,
    )
    expect(plan).toEqual([null, 'tnew2'])
  })
})

describe('task id plugin in a real (headless) Tiptap editor', () => {
  let editor: Editor | null = null
  // Node 20 has no `navigator`; Tiptap's keymap asks it which platform this is.
  beforeAll(() => {
    if (typeof navigator === 'undefined') vi.stubGlobal('navigator', { platform: 'Linux x86_64', userAgent: 'node', maxTouchPoints: 0 })
  })
  afterEach(() => editor?.destroy())

  function make({ ready = true, editable = true, content = [] as object[] } = {}) {
    const state = { ready, callbacks: [] as Array<() => void> }
    editor = new Editor({
      element: null,
      editable,
      extensions: [
        StarterKit.configure({ undoRedo: false, trailingNode: false }),
        TaskNode.configure({
          isReady: () => state.ready,
          onReady: (cb) => {
            state.callbacks.push(cb)
            return () => {}
          },
        }),
      ],
      content: { type: 'doc', content: content.length ? content : [{ type: 'paragraph' }] },
    })
    // Headless (no DOM in node): do what mount() would, install the extensions' plugins and emit
    // 'create'. Everything else is the real editor and the real extension.
    editor.view.updateState(editor.state.reconfigure({ plugins: editor.extensionManager.plugins }))
    editor.emit('create', { editor })
    const sync = (): void => {
      state.ready = true
      for (const cb of state.callbacks) cb()
    }
    return { editor, sync }
  }

  const task = (title: string, attrs: Record<string, unknown> = {}) => ({ type: TASK_NODE, attrs, content: [{ type: 'text', text: title }] })
  const ids = (e: Editor) => taskPositions(e.state.doc).map(({ node }) => node.attrs.id as string | null)
  const titles = (e: Editor) => taskPositions(e.state.doc).map(({ node }) => node.textContent)

  it('assigns an id to a task created locally', () => {
    const { editor: e } = make()
    e.commands.insertContentAt(0, task('Label the eval set'))
    const [id] = ids(e)
    expect(id).toMatch(/^t[A-Za-z0-9]{12}$/)
    // Typing in it later keeps the id.
    e.commands.insertContentAt(2, { type: 'text', text: 'x' })
    expect(ids(e)).toEqual([id])
  })

  it('waits for the first sync, then assigns ids to every task still without one', () => {
    const { editor: e, sync } = make({ ready: false })
    e.commands.insertContentAt(0, task('Before sync'))
    expect(ids(e)).toEqual([null])
    sync()
    expect(ids(e)[0]).toMatch(/^t/)
  })

  it('a pasted copy gets a new id and the original keeps its own, even when pasted above it', () => {
    const { editor: e } = make({ content: [task('Train baseline', { id: 'toriginal1' })] })
    e.commands.insertContentAt(0, task('Train baseline', { id: 'toriginal1' }))
    const [copy, original] = ids(e)
    expect(original).toBe('toriginal1')
    expect(copy).not.toBe('toriginal1')
    expect(copy).toMatch(/^t/)
    // And pasted below.
    e.commands.insertContentAt(e.state.doc.content.size, task('Train baseline', { id: 'toriginal1' }))
    const after = ids(e)
    expect(after[1]).toBe('toriginal1')
    expect(new Set(after).size).toBe(3)
  })

  it('leaves transactions that come from Yjs alone (remote edits, undo)', () => {
    const { editor: e } = make()
    const tr = e.state.tr.insert(0, e.schema.nodeFromJSON(task('From a peer')))
    tr.setMeta(ySyncPluginKey, { isChangeOrigin: true })
    e.view.dispatch(tr)
    expect(ids(e)).toEqual([null])
    expect(titles(e)).toEqual(['From a peer'])
  })

  it('a read-only editor never assigns ids (a viewer may not write)', () => {
    const { editor: e, sync } = make({ editable: false, ready: false, content: [task('No id yet')] })
    sync()
    expect(ids(e)).toEqual([null])
  })

  it('Enter in the middle of a task starts a new task with its own id and default fields', () => {
    const { editor: e } = make({ content: [task('Split me', { id: 'tsplit01', status: 'in_progress', stage: 'training' })] })
    e.commands.setTextSelection(6)
    // The keymap plugins, as a keydown would reach them (KeyboardEvent does not exist in node).
    const enter = { key: 'Enter', keyCode: 13, shiftKey: false, altKey: false, ctrlKey: false, metaKey: false } as KeyboardEvent
    const handled = e.state.plugins.some((p) => p.props.handleKeyDown?.call(p, e.view, enter) === true)
    expect(handled).toBe(true)
    const nodes = taskPositions(e.state.doc).map(({ node }) => node)
    expect(nodes.map((n) => n.textContent)).toEqual(['Split', ' me'])
    expect(nodes[0]!.attrs).toMatchObject({ id: 'tsplit01', status: 'in_progress' })
    expect(nodes[1]!.attrs).toMatchObject({ status: 'todo', stage: 'training' })
    expect(nodes[1]!.attrs.id).toMatch(/^t/)
    expect(nodes[1]!.attrs.id).not.toBe('tsplit01')
  })
})
