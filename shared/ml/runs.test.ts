import { describe, expect, it } from 'vitest'
import { MAX_METRICS_PER_REQUEST, MAX_PARAMS_PER_RUN, MAX_POINTS_PER_REQUEST, RunInput, RunPatch } from './runs.ts'

const points = (n: number) => Array.from({ length: n }, (_, step) => ({ step, value: step / n }))

describe('run ingest bounds: what one request may write stays a small multiple of its body', () => {
  it('accepts what training scripts send: a run with params and a long series in one request', () => {
    const run = RunInput.parse({ runId: 'r1', params: { lr: 3e-4, optimizer: 'adamw' }, metrics: { loss: points(MAX_POINTS_PER_REQUEST - 1), val_f1: 0.91 } })
    expect(run.metrics?.loss).toHaveLength(MAX_POINTS_PER_REQUEST - 1)
  })

  it('refuses thousands of tiny entries (each becomes its own key under the run id) with a message that says what to do', () => {
    const manyParams = Object.fromEntries(Array.from({ length: MAX_PARAMS_PER_RUN + 1 }, (_, i) => [`p${i}`, i]))
    expect(RunInput.safeParse({ runId: 'r1', params: manyParams }).success).toBe(false)
    const manyMetrics = Object.fromEntries(Array.from({ length: MAX_METRICS_PER_REQUEST + 1 }, (_, i) => [`m${i}`, i]))
    expect(RunPatch.safeParse({ metrics: manyMetrics }).success).toBe(false)
    // Points are counted across metrics, not per metric.
    const split = RunPatch.safeParse({ metrics: { a: points(MAX_POINTS_PER_REQUEST / 2), b: points(MAX_POINTS_PER_REQUEST / 2 + 1) } })
    expect(split.success).toBe(false)
    expect(split.error?.issues[0]?.message).toContain('send long series in several requests')
  })
})
