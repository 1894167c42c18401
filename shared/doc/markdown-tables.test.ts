import { describe, expect, it } from 'vitest'
import type { JsonNode } from '../api/docs.ts'
import { h, p, text, ul } from '../templates/nodes.ts'
import { toMarkdown } from './markdown.ts'
import { inlineCell, mentionNode, tableNode } from './rich-nodes.ts'

const doc = (...content: JsonNode[]): JsonNode => ({ type: 'doc', content })
const md = (...blocks: JsonNode[]) => toMarkdown(doc(...blocks))
const ada = mentionNode({ id: 'u-ada', name: 'Ada Lovelace' })

describe('toMarkdown: tables', () => {
  it('a GFM table: header row, separator, body rows', () => {
    const t = tableNode(
      [
        [inlineCell([text('Model')]), inlineCell([text('F1')])],
        [inlineCell([text('gbm')]), inlineCell([text('0.91')])],
      ],
      { header: true },
    )
    expect(md(t)).toBe('| Model | F1 |\n| --- | --- |\n| gbm | 0.91 |\n')
  })

  it('a table without a header row still gets GFM’s header line (its first row)', () => {
    expect(md(tableNode([[inlineCell([text('a')]), inlineCell([text('b')])]], { header: false }))).toBe('| a | b |\n| --- | --- |\n')
  })

  it('escapes pipes in text and inside code spans, so no cell splits its row', () => {
    const t = tableNode([[inlineCell([text('a|b')]), inlineCell([text('x || y', 'code')])]], { header: true })
    expect(md(t)).toBe('| a\\|b | `x \\|\\| y` |\n| --- | --- |\n')
  })

  it('outside tables a pipe in a code span is left alone', () => {
    expect(md(p(text('a|b', 'code')))).toBe('`a|b`\n')
  })

  it('flattens a cell’s blocks onto its line: paragraphs, hard breaks, lists, headings, code blocks', () => {
    const cell = [
      p('first'),
      { type: 'paragraph', content: [text('one'), { type: 'hardBreak' }, text('two')] },
      ul('x', 'y'),
      h(3, 'Note'),
      { type: 'codeBlock', content: [text('a = 1\nb = a|2')] },
    ]
    expect(md(tableNode([[cell]], { header: true }))).toBe('| first<br>one<br>two<br>- x<br>- y<br>**Note**<br>`a = 1 b = a\\|2` |\n| --- |\n')
  })

  it('a merged cell is written once and the slots it covers are left empty', () => {
    const wide: JsonNode = { type: 'tableCell', attrs: { colspan: 2, rowspan: 1, colwidth: null }, content: [p('wide')] }
    const tall: JsonNode = { type: 'tableCell', attrs: { colspan: 1, rowspan: 2, colwidth: null }, content: [p('tall')] }
    const c = (t: string): JsonNode => ({ type: 'tableCell', content: [p(t)] })
    const t: JsonNode = {
      type: 'table',
      content: [
        { type: 'tableRow', content: [wide, c('c')] },
        { type: 'tableRow', content: [tall, c('b'), c('d')] },
        { type: 'tableRow', content: [c('x'), c('y')] },
      ],
    }
    expect(md(t)).toBe('| wide |  | c |\n| --- | --- | --- |\n| tall | b | d |\n|  | x | y |\n')
  })

  it('ragged and empty tables: padded to a rectangle; an empty one is dropped', () => {
    const t: JsonNode = {
      type: 'table',
      content: [
        { type: 'tableRow', content: [{ type: 'tableCell', content: [p('a')] }] },
        { type: 'tableRow', content: [] },
      ],
    }
    expect(md(t)).toBe('| a |\n| --- |\n|  |\n')
    expect(md({ type: 'table' }, p('after'))).toBe('after\n')
  })

  it('survives hostile attrs: spans that are not numbers, rows that are not rows', () => {
    const t: JsonNode = {
      type: 'table',
      content: [
        { type: 'tableRow', content: [{ type: 'tableCell', attrs: { colspan: '2" onclick', rowspan: { x: 1 } }, content: [p('a')] }] },
        { type: 'paragraph', content: [text('stray')] },
      ],
    }
    expect(md(t)).toBe('| a |\n| --- |\n')
  })
})

describe('toMarkdown: mentions', () => {
  it('a mention is @Name, in paragraphs, tasks’ neighbours and table cells alike', () => {
    expect(md(p('Ask ', ada, ' today'))).toBe('Ask @Ada Lovelace today\n')
    expect(md(tableNode([[inlineCell([ada])]], { header: true }))).toBe('| @Ada Lovelace |\n| --- |\n')
  })

  it('a name is escaped like text; a mention without a label falls back to its id, then to "someone"', () => {
    expect(md(p(mentionNode({ id: 'u1', name: '*bold* <b>' })))).toBe('@\\*bold\\* \\<b\\>\n')
    expect(md(p({ type: 'mention', attrs: { id: 'u-9', label: null } }))).toBe('@u-9\n')
    expect(md(p({ type: 'mention', attrs: { id: { evil: 1 }, label: 42 } }))).toBe('@someone\n')
  })
})
