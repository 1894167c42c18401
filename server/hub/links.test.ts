import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { EDITOR_FRAGMENT } from '#shared/doc/fragment'
import { scanDocument } from './links.ts'

function docWith(...nodes: [name: string, id: string][]): Y.Doc {
  const doc = new Y.Doc()
  const fragment = doc.getXmlFragment(EDITOR_FRAGMENT)
  const wrapper = new Y.XmlElement('blockquote')
  fragment.insert(0, [wrapper])
  for (const [name, id] of nodes) {
    const el = new Y.XmlElement(name)
    el.setAttribute('id', id)
    wrapper.insert(wrapper.length, [el])
  }
  return doc
}

describe('scanDocument', () => {
  it('indexes only the registered block kinds, by node (at any depth) and by map', () => {
    const doc = docWith(['widget', 'w1'], ['gadget', 'g1'], ['other', 'o1'])
    doc.getMap('widgets').set('w2', true)
    const scan = scanDocument(doc, [
      { kind: 'widget', nodeNames: ['widget'], fromMaps: (d) => d.getMap('widgets').keys() },
      { kind: 'gadget', nodeNames: ['gadget'] },
    ])
    expect([...scan.blocks.keys()]).toEqual(['widget', 'gadget'])
    expect([...scan.blocks.get('widget')!].sort()).toEqual(['w1', 'w2'])
    expect([...scan.blocks.get('gadget')!]).toEqual(['g1'])
  })

  it('with no kinds registered it finds links only', () => {
    expect(scanDocument(docWith(['widget', 'w1']), []).blocks.size).toBe(0)
  })
})
