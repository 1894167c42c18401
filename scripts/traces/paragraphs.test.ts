import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { fragmentToJson } from '#shared/doc/fragment'
import { hasTraces, loadSequentialTrace, MISSING_TRACES_MESSAGE } from './load.ts'
import { ParagraphText, replayIntoParagraphs } from './paragraphs.ts'

const skipNote = hasTraces() ? '' : ` [SKIPPED: ${MISSING_TRACES_MESSAGE}]`

describe('a trace replayed into paragraphs', () => {
  it('splits on typed newlines and merges on deleted ones', () => {
    const doc = new Y.Doc()
    const text = new ParagraphText(doc.getXmlFragment('default'))
    text.apply([0, 0, 'hello world'])
    text.apply([5, 0, '\nnew\n'])
    expect(text.toString()).toBe('hello\nnew\n world')
    expect(text.paragraphs).toBe(3)
    text.apply([4, 3, ''])
    expect(text.toString()).toBe('hellew\n world')
    text.apply([6, 1, ''])
    expect(text.toString()).toBe('hellew world')
    expect(fragmentToJson(doc.getXmlFragment('default')).content).toEqual([{ type: 'paragraph', content: [{ type: 'text', text: 'hellew world' }] }])
  })

  it.skipIf(!hasTraces())(`ends with automerge-paper's endContent, one paragraph per line${skipNote}`, () => {
    const trace = loadSequentialTrace('automerge-paper')
    const doc = new Y.Doc()
    const text = new ParagraphText(doc.getXmlFragment('default'))
    replayIntoParagraphs(text, trace.txns, 0, trace.txns.length, 256)
    expect(text.toString()).toBe(trace.endContent)
    expect(text.paragraphs).toBe(trace.endContent.split('\n').length)
  })
})
