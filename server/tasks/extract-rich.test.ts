import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { TASK_NODE } from '#shared/blocks/task'
import { appendChildren } from '#shared/doc/build'
import { EDITOR_FRAGMENT } from '#shared/doc/fragment'
import { inlineCell, mentionNode, tableNode } from '#shared/doc/rich-nodes'
import { rowOf, taskElementsWithPositions } from './extract.ts'

/** The task extractor over the rich nodes: mentions in titles, tasks and tables side by side and nested. */
function fragment(nodes: Parameters<typeof appendChildren>[1]): Y.XmlFragment {
  const doc = new Y.Doc()
  const root = doc.getXmlFragment(EDITOR_FRAGMENT)
  doc.transact(() => appendChildren(root, nodes))
  return root
}

const task = (id: string, content: Parameters<typeof appendChildren>[1]) => ({ type: TASK_NODE, attrs: { id, status: 'todo' }, content })

describe('task extraction with tables and mentions', () => {
  it('a mention in a task title reads as @Name', () => {
    const root = fragment([
      task('t-aaaaaaaaaaaa', [{ type: 'text', text: 'Ask ' }, mentionNode({ id: 'u1', name: 'Ada' }), { type: 'text', text: ' for data' }]),
    ])
    const [found] = taskElementsWithPositions(root)
    expect(rowOf('d1', found!.el, found!.position)?.title).toBe('Ask @Ada for data')
  })

  it('tables around tasks do not disturb them, and a task inside a cell is found at its place', () => {
    const table = tableNode([[inlineCell([{ type: 'text', text: 'Model' }])], [[task('t-bbbbbbbbbbbb', [{ type: 'text', text: 'In a cell' }])]]], {
      header: true,
    })
    const root = fragment([task('t-aaaaaaaaaaaa', [{ type: 'text', text: 'Before' }]), table, task('t-cccccccccccc', [{ type: 'text', text: 'After' }])])
    const rows = taskElementsWithPositions(root).map(({ el, position }) => rowOf('d1', el, position)!)
    expect(rows.map((r) => [r.id, r.title, r.position])).toEqual([
      ['t-aaaaaaaaaaaa', 'Before', '000000'],
      ['t-bbbbbbbbbbbb', 'In a cell', '000001.000001.000000.000000'],
      ['t-cccccccccccc', 'After', '000002'],
    ])
  })
})
