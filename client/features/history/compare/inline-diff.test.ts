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
