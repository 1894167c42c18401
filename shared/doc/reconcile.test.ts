import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { JsonNode } from '../api/docs.ts'
import { reconcileFragment } from './reconcile.ts'
import { captureUpdate, docOf, frag, h, norm, p, read, sync, t } from './reconcile.testkit.ts'

const doc = (...content: JsonNode[]): JsonNode => ({ type: 'doc', content })
const list = (...items: JsonNode[][]): JsonNode => ({ type: 'bulletList', content: items.map((c) => ({ type: 'listItem', content: c })) })
const code = (language: string, text: string): JsonNode => ({ type: 'codeBlock', attrs: { language }, content: [t(text)] })
const task = (id: string, title: string, attrs: Record<string, unknown> = {}): JsonNode => ({
  type: 'task',
  attrs: { id, status: 'todo', assignee: null, deps: [], ...attrs },
  content: [t(title)],
})
const ml = (id: string, view: Record<string, unknown>): JsonNode => ({ type: 'runComparison', attrs: { id, view } })

function restore(from: JsonNode, to: JsonNode): Y.Doc {
  const d = docOf(from.content ?? [])
  captureUpdate(d, () => reconcileFragment(frag(d), to))
  return d
}

const CASES: Array<[string, JsonNode, JsonNode]> = [
  ['headings', doc(h(1, 'Spec'), p(t('a'))), doc(h(2, 'Spec v2'), h(1, 'Intro'), p(t('a')))],
  ['marks and links', doc(p(t('plain '), t('bold', 'bold'), t(' end'))), doc(p(t('plain '), t('bold', 'italic', 'bold'), t(' see '), t('docs', 'link')))],
  ['link removed, bold kept', doc(p(t('x', 'link', 'bold'), t('y'))), doc(p(t('xy', 'bold')))],
  [
    'nested lists',
    doc(list([p(t('one'))], [p(t('two')), list([p(t('deep'))])])),
    doc(list([p(t('one!'))], [p(t('two'))], [p(t('three')), list([p(t('deeper'))])])),
  ],
  ['code blocks', doc(code('ts', 'const a = 1\nconst b = 2')), doc(code('python', 'a = 1\nconst b = 2\n'), p(t('after')))],
  [
    'task blocks',
    doc(task('t1', 'Label audit'), task('t2', 'Train')),
    doc(task('t2', 'Train v2', { status: 'done', deps: ['t1'] }), task('t1', 'Label audit')),
  ],
  [
    'task attr removed',
    doc(task('t1', 'Label', { due: '2026-01-01' })),
    doc({ type: 'task', attrs: { id: 't1', status: 'in_review' }, content: [t('Label')] }),
  ],
  [
    'ML blocks (JSON attrs)',
    doc(ml('m1', { metric: 'f1', picked: ['r1', 'r2'] })),
    doc(ml('m1', { metric: 'auc', picked: ['r2'], order: { by: 'x' } }), ml('m2', {})),
  ],
  ['empty to empty', doc(), doc()],
  ['to empty', doc(h(1, 'x'), p(t('y'))), doc()],
  ['from empty', doc(), doc(h(1, 'x'), list([p(t('y', 'bold'))]))],
  ['empty paragraphs', doc(p(), p(t('x')), p()), doc(p(t('x')), p(), p(), p(t('y')))],
  ['hard breaks', doc(p(t('a'), { type: 'hardBreak' }, t('b'))), doc(p(t('ab'), { type: 'hardBreak' }, t('c', 'bold')))],
  ['emoji', doc(p(t('👍🏽 ok 😀'))), doc(p(t('👍🏾 ok 😁!')))],
  [
    'two marks of one type',
    doc(p(t('x'))),
    doc(
      p({
        type: 'text',
        text: 'x',
        marks: [
          { type: 'comment', attrs: { id: 'c1' } },
          { type: 'comment', attrs: { id: 'c2' } },
        ],
      }),
    ),
  ],
]

describe('reconcileFragment', () => {
  for (const [name, from, to] of CASES) {
    it(`${name}: reads as the target, and again is a no-op`, () => {
      const d = restore(from, to)
      expect(norm(read(d))).toEqual(norm(to))
      expect(captureUpdate(d, () => reconcileFragment(frag(d), to))).toBeNull()
      // Back again, on the same document.
      captureUpdate(d, () => reconcileFragment(frag(d), from))
      expect(norm(read(d))).toEqual(norm(from))
    })
  }

  it('keeps the Y items of untouched blocks', () => {
    const d = docOf([h(1, 'Title'), p(t('keep me')), p(t('change me')), task('t1', 'Task'), p(t('tail'))])
    const ids = (): string[] =>
      frag(d)
        .toArray()
        .map((c) => JSON.stringify((c as unknown as { _item: Y.Item })._item.id))
    const before = ids()
    captureUpdate(d, () => reconcileFragment(frag(d), doc(h(1, 'Title'), p(t('keep me')), p(t('changed me')), task('t1', 'Task v2'), p(t('tail')))))
    expect(ids()).toEqual(before)
    captureUpdate(d, () => reconcileFragment(frag(d), doc(p(t('new')), h(1, 'Title'), p(t('tail')))))
    const after = ids()
    expect(after).toHaveLength(3)
    expect(after[1]).toBe(before[0])
    expect(after[2]).toBe(before[4])
  })

  it('editing one word of a 10 kB paragraph is a small update', () => {
    const words = Array.from({ length: 2200 }, (_, i) => `w${i}`).join(' ')
    expect(words.length).toBeGreaterThan(10_000)
    const d = docOf([p(t(words))])
    const edited = words.replace('w1100 ', 'changed ')
    const update = captureUpdate(d, () => reconcileFragment(frag(d), doc(p(t(edited)))))!
    expect(read(d)).toEqual(doc(p(t(edited))))
    expect(update.length).toBeLessThan(100)
    // Bold on one word: a format, not a retype.
    const bolded = captureUpdate(d, () => reconcileFragment(frag(d), doc(p(t(edited.slice(0, 100)), t(edited.slice(100, 104), 'bold'), t(edited.slice(104))))))!
    expect(bolded.length).toBeLessThan(100)
  })

  it('an offline replica keeps the text it typed into a paragraph the restore keeps', () => {
    const a = docOf([h(1, 'Spec'), p(t('Kept paragraph.')), p(t('Edited later.'))])
    const version = read(a)
    a.transact(() => {
      const text = (frag(a).get(2) as Y.XmlElement).get(0) as Y.XmlText
      text.insert(0, 'Much ')
      frag(a).insert(3, [new Y.XmlElement('paragraph')])
    })
    const b = new Y.Doc()
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    // B goes offline and types into the kept paragraph and the edited one.
    b.transact(() => {
      ;((frag(b).get(1) as Y.XmlElement).get(0) as Y.XmlText).insert(4, ' OFFLINE')
      ;((frag(b).get(2) as Y.XmlElement).get(0) as Y.XmlText).insert(11, ' B2')
    })
    captureUpdate(a, () => reconcileFragment(frag(a), version))
    expect(read(a)).toEqual(version)
    sync(a, b)
    expect(read(a)).toEqual(read(b))
    expect(read(a)).toEqual(doc(h(1, 'Spec'), p(t('Kept OFFLINE paragraph.')), p(t('Edited B2 later.'))))
  })
})
