import { describe, expect, it } from 'vitest'
import { readComparisonView } from '#shared/ml/blocks'
import type { Run } from '#shared/ml/runs'
import {
  barData,
  bestPerMetric,
  differingParams,
  duration,
  effectiveSort,
  filterRuns,
  formatNumber,
  lowerIsBetterByName,
  metricNames,
  pickedRuns,
  runKey,
  runsQuery,
  shownStatus,
  sortRuns,
  visibleRuns,
  stepData,
  togglePicked,
  type ProjectRun,
} from './logic.ts'

const run = (runId: string, over: Partial<Run> = {}): Run => ({
  runId,
  name: runId,
  start: '2026-01-01T00:00:00Z',
  end: null,
  commit: null,
  dataset: null,
  params: {},
  series: {},
  metrics: {},
  status: 'finished',
  tags: [],
  notes: '',
  trackerUrl: null,
  archivedAt: null,
  ...over,
})

const a = run('a', {
  start: '2026-01-01T00:00:00Z',
  metrics: { f1: 0.8, loss: 0.3 },
  series: {
    loss: [
      { step: 0, value: 0.9 },
      { step: 10, value: 0.3 },
    ],
  },
  params: { lr: 0.001, opt: 'adam' },
  dataset: { name: 'churn', version: 'v3' },
  tags: ['baseline'],
})
const b = run('b', {
  start: '2026-01-02T00:00:00Z',
  metrics: { f1: 0.9 },
  series: { loss: [{ step: 5, value: 0.5 }] },
  params: { lr: 0.001, opt: 'sgd' },
  dataset: { name: 'churn', version: 'v4' },
})
const c = run('c', { start: '2026-01-03T00:00:00Z', metrics: { loss: 0.2 }, params: { lr: 0.01 }, tags: ['baseline', 'aug'] })

describe('experiment view logic', () => {
  it('lists metrics with the block metric first', () => {
    expect(metricNames([a, b, c], 'loss')).toEqual(['loss', 'f1'])
    expect(metricNames([a, b, c])).toEqual(['f1', 'loss'])
  })

  it('filters by dataset (name or name@version) and tag', () => {
    expect(filterRuns([a, b, c], { dataset: 'churn' }).map((r) => r.runId)).toEqual(['a', 'b'])
    expect(filterRuns([a, b, c], { dataset: 'churn@v4' }).map((r) => r.runId)).toEqual(['b'])
    expect(filterRuns([a, b, c], { tag: 'baseline' }).map((r) => r.runId)).toEqual(['a', 'c'])
    expect(filterRuns([a, b, c], { dataset: 'churn', tag: 'aug' })).toEqual([])
  })

  it('sorts by a metric with missing values last in both directions', () => {
    expect(sortRuns([a, b, c], { key: { kind: 'metric', metric: 'f1' }, dir: 'desc' }).map((r) => r.runId)).toEqual(['b', 'a', 'c'])
    expect(sortRuns([a, b, c], { key: { kind: 'metric', metric: 'f1' }, dir: 'asc' }).map((r) => r.runId)).toEqual(['a', 'b', 'c'])
    expect(sortRuns([a, b, c], { key: { kind: 'start' }, dir: 'desc' }).map((r) => r.runId)).toEqual(['c', 'b', 'a'])
  })

  it('builds bar and per-step chart data', () => {
    expect(barData([a, b, c], 'f1')).toEqual({ labels: ['a', 'b'], values: [0.8, 0.9], runIds: ['a', 'b'] })
    const steps = stepData([a, b, c], 'loss')
    expect(steps.steps).toEqual([0, 5, 10])
    expect(steps.series.map((s) => s.values)).toEqual([
      [0.9, null, 0.3],
      [null, 0.5, null],
    ])
  })

  it('finds differing params and the best run per metric', () => {
    expect([...differingParams([a, b])]).toEqual(['opt'])
    expect([...differingParams([a, b, c])].sort()).toEqual(['lr', 'opt'])
    const best = bestPerMetric([a, b, c], ['f1', 'loss'], lowerIsBetterByName)
    expect(best.get('f1')).toBe('b')
    expect(best.get('loss')).toBe('c')
  })

  it('formats numbers and durations for people', () => {
    expect(formatNumber(0.912345)).toBe('0.9123')
    expect(formatNumber(1200)).toBe('1,200')
    expect(formatNumber(0.00003)).toBe('3e-5')
    expect(formatNumber(0.000125)).toBe('1.25e-4')
    expect(duration('2026-01-01T00:00:00Z', '2026-01-01T01:02:03Z')).toBe('1h 2m')
    expect(duration(null, null)).toBe('')
  })
})

