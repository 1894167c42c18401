import { Schema } from '@tiptap/pm/model'
import { describe, expect, it } from 'vitest'
import { documentTitle } from './title.ts'

const schema = new Schema({
  nodes: {
    doc: { content: 'block+' },
    paragraph: { group: 'block', content: 'text*' },
    heading: { group: 'block', content: 'text*' },
    text: {},
  },
})
const p = (text: string) => schema.node('paragraph', null, text ? [schema.text(text)] : [])
const h = (text: string) => schema.node('heading', null, text ? [schema.text(text)] : [])
const doc = (...blocks: ReturnType<typeof p>[]) => schema.node('doc', null, blocks)

describe('documentTitle (same rule as the server)', () => {
  it('is the first heading, even after paragraphs', () => {
    expect(documentTitle(doc(p('intro'), h('  Plan  '), h('Later')))).toBe('Plan')
  })
  it('falls back to the first non-empty block', () => {
    expect(documentTitle(doc(p(''), p('First words'), p('more')))).toBe('First words')
  })
  it('skips empty headings and is empty for an empty document', () => {
    expect(documentTitle(doc(h(''), p('Body')))).toBe('Body')
    expect(documentTitle(doc(p('')))).toBe('')
  })
  it('is at most 200 characters', () => {
    expect(documentTitle(doc(p('x'.repeat(300))))).toHaveLength(200)
  })
})
