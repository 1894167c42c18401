import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { addMlTestScore, putGate, putItem, readChecklist, recordDecision } from './checklist.ts'
import { missingSections, prefill } from './model-card.ts'
import { readRuns, writeRun } from './runs.ts'

describe('deployment checklist state', () => {
  it('adds the ML Test Score in one step, signs items from two replicas, records a decision', () => {
    const a = new Y.Doc()
    addMlTestScore(a, 'ck')
    addMlTestScore(a, 'ck') // once only
    putItem(a, 'ck', 'rollback', { text: 'Rollback plan written', required: true, order: 1 })
    putGate(a, 'ck', 'g1', { kind: 'metric', metric: 'val_f1', op: '>=', threshold: 0.92 })
    const b = new Y.Doc()
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    putItem(a, 'ck', 'rollback', { text: 'Rollback plan written', signedBy: 'ada', signedAt: '2026-11-26T10:00:00Z' })
    putItem(b, 'ck', 'mlts-1', { text: 'Feature expectations are captured in a schema', signedBy: 'bob', signedAt: '2026-11-26T10:01:00Z' })
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b))
    const state = readChecklist(a, 'ck')
    expect(state.items).toHaveLength(29)
    expect(state.items[0]).toMatchObject({ id: 'rollback', signedBy: 'ada' })
    expect(state.items.find((i) => i.id === 'mlts-1')).toMatchObject({ signedBy: 'bob', area: 'Data' })
    expect(state.gates).toEqual([{ id: 'g1', kind: 'metric', metric: 'val_f1', op: '>=', threshold: 0.92 }])
    recordDecision(a, 'ck', { by: 'u1', byName: 'Ada', at: '2026-11-26T11:00:00Z', gates: [{ label: 'x', holds: true, detail: 'ok' }], items: [] })
    expect(readChecklist(a, 'ck').decision).toMatchObject({ byName: 'Ada' })
  })
})

describe('model card', () => {
  it('prefills metrics and data from the linked runs and flags empty required sections', () => {
    const d = new Y.Doc()
    writeRun(d, 'log', 'r1', { name: 'baseline', metrics: { val_f1: 0.9 }, dataset: { name: 'churn', version: 'v3' } }, 'create')
    writeRun(d, 'log', 'r2', { name: 'bigger', metrics: { val_f1: 0.93 }, dataset: { name: 'churn', version: 'v3' } }, 'create')
    const live = prefill(readRuns(d, 'log'), 'val_f1')
    expect(live.metrics).toMatch(/Best run "bigger" by val_f1: val_f1 = 0.93 \(2 runs compared\)/)
    expect(live.evaluationData).toBe('Evaluated on churn v3.')
    expect(missingSections({ details: 'v2 by the churn team', intendedUse: '' }, live)).toEqual(['intendedUse', 'ethics'])
    expect(missingSections({}, {})).toEqual(['details', 'intendedUse', 'metrics', 'evaluationData', 'trainingData', 'ethics'])
  })
})