describe('the project run comparison', () => {
  const prun = (blockId: string, runId: string): ProjectRun => ({ ...run(runId), blockId, docId: 'd1' })
  const runs = [prun('b1', 'r1'), prun('b1', 'r2'), prun('b2', 'r1')]

  it('picks runs by key (block/run), in the order picked; a bare run id matches its first run', () => {
    expect(pickedRuns(runs, ['b2/r1', 'b1/r2']).map(runKey)).toEqual(['b2/r1', 'b1/r2'])
    expect(pickedRuns(runs, ['r1', 'gone/r9']).map(runKey)).toEqual(['b1/r1'])
    expect(pickedRuns(runs, ['b1/r1', 'r1']).map(runKey)).toEqual(['b1/r1'])
  })

  it('toggles a run in and out of the picked keys', () => {
    let picked = togglePicked([], runs[0]!)
    picked = togglePicked(picked, runs[2]!)
    expect(picked).toEqual(['b1/r1', 'b2/r1'])
    expect(togglePicked(picked, runs[0]!)).toEqual(['b2/r1'])
    expect(togglePicked(['r2'], runs[1]!)).toEqual([])
  })

  it('asks the server for a filter and a sort; the sort defaults to the first metric in its usual direction', () => {
    expect(runsQuery({})).toBe('')
    expect(runsQuery({ dataset: 'churn@v2', tag: 'baseline', metric: 'val_loss', order: 'asc' })).toBe(
      '?dataset=churn%40v2&tag=baseline&metric=val_loss&order=asc',
    )
    expect(effectiveSort(['val_loss', 'val_f1'], '', '')).toEqual({ metric: 'val_loss', order: 'asc' })
    expect(effectiveSort(['val_loss', 'val_f1'], 'val_f1', '')).toEqual({ metric: 'val_f1', order: 'desc' })
    expect(effectiveSort([], '', '')).toEqual({ metric: '', order: 'desc' })
  })

  it('reads a saved view from node attrs, whatever they hold', () => {
    expect(readComparisonView({ dataset: 'churn', tag: null, metric: 'val_f1', order: 'asc', picked: ['b1/r1', 'b1/r1', 3, ''] })).toEqual({
      dataset: 'churn',
      tag: '',
      metric: 'val_f1',
      order: 'asc',
      picked: ['b1/r1'],
    })
    expect(readComparisonView({ picked: '["b1/r1","b2/r1"]', order: 'sideways' })).toEqual({
      dataset: '',
      tag: '',
      metric: '',
      order: '',
      picked: ['b1/r1', 'b2/r1'],
    })
    expect(readComparisonView({ picked: 'not json' }).picked).toEqual([])
  })
})

describe('run hygiene in the table', () => {
  it('a run left "running" with no metric shows "No metrics", not a Running that never ends', () => {
    expect(shownStatus(run('x', { status: 'running' }))).toBe('no-metrics')
    expect(shownStatus(run('x', { status: 'running', metrics: { loss: 0.4 } }))).toBe('running')
    expect(shownStatus(run('x', { status: 'failed' }))).toBe('failed')
  })

  it('archived runs are hidden unless shown', () => {
    const runs = [run('a'), run('b', { archivedAt: '2026-01-02T00:00:00Z' })]
    expect(visibleRuns(runs, false).map((r) => r.runId)).toEqual(['a'])
    expect(visibleRuns(runs, true).map((r) => r.runId)).toEqual(['a', 'b'])
  })
})
