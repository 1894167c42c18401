import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { buildDocUpdate } from './build.ts'
import { titleOf } from './fragment.ts'
import { readTitle, withTitle, writeTitle } from './title.ts'

const docOf = (...content: Parameters<typeof buildDocUpdate>[0]) => {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, buildDocUpdate(content))
  return doc
}
const h = (level: number, text: string) => ({ type: 'heading', attrs: { level }, content: [{ type: 'text', text }] })
const p = (text: string) => ({ type: 'paragraph', content: [{ type: 'text', text }] })

describe('a page’s one title', () => {
  it('reads the first heading with text, else the first non-empty block, as titleOf does', () => {
    for (const content of [[h(1, 'Fraud detector spec'), p('x')], [p(''), p('Notes first'), h(2, 'Later')], [p('Only text')], []]) {
      expect(readTitle(docOf(...content)) || 'Untitled').toBe(titleOf({ type: 'doc', content }))
    }
  })

  it('writes into the first block when it is a heading, else puts an H1 on top; the same title again is no change', () => {
    const doc = docOf(h(1, 'Experiment log'), p('Hypothesis'))
    expect(writeTitle(doc, 'Churn experiments')).toBe(true)
    expect(readTitle(doc)).toBe('Churn experiments')
    expect(doc.getXmlFragment('default').length).toBe(2)
    expect(writeTitle(doc, 'Churn experiments')).toBe(false)
    const plain = docOf(p('Some notes'), h(2, 'Section'))
    writeTitle(plain, 'Meeting notes')
    expect(readTitle(plain)).toBe('Meeting notes')
    expect(plain.getXmlFragment('default').length).toBe(3)
    expect(writeTitle(plain, '  ')).toBe(false)
  })

  it('replaces only what differs, so a concurrent edit of the heading survives and replicas converge', () => {
    const a = docOf(h(1, 'Draft'))
    const b = new Y.Doc()
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    writeTitle(a, 'Draft spec')
    const text = (b.getXmlFragment('default').get(0) as Y.XmlElement).get(0) as Y.XmlText
    text.insert(0, 'Fraud ')
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b))
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    expect(readTitle(a)).toBe('Fraud Draft spec')
    expect(readTitle(b)).toBe(readTitle(a))
  })

  it('new content takes the page’s name as its heading', () => {
    expect(withTitle([h(1, 'Experiment log'), p('x')], 'Churn experiments')).toEqual([h(1, 'Churn experiments'), p('x')])
    expect(withTitle([p('x')], 'Notes')).toEqual([h(1, 'Notes'), p('x')])
    expect(withTitle([p('x')], 'Untitled')).toEqual([p('x')])
  })
})
