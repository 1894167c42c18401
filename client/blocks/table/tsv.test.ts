import { describe, expect, it } from 'vitest'
import { TABLE_PASTE_LIMITS } from '#shared/limits'
import { rowsToHtml } from './table-paste.ts'
import { parseTsv, tsvRows } from './tsv.ts'

describe('parseTsv', () => {
  it('rows by newline, cells by tab; a trailing newline ends the last row', () => {
    expect(parseTsv('a\tb\n1\t2\n')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ])
    expect(parseTsv('a\tb\r\n1\t2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ])
  })

  it('keeps empty cells, leading, inner and trailing', () => {
    expect(parseTsv('\tb\t\n1\t\t3')).toEqual([
      ['', 'b', ''],
      ['1', '', '3'],
    ])
  })

  it('reads quoted cells as a spreadsheet writes them: newlines, tabs and doubled quotes inside', () => {
    expect(parseTsv('"two\nlines"\t"a\tb"\t"say ""hi"""\nx\ty\tz')).toEqual([
      ['two\nlines', 'a\tb', 'say "hi"'],
      ['x', 'y', 'z'],
    ])
  })

  it('a quote that does not close a cell is text', () => {
    expect(parseTsv('"6" tall\tok')).toEqual([['"6" tall', 'ok']])
    expect(parseTsv('"open\tb')).toEqual([['"open', 'b']])
  })
})

describe('tsvRows: which pastes become tables', () => {
  it('outside a table: a rectangle of two or more columns', () => {
    expect(tsvRows('Model\tF1\ngbm\t0.91\n', false)).toEqual([
      ['Model', 'F1'],
      ['gbm', '0.91'],
    ])
    expect(tsvRows('one\ttwo', false)).toEqual([['one', 'two']])
  })

  it('outside a table: plain text, ragged rows and tab-indented code stay text', () => {
    expect(tsvRows('just a sentence\nand another', false)).toBeNull()
    expect(tsvRows('a\tb\nc', false)).toBeNull()
    expect(tsvRows('if (x) {\n\treturn 1\n\treturn 2', false)).toBeNull()
    expect(tsvRows('\tfoo()\n\tbar()', false)).toBeNull()
  })

  it('inside a table: any text with a tab fills cells, ragged or not; without a tab it is text for one cell', () => {
    expect(tsvRows('a\tb\nc', true)).toEqual([['a', 'b'], ['c']])
    expect(tsvRows('line one\nline two', true)).toBeNull()
  })

  it('past the limits, a paste stays text', () => {
    const wide = Array.from({ length: TABLE_PASTE_LIMITS.maxColumns + 1 }, (_, i) => `c${i}`).join('\t')
    expect(tsvRows(wide, false)).toBeNull()
    const tall = Array.from({ length: TABLE_PASTE_LIMITS.maxRows + 1 }, (_, i) => `r${i}\tx`).join('\n')
    expect(tsvRows(tall, false)).toBeNull()
    expect(tsvRows(tall.split('\n').slice(1).join('\n'), false)).toHaveLength(TABLE_PASTE_LIMITS.maxRows)
  })
})

describe('rowsToHtml', () => {
  it('a table the editor parses: header cells when asked, a paragraph per line, text escaped', () => {
    expect(
      rowsToHtml(
        [
          ['<b>', 'a\nb'],
          ['1', '2'],
        ],
        true,
      ),
    ).toBe('<table><tr><th><p>&lt;b&gt;</p></th><th><p>a</p><p>b</p></th></tr><tr><td><p>1</p></td><td><p>2</p></td></tr></table>')
    expect(rowsToHtml([['x']], false)).toBe('<table><tr><td><p>x</p></td></tr></table>')
  })
})
