import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { JsonNode } from '../api/docs.ts'
import { reconcileBlock } from './reconcile.ts'
import { captureUpdate, docOf, frag, h, norm, p, read, t } from './reconcile.testkit.ts'

const doc = (...content: JsonNode[]): JsonNode => ({ type: 'doc', content })
const task = (id: string, title: string, status = 'todo'): JsonNode => ({ type: 'task', attrs: { id, status }, content: [t(title)] })

function restoreBlock(current: JsonNode[], version: JsonNode, index: number): { doc: Y.Doc; changed: boolean } {
  const d = docOf(current)
  let changed = false
  captureUpdate(d, () => {
    changed = reconcileBlock(frag(d), version, index)
  })
  return { doc: d, changed }
}

describe('reconcileBlock', () => {
  it('reconciles the block with the same id, wherever it moved, and leaves the rest alone', () => {
    const version = doc(h(1, 'Plan'), task('t1', 'Label audit', 'todo'), p(t('old note')))
    const { doc: d, changed } = restoreBlock([task('t1', 'Label audit (revised)', 'done'), h(1, 'Plan v2'), p(t('new note'))], version, 1)
    expect(changed).toBe(true)
    expect(norm(read(d))).toEqual(norm(doc(task('t1', 'Label audit', 'todo'), h(1, 'Plan v2'), p(t('new note')))))
  })

  it('reconciles the paragraph between the same neighbours, in place', () => {
    const version = doc(h(1, 'A'), p(t('the original wording')), h(1, 'B'))
    const d = docOf([h(1, 'A'), p(t('the edited wording')), h(1, 'B'), p(t('added later'))])
    const before = (frag(d).get(1) as unknown as { _item: Y.Item })._item.id
    expect(captureUpdate(d, () => reconcileBlock(frag(d), version, 1))).not.toBeNull()
    expect(read(d)).toEqual(doc(h(1, 'A'), p(t('the original wording')), h(1, 'B'), p(t('added later'))))
    expect((frag(d).get(1) as unknown as { _item: Y.Item })._item.id).toEqual(before)
  })

  it('re-inserts a deleted block after the nearest preceding block that still exists', () => {
    const version = doc(h(1, 'A'), p(t('one')), p(t('two')), h(1, 'B'))
    const { doc: d, changed } = restoreBlock([h(1, 'B'), h(1, 'A'), p(t('one'))], version, 2)
    expect(changed).toBe(true)
    expect(read(d)).toEqual(doc(h(1, 'B'), h(1, 'A'), p(t('one')), p(t('two'))))
  })

  it('re-inserts at the start when nothing before it survives', () => {
    const version = doc(p(t('first')), task('t9', 'gone'), h(1, 'kept'))
    const { doc: d } = restoreBlock([h(1, 'kept')], version, 1)
    expect(norm(read(d))).toEqual(norm(doc(task('t9', 'gone'), h(1, 'kept'))))
  })

  it('returns false and writes nothing when the block is unchanged or the index is out of range', () => {
    const version = doc(h(1, 'A'), p(t('same')))
    for (const index of [1, 2, -1]) {
      const d = docOf([h(1, 'A2'), p(t('same'))])
      let changed = true
      expect(captureUpdate(d, () => (changed = reconcileBlock(frag(d), version, index)))).toBeNull()
      expect(changed).toBe(false)
    }
  })

  it('restores one block of a text-level node list (top-level text groups)', () => {
    const version = doc(p(t('x')), t('loose '), t('text', 'bold'))
    const { doc: d } = restoreBlock([p(t('x'))], version, 2)
    expect(norm(read(d))).toEqual(norm(version))
  })

  it('replaces a block whose id now sits on another node type, in place', () => {
    const version = doc(h(1, 'A'), task('x1', 'was a task'), p(t('end')))
    const { doc: d } = restoreBlock([h(1, 'A'), { type: 'runComparison', attrs: { id: 'x1' } }, p(t('end'))], version, 1)
    expect(norm(read(d))).toEqual(norm(version))
  })

  it('does not overwrite an unrelated paragraph written since: the old one comes back beside it', () => {
    const version = doc(h(1, 'A'), p(t('the old paragraph')), p(t('kept')), h(1, 'B'))
    const { doc: d } = restoreBlock([h(1, 'A'), p(t('kept')), p(t('something written later')), h(1, 'B')], version, 1)
    expect(read(d)).toEqual(doc(h(1, 'A'), p(t('the old paragraph')), p(t('kept')), p(t('something written later')), h(1, 'B')))
    const { doc: e } = restoreBlock([h(1, 'A'), p(t('kept')), p(t('the old paragraph, edited')), h(1, 'B')], version, 1)
    expect(read(e)).toEqual(doc(h(1, 'A'), p(t('the old paragraph')), p(t('kept')), p(t('the old paragraph, edited')), h(1, 'B')))
  })
})
