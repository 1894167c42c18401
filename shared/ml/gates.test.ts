import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { type ChecklistItem, evaluateGate, type Gate, readiness } from './gates.ts'
import { ML_TEST_SCORE } from './ml-test-score.ts'
import { bestRun, readRuns, writeRun } from './runs.ts'

const item = (text: string, signed: boolean, required = true): ChecklistItem => ({
  id: text,
  text,
  required,
  owner: null,
  signedBy: signed ? 'u1' : null,
  signedAt: signed ? '2026-11-26T10:00:00Z' : null,
  evidence: null,
})

describe('experiment runs in a Y.Doc', () => {
  it('writes runs idempotently, appends metric points by step, and merges two writers', () => {
    const a = new Y.Doc()
    writeRun(a, 'log1', 'run-1', { name: 'baseline', params: { lr: 3e-4 }, metrics: { val_f1: 0.88 }, dataset: { name: 'churn', version: 'v3' } }, 'create')
    writeRun(a, 'log1', 'run-1', { name: 'baseline', params: { lr: 3e-4 }, metrics: { val_f1: 0.88 } }, 'create')
    expect(readRuns(a, 'log1')).toHaveLength(1)
    const b = new Y.Doc()
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    writeRun(
      a,
      'log1',
      'run-1',
      {
        metrics: {
          loss: [
            { step: 1, value: 0.9 },
            { step: 2, value: 0.7 },
          ],
        },
      },
      'patch',
    )
    writeRun(b, 'log1', 'run-1', { metrics: { loss: [{ step: 3, value: 0.5 }] }, status: 'finished' }, 'patch')
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b))
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    const [ra, rb] = [readRuns(a, 'log1')[0]!, readRuns(b, 'log1')[0]!]
    expect(ra).toEqual(rb)
    expect(ra.series.loss!.map((p) => p.step)).toEqual([1, 2, 3])
    expect(ra.metrics).toEqual({ val_f1: 0.88, loss: 0.5 })
    expect(ra.status).toBe('finished')
    // The same step again keeps one point, with the last value.
    writeRun(a, 'log1', 'run-1', { metrics: { loss: [{ step: 3, value: 0.45 }] } }, 'patch')
    expect(readRuns(a, 'log1')[0]!.series.loss).toHaveLength(3)
    expect(readRuns(a, 'log1')[0]!.metrics.loss).toBe(0.45)
  })

  it('two writers creating the same run at once, offline, lose nothing (no nested-map race)', () => {
    const a = new Y.Doc()
    const b = new Y.Doc()
    writeRun(a, 'log', 'sweep-7', { params: { lr: 0.001 }, metrics: { loss: [{ step: 1, value: 1.0 }] } }, 'patch')
    writeRun(b, 'log', 'sweep-7', { params: { batch: 64 }, metrics: { loss: [{ step: 2, value: 0.8 }], acc: [{ step: 2, value: 0.7 }] } }, 'patch')
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b))
    const run = readRuns(a, 'log')[0]!
    expect(run.params).toEqual({ lr: 0.001, batch: 64 })
    expect(run.series.loss!.map((p) => p.step)).toEqual([1, 2])
    expect(run.metrics.acc).toBe(0.7)
  })

  it('finds the best run by a metric, per dataset, higher or lower is better', () => {
    const d = new Y.Doc()
    writeRun(d, 'b', 'r1', { metrics: { f1: 0.9, latency: 40 }, dataset: { name: 'churn', version: 'v2' } }, 'create')
    writeRun(d, 'b', 'r2', { metrics: { f1: 0.93, latency: 55 }, dataset: { name: 'churn', version: 'v3' } }, 'create')
    writeRun(d, 'b', 'r3', { metrics: { f1: 0.91, latency: 35 }, dataset: { name: 'churn', version: 'v3' } }, 'create')
    const runs = readRuns(d, 'b')
    expect(bestRun(runs, 'f1')!.runId).toBe('r2')
    expect(bestRun(runs, 'latency', { lowerIsBetter: true })!.runId).toBe('r3')
    expect(bestRun(runs, 'f1', { dataset: { name: 'churn', version: 'v2' } })!.runId).toBe('r1')
    expect(bestRun(runs, 'auc')).toBeNull()
  })
})

describe('deployment gates (table)', () => {
  const d = new Y.Doc()
  writeRun(d, 'b', 'r1', { metrics: { val_f1: 0.91 }, dataset: { name: 'churn', version: 'v3' } }, 'create')
  writeRun(d, 'b', 'r2', { metrics: { val_f1: 0.95 }, dataset: { name: 'churn', version: 'v2' } }, 'create')
  const runs = readRuns(d, 'b')
  const tasks = [
    { id: 't1', title: 'Holdout eval', status: 'done' as const, stage: 'evaluation' as const },
    { id: 't2', title: 'Bias audit', status: 'in_progress' as const, stage: 'evaluation' as const },
    { id: 't3', title: 'Canary', status: 'cancelled' as const, stage: 'deployment' as const },
  ]
  const cases: [string, Gate, boolean, RegExp][] = [
    ['evaluation tasks, one open', { kind: 'tasks', stage: 'evaluation' }, false, /1 of 2 evaluation tasks open: Bias audit/],
    ['deployment tasks, only a cancelled one', { kind: 'tasks', stage: 'deployment' }, false, /no deployment tasks/],
    [
      'val_f1 ≥ 0.92 on churn v3 (best is 0.91)',
      { kind: 'metric', metric: 'val_f1', op: '>=', threshold: 0.92, dataset: { name: 'churn', version: 'v3' } },
      false,
      /best val_f1 = 0.91/,
    ],
    ['val_f1 ≥ 0.92 on any dataset (0.95 on v2)', { kind: 'metric', metric: 'val_f1', op: '>=', threshold: 0.92 }, true, /0.95/],
    ['latency ≤ 50 with no run reporting it', { kind: 'metric', metric: 'latency_p95', op: '<=', threshold: 50 }, false, /no run reports latency_p95/],
  ]
  for (const [name, gate, holds, detail] of cases) {
    it(name, () => {
      const r = evaluateGate(gate, { tasks, runs })
      expect(r.holds).toBe(holds)
      expect(r.detail).toMatch(detail)
    })
  }

  it('ready to ship only when every required item is signed and every gate holds', () => {
    const gates: Gate[] = [{ kind: 'metric', metric: 'val_f1', op: '>=', threshold: 0.9 }]
    const notYet = readiness([item('Rollback plan', false), item('Nice to have', false, false)], gates, { tasks, runs })
    expect(notYet.ready).toBe(false)
    expect(notYet.blockers).toEqual(['Not signed: Rollback plan'])
    expect(readiness([item('Rollback plan', true)], gates, { tasks, runs }).ready).toBe(true)
    expect(ML_TEST_SCORE).toHaveLength(28)
    expect(new Set(ML_TEST_SCORE.map((t) => t.area))).toEqual(new Set(['Data', 'Model', 'Infrastructure', 'Monitoring']))
  })
})
