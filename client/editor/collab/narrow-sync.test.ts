import { getSchema } from '@tiptap/core'
import { Fragment, type Node as PMNode, Slice } from '@tiptap/pm/model'
import { EditorState, type Transaction } from '@tiptap/pm/state'
import { ReplaceStep } from '@tiptap/pm/transform'
import StarterKit from '@tiptap/starter-kit'
import { describe, expect, it } from 'vitest'
import { narrowedReplace } from './narrow-sync.ts'

const schema = getSchema([StarterKit.configure({ undoRedo: false, trailingNode: false })])
const p = (text: string): PMNode => schema.node('paragraph', null, text ? [schema.text(text)] : [])

/** Upstream's full replace and the narrowed one, for the same new top level. */
function both(blocks: PMNode[], next: (old: PMNode[]) => PMNode[]): { full: Transaction; narrow: Transaction } {
  const state = EditorState.create({ schema, doc: schema.node('doc', null, blocks) })
  const slice = new Slice(Fragment.from(next(blocks)), 0, 0)
  const full = state.tr.replace(0, state.doc.content.size, slice)
  const tr = state.tr
  const narrow = narrowedReplace(tr, tr.replace, 0, state.doc.content.size, slice)
  return { full, narrow }
}

const range = (tr: Transaction): Array<[number, number]> => tr.steps.map((s) => [(s as ReplaceStep).from, (s as ReplaceStep).to])

describe('narrowedReplace', () => {
  // Sizes 6, 5, 5, 7, 6: they start at 0, 6, 11, 16, 23; the document ends at 29.
  const blocks = ['zero', 'one', 'two', 'three', 'four'].map(p)

  it('one block changed: the same document, by a step over that block only', () => {
    const { full, narrow } = both(blocks, (old) => old.map((b, i) => (i === 2 ? p('two!') : b)))
    expect(narrow.doc.eq(full.doc)).toBe(true)
    expect(range(narrow)).toEqual([[11, 16]]) // "two" starts after zero (6) and one (5)
    // A position before the change maps to itself (the full replace sends it to the end).
    expect(narrow.mapping.map(3)).toBe(3)
    expect(full.mapping.map(3)).not.toBe(3)
  })

  it('a block inserted at the top, one removed at the end', () => {
    const inserted = both(blocks, (old) => [p('new'), ...old])
    expect(inserted.narrow.doc.eq(inserted.full.doc)).toBe(true)
    expect(range(inserted.narrow)).toEqual([[0, 0]])
    const removed = both(blocks, (old) => old.slice(0, 4))
    expect(removed.narrow.doc.eq(removed.full.doc)).toBe(true)
    expect(range(removed.narrow)).toEqual([[23, 29]])
  })

  it('blocks changed far apart: one step from the first to the last difference', () => {
    const { full, narrow } = both(blocks, (old) => old.map((b, i) => (i === 1 || i === 3 ? p(`${b.textContent}?`) : b)))
    expect(narrow.doc.eq(full.doc)).toBe(true)
    expect(range(narrow)).toEqual([[6, 23]])
  })

  it('nothing changed: no step at all', () => {
    const { narrow } = both(blocks, (old) => old)
    expect(narrow.steps).toHaveLength(0)
  })

  it('equal content but new node objects counts as changed (identity is what the mapping keeps)', () => {
    const { full, narrow } = both(blocks, (old) => old.map((b) => p(b.textContent)))
    expect(narrow.doc.eq(full.doc)).toBe(true)
    expect(range(narrow)).toEqual([[0, full.before.content.size]])
  })
})
