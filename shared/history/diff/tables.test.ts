import { describe, expect, it } from 'vitest'
import type { JsonNode } from '../../api/docs.ts'
import { inlineCell, mentionNode, tableNode } from '../../doc/rich-nodes.ts'
import { p, text } from '../../templates/nodes.ts'
import { diffDocs } from '../diff.ts'
import { doc } from '../fixtures.ts'
import { blockText } from './inline.ts'

const grid = (...rows: string[][]): JsonNode =>
  tableNode(
    rows.map((r) => r.map((t) => inlineCell(t ? [text(t)] : []))),
    { header: true },
  )

describe('history: tables and mentions', () => {
  it('a table’s text is one row per line, cells between " | "; a mention reads @Name', () => {
    expect(blockText(grid(['Model', 'F1'], ['gbm', '0.91']))).toBe('Model | F1\ngbm | 0.91')
    expect(blockText(p('Ask ', mentionNode({ id: 'u1', name: 'Ada' }), ' now'))).toBe('Ask @Ada now')
  })

  it('says "1 table added" and "1 table removed"', () => {
    expect(diffDocs(doc(p('keep')), doc(p('keep'), grid(['a', 'b'], ['1', '2']))).summary).toBe('1 table added')
    expect(diffDocs(doc(p('keep'), grid(['a', 'b'])), doc(p('keep'))).summary).toBe('1 table removed')
  })

  it('says "1 table edited" for a changed cell, an added row or column', () => {
    const before = doc(p('keep'), grid(['Model', 'F1'], ['gbm', '0.91'], ['rf', '0.88']))
    expect(diffDocs(before, doc(p('keep'), grid(['Model', 'F1'], ['gbm', '0.93'], ['rf', '0.88']))).summary).toBe('1 table edited')
    expect(diffDocs(before, doc(p('keep'), grid(['Model', 'F1'], ['gbm', '0.91'], ['rf', '0.88'], ['lr', '0.80']))).summary).toBe('1 table edited')
    expect(diffDocs(before, doc(p('keep'), grid(['Model', 'F1', 'AUC'], ['gbm', '0.91', ''], ['rf', '0.88', '']))).summary).toBe('1 table edited')
  })

  it('a mention changed to another person is an edit of its paragraph', () => {
    const before = doc(p('Owner: ', mentionNode({ id: 'u1', name: 'Ada' })))
    const after = doc(p('Owner: ', mentionNode({ id: 'u2', name: 'Grace' })))
    expect(diffDocs(before, after).summary).toBe('1 paragraph edited')
  })
})
