import { Schema } from '@tiptap/pm/model'
import { EditorState } from '@tiptap/pm/state'
import { describe, expect, it } from 'vitest'
import { CHECK_ML_IDS, mlIdPlugin, mlIdPluginKey, newBlockId } from './ids.ts'

const schema = new Schema({
  nodes: {
    doc: { content: 'block+' },
    paragraph: { group: 'block', content: 'text*' },
    text: {},
    experimentLog: { group: 'block', atom: true, attrs: { id: { default: null }, metric: { default: 'val_f1' } } },
    modelCard: { group: 'block', atom: true, attrs: { id: { default: null } } },
  },
})

function setup(options: { ready?: boolean; editable?: boolean } = {}) {
  let n = 0
  const plugin = mlIdPlugin({
    names: new Set(['experimentLog', 'modelCard']),
    isReady: () => options.ready ?? true,
    isEditable: () => options.editable ?? true,
    makeId: () => `bnew${++n}`,
  })
  const doc = schema.node('doc', null, [schema.node('paragraph', null, [schema.text('hi')]), schema.node('experimentLog', { id: 'borig' })])
  return EditorState.create({ schema, doc, plugins: [plugin] })
}
const ids = (s: EditorState) => {
  const out: (string | null)[] = []
  s.doc.forEach((n) => {
    if (n.type.name !== 'paragraph') out.push(n.attrs.id as string | null)
  })
  return out
}

describe('ML block ids', () => {
  it('gives an inserted block an id and keeps existing ones', () => {
    let s = setup()
    s = s.apply(s.tr.insert(s.doc.content.size, schema.node('modelCard')))
    expect(ids(s)).toEqual(['borig', 'bnew1'])
  })

  it('a pasted copy gets a new id, even above the original; the original keeps its own', () => {
    let s = setup()
    s = s.apply(s.tr.insert(0, schema.node('experimentLog', { id: 'borig' })))
    expect(ids(s)).toEqual(['bnew1', 'borig'])
  })

  it('waits for the first sync and never writes in a read-only editor; the sync check fills gaps', () => {
    let s = setup({ ready: false })
    s = s.apply(s.tr.insert(s.doc.content.size, schema.node('modelCard')))
    expect(ids(s)).toEqual(['borig', null])
    const ro = setup({ editable: false })
    expect(ids(ro.apply(ro.tr.insert(ro.doc.content.size, schema.node('modelCard'))))).toEqual(['borig', null])
    // Once synced, the check pass assigns what is missing.
    let ready = setup()
    ready = ready.apply(ready.tr.insert(ready.doc.content.size, schema.node('modelCard', { id: null })).setMeta('addToHistory', false))
    ready = ready.apply(ready.tr.setMeta(mlIdPluginKey, CHECK_ML_IDS))
    expect(ids(ready).every((id) => typeof id === 'string')).toBe(true)
  })

  it('makes ids the server and CLI accept', () => {
    for (let i = 0; i < 50; i++) expect(newBlockId()).toMatch(/^b[a-z0-9]{12}$/)
  })
})
