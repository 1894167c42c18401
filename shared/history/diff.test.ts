import { describe, expect, it } from 'vitest'
import type { JsonNode } from '../api/docs.ts'
import { RUN_COMPARISON_BLOCK } from '../ml/blocks.ts'
import { h, p, text, ul } from '../templates/nodes.ts'
import { blockKey, diffDocs } from './diff.ts'
import { card, checklist, doc, log, run, task } from './fixtures.ts'
import { DocDiffSchema, type DiffEntry } from './types.ts'

const code = (src: string, language = 'python'): JsonNode => ({ type: 'codeBlock', attrs: { language }, content: [text(src)] })
const link = (docId: string): JsonNode => p('See ', { type: 'docLink', attrs: { docId } }, ' for details')

const changed = (d: ReturnType<typeof diffDocs>) => d.entries.filter((e): e is Extract<DiffEntry, { kind: 'changed' }> => e.kind === 'changed')
const kinds = (d: ReturnType<typeof diffDocs>) => d.entries.map((e) => e.kind)

describe('diffDocs: plain blocks', () => {
  it('reports nothing for equal documents, whatever the attribute order', () => {
    const a = doc(h(1, 'Spec'), { type: 'orderedList', attrs: { start: 1, type: null }, content: [] })
    const b = doc(h(1, 'Spec'), { type: 'orderedList', attrs: { type: null, start: 1 }, content: [] })
    const d = diffDocs(a, b)
    expect(kinds(d)).toEqual(['same', 'same'])
    expect(d.counts).toEqual({ added: 0, removed: 0, changed: 0, moved: 0 })
    expect(d.summary).toBe('No changes')
    expect(DocDiffSchema.parse(d)).toEqual(d)
  })

  it('paragraph edited in place: one changed entry with a word diff', () => {
    const d = diffDocs(doc(h(1, 'Spec'), p('We train on the 2025 data'), p('End')), doc(h(1, 'Spec'), p('We train on the 2026 data'), p('End')))
    expect(kinds(d)).toEqual(['same', 'changed', 'same'])
    expect(changed(d)[0]!.text).toEqual([
      { op: 'equal', text: 'We train on the ' },
      { op: 'delete', text: '2025' },
      { op: 'insert', text: '2026' },
      { op: 'equal', text: ' data' },
    ])
    expect(d.summary).toBe('1 paragraph edited')
  })

  it('heading level change is an attrs field; heading text change is inline', () => {
    const d = diffDocs(doc(h(2, 'Goals'), h(2, 'Risks')), doc(h(1, 'Goals'), h(2, 'Risks and mitigations')))
    const [level, rename] = changed(d)
    expect(level!.fields).toEqual([{ field: 'level', from: 2, to: 1 }])
    expect(level!.text).toBeUndefined()
    expect(rename!.text?.some((o) => o.op === 'insert' && o.text.includes('mitigations'))).toBe(true)
    expect(d.summary).toBe("heading 'Goals' edited, heading 'Risks' edited")
  })

  it('lists: an item added is the list changed, with the new line inserted', () => {
    const d = diffDocs(doc(ul('Data collected', 'Baseline trained')), doc(ul('Data collected', 'Labels audited', 'Baseline trained')))
    expect(kinds(d)).toEqual(['changed'])
    const ops = changed(d)[0]!.text!
    expect(ops.filter((o) => o.op === 'insert').map((o) => o.text)).toEqual(['Labels audited\n'])
    expect(d.summary).toBe('1 list edited')
  })

  it('code blocks: language is a field, code is inline', () => {
    const d = diffDocs(doc(code('lr = 3e-4')), doc(code('lr = 1e-3', 'py')))
    const e = changed(d)[0]!
    expect(e.fields).toEqual([{ field: 'language', from: 'python', to: 'py' }])
    // Tokens are words and single punctuation marks: "3e-4" → "1e-3" keeps its "-".
    expect(e.text?.filter((o) => o.op === 'insert').map((o) => o.text)).toEqual(['1e', '3'])
  })

  it('doc links: relinking a paragraph to another page is an inline change of the link', () => {
    const d = diffDocs(doc(link('docA1')), doc(link('docB2')))
    const e = changed(d)[0]!
    expect(e.text).toEqual([
      { op: 'equal', text: 'See [[' },
      { op: 'delete', text: 'docA1' },
      { op: 'insert', text: 'docB2' },
      { op: 'equal', text: ']] for details' },
    ])
  })

  it('marks-only change: changed with no text ops and no fields', () => {
    const d = diffDocs(doc(p('ship it')), doc(p(text('ship it', 'bold'))))
    expect(changed(d)[0]).toMatchObject({ fields: [], runs: [] })
    expect(changed(d)[0]!.text).toBeUndefined()
  })

  it('adds and removes, with removed blocks where they were', () => {
    const d = diffDocs(doc(p('a'), p('b old words'), p('c')), doc(p('a'), h(2, 'New'), p('c'), p('d'), p('e')))
    expect(d.entries).toEqual([
      { kind: 'same', before: 0, after: 0 },
      { kind: 'removed', before: 1 },
      { kind: 'added', after: 1 },
      { kind: 'same', before: 2, after: 2 },
      { kind: 'added', after: 3 },
      { kind: 'added', after: 4 },
    ])
    expect(d.summary).toBe('2 paragraphs added, 1 heading added, 1 paragraph removed')
  })

  it('a rewrite into unrelated text is removed + added; the similar one of several is the edit', () => {
    const unrelated = diffDocs(doc(p('a'), p('alpha beta gamma'), p('delta epsilon'), p('z')), doc(p('a'), p('totally new text'), p('z')))
    expect(kinds(unrelated)).toEqual(['same', 'removed', 'removed', 'added', 'same'])
    const similar = diffDocs(
      doc(p('a'), p('delete me entirely'), p('we train the baseline model on the holdout'), p('z')),
      doc(p('a'), p('we train the baseline model on the new holdout'), p('z')),
    )
    expect(similar.entries).toMatchObject([{ kind: 'same' }, { kind: 'removed', before: 1 }, { kind: 'changed', before: 2, after: 1 }, { kind: 'same' }])
  })

  it('moved blocks: identical blocks out of order appear once, as moved, at their new place', () => {
    const d = diffDocs(doc(h(2, 'Risks'), p('leakage'), h(2, 'Goals'), p('ship')), doc(h(2, 'Goals'), p('ship'), h(2, 'Risks'), p('leakage')))
    expect(d.entries.filter((e) => e.kind === 'same')).toHaveLength(2)
    expect(d.entries.filter((e) => e.kind === 'moved')).toHaveLength(2)
    expect(d.entries.map((e) => ('after' in e ? e.after : -1))).toEqual([0, 1, 2, 3])
    expect(d.counts.moved).toBe(2)
    expect(d.summary).toMatch(/moved/)
  })

  it('a block with an id that moved and changed is one changed entry at its new place', () => {
    const d = diffDocs(doc(task('t-aaaa', 'A'), p('x'), p('y')), doc(p('x'), p('y'), task('t-aaaa', 'A', { status: 'done' })))
    expect(kinds(d)).toEqual(['same', 'same', 'changed'])
  })

  it('an id pasted twice identifies nothing: both copies are matched by content', () => {
    const d = diffDocs(doc(task('t-dup1', 'A')), doc(task('t-dup1', 'A'), task('t-dup1', 'A copy')))
    expect(kinds(d)).toEqual(['same', 'added'])
  })
})

