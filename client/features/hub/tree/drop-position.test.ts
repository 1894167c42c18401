import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { addNode, buildTree, moveNode, readNodes } from '#shared/hub/tree'
import { dropPosition, isNoop, zoneAt } from './drop-position.ts'

/** A  (A1, A2), B, C — built with the real tree functions. */
function tree() {
  const doc = new Y.Doc()
  for (const id of ['A', 'B', 'C']) addNode(doc, { id, title: id })
  addNode(doc, { id: 'A1', title: 'A1', parentId: 'A' })
  addNode(doc, { id: 'A2', title: 'A2', parentId: 'A' })
  const view = () => buildTree(readNodes(doc))
  const order = (parentId: string | null) => {
    const v = view()
    return (parentId === null ? v.roots : v.byId.get(parentId)!.children).map((n) => n.id)
  }
  return { doc, view, order }
}

describe('zoneAt', () => {
  it('splits a row in quarters: before, inside, after', () => {
    expect(zoneAt(2, 28)).toBe('before')
    expect(zoneAt(14, 28)).toBe('inside')
    expect(zoneAt(26, 28)).toBe('after')
  })
})

describe('dropPosition, applied with moveNode', () => {
  it('before and after a sibling reorder the roots', () => {
    const t = tree()
    const pos = dropPosition(t.view(), 'C', 'A', 'before')!
    expect(pos).toEqual({ parentId: null, index: 0 })
    moveNode(t.doc, 'C', pos.parentId, pos.index)
    expect(t.order(null)).toEqual(['C', 'A', 'B'])
  })

  it('moving down past the next sibling accounts for the dragged page leaving its slot', () => {
    const t = tree()
    const pos = dropPosition(t.view(), 'A', 'B', 'after')!
    expect(pos).toEqual({ parentId: null, index: 1 })
    moveNode(t.doc, 'A', pos.parentId, pos.index)
    expect(t.order(null)).toEqual(['B', 'A', 'C'])
  })

  it('inside a page makes it the last child', () => {
    const t = tree()
    const pos = dropPosition(t.view(), 'C', 'A', 'inside')!
    expect(pos).toEqual({ parentId: 'A', index: 2 })
    moveNode(t.doc, 'C', pos.parentId, pos.index)
    expect(t.order('A')).toEqual(['A1', 'A2', 'C'])
  })

  it('between two children of another page moves there', () => {
    const t = tree()
    const pos = dropPosition(t.view(), 'B', 'A2', 'before')!
    expect(pos).toEqual({ parentId: 'A', index: 1 })
    moveNode(t.doc, 'B', pos.parentId, pos.index)
    expect(t.order('A')).toEqual(['A1', 'B', 'A2'])
    expect(t.order(null)).toEqual(['A', 'C'])
  })

  it('a child dragged out after its parent lands at the root', () => {
    const t = tree()
    const pos = dropPosition(t.view(), 'A1', 'A', 'after')!
    moveNode(t.doc, 'A1', pos.parentId, pos.index)
    expect(t.order(null)).toEqual(['A', 'A1', 'B', 'C'])
  })

  it('refuses a drop onto itself or into its own subtree', () => {
    const t = tree()
    expect(dropPosition(t.view(), 'A', 'A', 'inside')).toBeNull()
    expect(dropPosition(t.view(), 'A', 'A1', 'inside')).toBeNull()
    expect(dropPosition(t.view(), 'A', 'A2', 'after')).toBeNull()
    expect(dropPosition(t.view(), 'A', 'nope', 'after')).toBeNull()
  })

  it('knows a drop that changes nothing', () => {
    const t = tree()
    expect(isNoop(t.view(), 'B', dropPosition(t.view(), 'B', 'A', 'after')!)).toBe(true)
    expect(isNoop(t.view(), 'B', dropPosition(t.view(), 'B', 'C', 'before')!)).toBe(true)
    expect(isNoop(t.view(), 'B', dropPosition(t.view(), 'B', 'C', 'after')!)).toBe(false)
  })
})
