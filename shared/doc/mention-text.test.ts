import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { JsonNode } from '../api/docs.ts'
import { p, text } from '../templates/nodes.ts'
import { appendChildren } from './build.ts'
import { EDITOR_FRAGMENT, fragmentToJson, jsonToText, titleOf } from './fragment.ts'
import { inlineCell, mentionNode, tableNode } from './rich-nodes.ts'
import { readTitle } from './title.ts'

const ada = mentionNode({ id: 'u1', name: 'Ada' })

describe('plain text of mentions and tables (titles, search)', () => {
  it('a mention reads "@Name" in the JSON reader and in the Yjs title reader alike', () => {
    const content: JsonNode[] = [{ type: 'heading', attrs: { level: 1 }, content: [text('Sync with '), ada] }, p('Agenda')]
    expect(titleOf({ type: 'doc', content })).toBe('Sync with @Ada')
    const doc = new Y.Doc()
    appendChildren(doc.getXmlFragment(EDITOR_FRAGMENT), content)
    expect(readTitle(doc)).toBe('Sync with @Ada')
    expect(titleOf(fragmentToJson(doc.getXmlFragment(EDITOR_FRAGMENT)))).toBe('Sync with @Ada')
  })

  it('a table’s cells are searchable text, one block per line', () => {
    const t = tableNode([[inlineCell([{ type: 'text', text: 'Model' }]), inlineCell([ada])]], { header: true })
    expect(jsonToText(t)).toBe('Model\n@Ada')
  })
})