describe('diffDocs: task blocks', () => {
  it('spells out every task field', () => {
    const before = task('t-label', 'Label audit', { status: 'todo', assignee: null, due: null, estimate: null, priority: 'none', stage: 'none', deps: [] })
    const after = task('t-label', 'Label audit v2', {
      status: 'done',
      assignee: 'u-priya',
      due: '2026-12-01',
      estimate: 3,
      priority: 'high',
      stage: 'data',
      deps: JSON.stringify(['t-data']),
    })
    const e = changed(diffDocs(doc(before), doc(after)))[0]!
    expect(e.fields).toEqual([
      { field: 'title', from: 'Label audit', to: 'Label audit v2' },
      { field: 'status', from: 'todo', to: 'done' },
      { field: 'assignee', from: null, to: 'u-priya' },
      { field: 'due', from: null, to: '2026-12-01' },
      { field: 'estimate', from: null, to: 3 },
      { field: 'priority', from: 'none', to: 'high' },
      { field: 'stage', from: 'none', to: 'data' },
      { field: 'deps', from: [], to: ['t-data'] },
    ])
    expect(e.text).toEqual([
      { op: 'equal', text: 'Label audit' },
      { op: 'insert', text: ' v2' },
    ])
  })

  it('reads fields like the index does: malformed values equal their defaults, deps as JSON or array', () => {
    const d = diffDocs(doc(task('t-x1', 'T', { status: 'bogus', deps: '["t-a1"]' })), doc(task('t-x1', 'T', { status: 'todo', deps: ['t-a1'] })))
    // Not a field change, though the raw attrs differ.
    expect(changed(d)[0]?.fields ?? []).toEqual([])
  })

  it('summary names the task and its new status', () => {
    const d = diffDocs(doc(task('t-label', 'Label audit')), doc(task('t-label', 'Label audit', { status: 'in_progress' })))
    expect(d.summary).toBe("task 'Label audit' → in progress")
  })
})

