import { describe, expect, it } from 'vitest'
import { lineKind, splitLines } from './InlineDiff.tsx'

describe('list diffs', () => {
  it('split a word diff into list items at the newlines', () => {
    const lines = splitLines([
      { op: 'equal', text: 'Ship before the freeze\nNo new ' },
      { op: 'delete', text: 'features' },
      { op: 'insert', text: 'inputs' },
      { op: 'insert', text: '\nDocument every feature' },
    ])
    expect(lines.map((l) => l.map((o) => o.text).join('|'))).toEqual(['Ship before the freeze', 'No new |features|inputs', 'Document every feature'])
    expect(lines.map(lineKind)).toEqual(['mixed', 'mixed', 'insert'])
  })

  it('marks an item that is wholly gone', () => {
    const lines = splitLines([
      { op: 'equal', text: 'a' },
      { op: 'delete', text: '\nb' },
    ])
    expect(lines.map(lineKind)).toEqual(['mixed', 'delete'])
  })
})

describe('page links in a word diff', () => {
  it('shows [[id]] as a link, not as its id', async () => {
    const { renderToStaticMarkup } = await import('react-dom/server')
    const { InlineDiff } = await import('./InlineDiff.tsx')
    const html = renderToStaticMarkup(InlineDiff({ ops: [{ op: 'insert', text: 'see [[abc123]] now' }], side: 'both' }))
    expect(html).toBe('<ins>see <span class="cv-doclink">↗ linked page</span> now</ins>')
  })
})

describe('coalescing a rewritten phrase', () => {
  const ops = (...list: [string, string][]) => list.map(([op, text]) => ({ op: op as 'equal' | 'insert' | 'delete', text }))
  const side = (list: { op: string; text: string }[], keep: string) =>
    list
      .filter((o) => o.op === 'equal' || o.op === keep)
      .map((o) => o.text)
      .join('')

  it('joins word-by-word replacements into one deletion and one insertion', async () => {
    const { coalesce } = await import('./InlineDiff.tsx')
    const input = ops(['equal', 'Labels '], ['delete', 'come'], ['insert', 'older'], ['equal', ' '], ['delete', 'from'], ['insert', 'than'], ['equal', ' end'])
    const out = coalesce(input)
    expect(out).toEqual(ops(['equal', 'Labels '], ['delete', 'come from'], ['insert', 'older than'], ['equal', ' end']))
    // Neither side's text changes.
    expect(side(out, 'delete')).toBe(side(input, 'delete'))
    expect(side(out, 'insert')).toBe(side(input, 'insert'))
  })

  it('leaves a lone insertion and real equal text alone', async () => {
    const { coalesce } = await import('./InlineDiff.tsx')
    const input = ops(['equal', 'a'], ['insert', ' b'], ['equal', ' '], ['insert', 'c'], ['delete', 'x'], ['equal', ' keep '], ['delete', 'y'])
    expect(coalesce(input)).toEqual(
      ops(['equal', 'a'], ['insert', ' b'], ['equal', ' '], ['delete', 'x'], ['insert', 'c'], ['equal', ' keep '], ['delete', 'y']),
    )
  })
})

describe('telling an edit from a rewrite', () => {
  it('measures how much of the text stayed', async () => {
    const { keptShare } = await import('./InlineDiff.tsx')
    expect(
      keptShare([
        { op: 'equal', text: 'We train on ' },
        { op: 'delete', text: '18' },
        { op: 'insert', text: '24' },
        { op: 'equal', text: ' months' },
      ]),
    ).toBeGreaterThan(0.8)
    expect(
      keptShare([
        { op: 'equal', text: 'Labels ' },
        { op: 'delete', text: 'come from chargebacks' },
        { op: 'insert', text: 'older than 90 days are rechecked' },
      ]),
    ).toBeLessThan(0.3)
    expect(keptShare([])).toBe(1)
  })
})
