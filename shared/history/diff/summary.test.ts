import { describe, expect, it } from 'vitest'
import { h, p, ul } from '../../templates/nodes.ts'
import { diffDocs } from '../diff.ts'
import { checklist, doc, log, run, task } from '../fixtures.ts'
import { fileNode, imageNode } from '../../doc/rich-nodes.ts'
import { SUMMARY_MAX } from './summary.ts'

const summary = (before: Parameters<typeof doc>, after: Parameters<typeof doc>) => diffDocs(doc(...before), doc(...after)).summary

describe('summary line', () => {
  it('the issue’s example, most significant first', () => {
    const before = [h(2, 'Goals'), task('t-label', 'Label audit'), log('runs', [run('r1', { f1: 0.8, loss: 0.4 })])]
    const after = [
      h(2, 'Goals for v2'),
      p('one'),
      p('two'),
      p('three'),
      task('t-label', 'Label audit', { status: 'done' }),
      log('runs', [run('r1', { f1: 0.9, loss: 0.3 })]),
    ]
    expect(summary(before, after)).toBe("3 paragraphs added, task 'Label audit' → done, 2 metrics changed, heading 'Goals' edited")
  })

  it('"No changes" when nothing changed', () => {
    expect(summary([p('a')], [p('a')])).toBe('No changes')
    expect(summary([], [])).toBe('No changes')
  })

  it('counts per kind, singular and plural, largest first', () => {
    expect(summary([p('keep')], [p('keep'), ul('a'), p('x'), p('y')])).toBe('2 paragraphs added, 1 list added')
    expect(summary([p('keep'), h(2, 'Old'), { type: 'horizontalRule' }], [p('keep')])).toBe('1 heading removed, 1 divider removed')
    expect(summary([{ type: 'mystery', attrs: { v: 1 } }], [{ type: 'mystery', attrs: { v: 2 } }])).toBe('1 block edited')
  })

  it('attachment blocks by name: images and files added, removed and edited', () => {
    const image = imageNode({ id: 'att_0123456789abcdefXYZ' }, 'loss curve')
    const file = fileNode({ id: 'att_abcdefghijklmnop01', name: 'splits.csv', size: 900, contentType: 'text/csv' })
    expect(summary([p('keep')], [p('keep'), image])).toBe('1 image added')
    expect(summary([p('keep')], [p('keep'), file, { ...file, attrs: { ...file.attrs, attachmentId: 'att_abcdefghijklmnop02' } }])).toBe('2 files added')
    expect(summary([p('keep'), image, file], [p('keep')])).toBe('1 image removed, 1 file removed')
    expect(summary([p('keep'), image], [p('keep'), { ...image, attrs: { ...image.attrs, alt: 'val loss curve' } }])).toBe('1 image edited')
  })

  it('many task or heading changes collapse into a count', () => {
    const ids = ['t-aaaa', 't-bbbb', 't-cccc']
    expect(
      summary(
        ids.map((id) => task(id, id)),
        ids.map((id) => task(id, id, { status: 'done' })),
      ),
    ).toBe('3 tasks changed')
    expect(summary([h(1, 'a'), h(2, 'b'), h(3, 'c')], [h(1, 'a1'), h(2, 'b1'), h(3, 'c1')])).toBe('3 headings edited')
    expect(summary([task('t-aaaa', 'A')], [task('t-aaaa', 'A', { assignee: 'u-1' })])).toBe("task 'A' edited")
  })

  it('long titles are shortened; the line never exceeds its budget and says when it was cut', () => {
    const long = 'An extremely long task title that goes on and on'
    expect(summary([task('t-aaaa', long)], [task('t-aaaa', long, { status: 'in_review' })])).toBe("task 'An extremely long task title…' → in review")
    const kinds = ['paragraph', 'codeBlock', 'blockquote', 'horizontalRule', 'bulletList', 'orderedList', 'table', 'heading']
    const many = kinds.flatMap((type, i) => [{ type, attrs: { n: i } }])
    const removed = kinds.map((type) => ({ type: `${type}X` }))
    const s = summary([...removed, task('t-aaaa', long)], [...many, task('t-aaaa', long, { status: 'done' })])
    expect(s.length).toBeLessThanOrEqual(SUMMARY_MAX)
    expect(s).toMatch(/, …$/)
  })

  it('checklist items added and moves are told', () => {
    expect(summary([checklist('c1', [])], [checklist('c1', [{ id: 'i1', text: 'x' }])])).toBe('1 checklist item added')
    expect(summary([p('a'), p('b'), p('c')], [p('c'), p('a'), p('b')])).toBe('1 paragraph moved')
  })
})