describe('diffDocs: ML blocks', () => {
  it('experiment log: runs added, removed and changed with metric and param names', () => {
    const before = log('runs', [run('r1', { val_f1: 0.9, loss: 0.3 }, { lr: 3e-4 }), run('r2', { val_f1: 0.8 }), run('r3')])
    const after = log('runs', [run('r1', { val_f1: 0.92, loss: 0.3 }, { lr: 1e-3 }), run('r3', {}, {}, { status: 'failed' }), run('r4', { val_f1: 0.7 })])
    const e = changed(diffDocs(doc(before), doc(after)))[0]!
    expect(e.runs).toEqual([
      { runId: 'r1', name: 'r1', change: 'changed', keys: ['val_f1', 'lr'] },
      { runId: 'r3', name: 'r3', change: 'changed', keys: ['status'] },
      { runId: 'r4', name: 'r4', change: 'added', keys: [] },
      { runId: 'r2', name: 'r2', change: 'removed', keys: [] },
    ])
    expect(e.fields).toEqual([])
    expect(diffDocs(doc(before), doc(after)).summary).toBe('1 run added, 1 run removed, 1 metric changed, 1 param changed, 1 run updated')
  })

  it('experiment log settings are fields; the data snapshot is never one', () => {
    const e = changed(diffDocs(doc(log('runs', [])), doc(log('runs', [], { metric: 'loss', lowerIsBetter: true }))))[0]!
    expect(e.fields).toEqual([
      { field: 'lowerIsBetter', from: null, to: true },
      { field: 'metric', from: 'val_f1', to: 'loss' },
    ])
  })

  it('checklist: items ticked, added, and the decision', () => {
    const before = checklist('ship', [
      { id: 'i1', text: 'Data validated' },
      { id: 'i2', text: 'Canary plan' },
    ])
    const decision = { by: 'u1', byName: 'Priya', at: '2026-12-03T10:00:00Z' }
    const after = checklist(
      'ship',
      [
        { id: 'i1', text: 'Data validated', signedBy: 'u1' },
        { id: 'i2', text: 'Canary plan' },
        { id: 'i3', text: 'Rollback tested' },
      ],
      decision,
    )
    const d = diffDocs(doc(before), doc(after))
    expect(changed(d)[0]!.fields).toEqual([
      { field: 'items.i1', from: { text: 'Data validated', signedBy: null }, to: { text: 'Data validated', signedBy: 'u1' } },
      { field: 'items.i3', from: null, to: { text: 'Rollback tested', signedBy: null } },
      { field: 'decision', from: null, to: decision },
    ])
    expect(d.summary).toBe('ship decision recorded, 1 checklist item signed, 1 checklist item added')
  })

  it('model card: sections, settings and linked runs', () => {
    const d = diffDocs(
      doc(card('card', { details: 'v1' })),
      doc(card('card', { details: 'v2', ethics: 'No PII' }, [{ blockId: 'runs', runId: 'r1' }], { metric: 'loss' })),
    )
    expect(changed(d)[0]!.fields).toEqual([
      { field: 'metric', from: 'val_f1', to: 'loss' },
      { field: 'sections.details', from: 'v1', to: 'v2' },
      { field: 'sections.ethics', from: null, to: 'No PII' },
      { field: 'runs', from: [], to: ['runs/r1'] },
    ])
    expect(d.summary).toBe('model card: 2 sections edited')
  })

  it('run comparison: its view fields', () => {
    const cmp = (attrs: Record<string, unknown>): JsonNode => ({ type: RUN_COMPARISON_BLOCK, attrs: { id: 'cmp1', ...attrs } })
    const d = diffDocs(
      doc(cmp({ metric: 'val_f1', picked: ['runs/r1'] })),
      doc(cmp({ metric: 'loss', order: 'asc', picked: JSON.stringify(['runs/r1', 'runs/r2']) })),
    )
    expect(changed(d)[0]!.fields).toEqual([
      { field: 'metric', from: 'val_f1', to: 'loss' },
      { field: 'order', from: '', to: 'asc' },
      { field: 'picked', from: ['runs/r1'], to: ['runs/r1', 'runs/r2'] },
    ])
    expect(d.summary).toBe('1 run comparison edited')
  })
})

describe('blockKey', () => {
  it('is attrs.id when it is a non-empty string', () => {
    expect(blockKey(task('t-abcd', 'x'))).toBe('t-abcd')
    expect(blockKey(p('x'))).toBeNull()
    expect(blockKey({ type: 'task', attrs: { id: '' } })).toBeNull()
    expect(blockKey({ type: 'task', attrs: { id: 7 } })).toBeNull()
  })
})
