import { describe, expect, it } from 'vitest'
import type { VersionMeta } from '#shared/api/history'
import { countsLine, describeField, describeRun, fieldLabel, formatValue, positionLabel, versionLabel, type Names } from './wording.ts'

const names: Names = {
  user: (id) => ({ u1: 'Priya', u2: 'Sam' })[id],
  task: (id) => ({ t12: 'Label audit' })[id],
}

const version = (over: Partial<VersionMeta>): VersionMeta => ({
  id: 4,
  docId: 'd',
  kind: 'auto',
  name: null,
  fromSeq: 1,
  toSeq: 9,
  startedAt: '2026-12-03T10:00:00Z',
  endedAt: '2026-12-03T10:41:00Z',
  authors: [],
  summary: '',
  open: false,
  restoredFrom: null,
  createdBy: null,
  offline: null,
  ...over,
})

describe('compare wording', () => {
  it('names versions by name, else by time; null is the current state', () => {
    expect(versionLabel(null)).toBe('Current')
    expect(versionLabel(version({ kind: 'named', name: 'Spec frozen for v2' }))).toBe('Spec frozen for v2')
    expect(versionLabel(version({}))).toMatch(/Dec.*3/)
    expect(versionLabel(version({ kind: 'baseline' }))).toMatch(/^Earliest saved version/)
  })

  it('counts leave zeros out', () => {
    expect(countsLine({ added: 3, removed: 1, changed: 2, moved: 1 })).toBe('3 added · 1 removed · 2 changed · 1 moved')
    expect(countsLine({ added: 0, removed: 0, changed: 2, moved: 0 })).toBe('2 changed')
    expect(countsLine({ added: 0, removed: 0, changed: 0, moved: 0 })).toBe('No changes')
  })

  it('spells out task field changes', () => {
    expect(describeField({ field: 'status', from: 'in_progress', to: 'done' }, names)).toEqual({ label: 'Status', text: 'In progress → Done' })
    expect(describeField({ field: 'assignee', from: null, to: 'u1' }, names)).toEqual({ label: 'Assignee', text: '— → Priya' })
    expect(describeField({ field: 'assignee', from: 'u2', to: 'nobody-known' }, names).text).toBe('Sam → someone')
    expect(describeField({ field: 'due', from: '2026-03-04', to: null }, names).text).toMatch(/^Mar 4.* → —$/)
    expect(describeField({ field: 'priority', from: 'none', to: 'urgent' }, names).text).toBe('No priority → Urgent')
    expect(describeField({ field: 'estimate', from: 2, to: 3.5 }, names).text).toBe('2 d → 3.5 d')
  })

  it('lists dependencies added and removed, by title when known', () => {
    expect(describeField({ field: 'deps', from: ['t7'], to: ['t12'] }, names)).toEqual({ label: 'Depends on', text: '+“Label audit”, −t7' })
    expect(describeField({ field: 'deps', from: ['a', 'b'], to: ['b', 'a'] }, names).text).toBe('reordered')
  })

  it('labels other attrs readably', () => {
    expect(fieldLabel('lowerIsBetter')).toBe('Lower is better')
    expect(fieldLabel('section:intended_use')).toBe('Section intended use')
    expect(formatValue('lowerIsBetter', true)).toBe('Yes')
    expect(formatValue('metric', '')).toBe('—')
    expect(formatValue('x', { a: 1 })).toBe('{"a":1}')
  })

  it('words run changes', () => {
    expect(describeRun({ runId: 'r3', name: 'r3', change: 'added', keys: [] })).toBe('Run r3 added')
    expect(describeRun({ runId: 'r1', name: 'r1', change: 'changed', keys: ['val_f1', 'loss'] })).toBe('Run r1: val_f1, loss changed')
    expect(describeRun({ runId: 'r9', name: '', change: 'removed', keys: [] })).toBe('Run r9 removed')
  })

  it('says where the reader is in the change list', () => {
    expect(positionLabel(null, 7)).toBe('7 changes')
    expect(positionLabel(1, 7)).toBe('2 of 7')
    expect(positionLabel(null, 0)).toBe('No changes')
  })

  it("words ML block fields by the diff's names", () => {
    const item = (signedBy: string | null, text = 'Rollback plan written') => ({ text, signedBy })
    expect(describeField({ field: 'items.rb', from: null, to: item(null) }, names)).toEqual({ label: 'Checklist item “Rollback plan written”', text: 'added' })
    expect(describeField({ field: 'items.rb', from: item(null), to: item('u2') }, names).text).toBe('signed off by Sam')
    expect(describeField({ field: 'items.rb', from: item('u2'), to: null }, names).text).toBe('removed')
    expect(describeField({ field: 'items.rb', from: item(null, 'Rollback plan'), to: item(null) }, names).text).toBe('was “Rollback plan”')
    expect(describeField({ field: 'gates.g1', from: null, to: 'metric' }, names)).toEqual({ label: 'Gate', text: 'added (metric)' })
    expect(describeField({ field: 'decision', from: null, to: { by: 'u1', byName: 'Priya', at: 'x' } }, names).text).toBe('recorded by Priya')
    expect(describeField({ field: 'sections.intendedUse', from: null, to: 'Fraud triage only' }, names)).toEqual({
      label: 'Section “Intended use”',
      text: 'written: “Fraud triage only”',
    })
    expect(describeField({ field: 'runs', from: ['log/r1'], to: ['log/r1', 'log/r3'] }, names)).toEqual({ label: 'Linked runs', text: '+r3' })
    expect(describeField({ field: 'type', from: 'paragraph', to: 'heading' }, names)).toEqual({ label: 'Block', text: 'paragraph → heading' })
  })
})
