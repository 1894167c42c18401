import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  MAX_METRICS_PER_REQUEST,
  MAX_PARAMS_PER_RUN,
  MAX_POINTS_PER_REQUEST,
  RunInput,
  RunPatch,
  deleteRun,
  experimentsOf,
  readRuns,
  writeRun,
} from './runs.ts'

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

describe('deleting and archiving a run', () => {
  const logged = () => {
    const doc = new Y.Doc()
    writeRun(doc, 'b1', 'r1', { name: 'baseline', params: { lr: 3e-4 }, metrics: { loss: [1, 2, 3].map((step) => ({ step, value: 1 / step })) } }, 'create')
    writeRun(doc, 'b1', 'r2', { metrics: { loss: 0.5 } }, 'create')
    // The same run id in another block of the document, and a run id that starts like r1.
    writeRun(doc, 'b2', 'r1', { metrics: { loss: 0.4 } }, 'create')
    writeRun(doc, 'b1', 'r1x', { metrics: { loss: 0.3 } }, 'create')
    return doc
  }

  it('removes every key of the run (fields, params, each metric point) in one transaction, and nothing else', () => {
    const doc = logged()
    const before = experimentsOf(doc).size
    let transactions = 0
    doc.on('afterTransaction', () => transactions++)
    expect(deleteRun(doc, 'b1', 'r1')).toBe(true)
    expect(transactions).toBe(1)
    expect([...experimentsOf(doc).keys()].filter((k) => k.startsWith('b1\u0001r1\u0001'))).toEqual([])
    // start, status, name, one param, three points.
    expect(experimentsOf(doc).size).toBe(before - 7)
    expect(new Set(readRuns(doc, 'b1').map((r) => r.runId))).toEqual(new Set(['r2', 'r1x']))
    expect(readRuns(doc, 'b2').map((r) => r.runId)).toEqual(['r1'])
    // Deleting again is a no-op that says so.
    expect(deleteRun(doc, 'b1', 'r1')).toBe(false)
    expect(transactions).toBe(1)
  })

  it('archives and unarchives through a patch, without touching the run otherwise', () => {
    const doc = logged()
    writeRun(doc, 'b1', 'r2', { archived: true }, 'patch')
    const archived = readRuns(doc, 'b1').find((r) => r.runId === 'r2')!
    expect(archived.archivedAt).toMatch(/^\d{4}-/)
    expect(archived.metrics).toEqual({ loss: 0.5 })
    writeRun(doc, 'b1', 'r2', { archived: true }, 'patch')
    expect(readRuns(doc, 'b1').find((r) => r.runId === 'r2')!.archivedAt).toBe(archived.archivedAt)
    writeRun(doc, 'b1', 'r2', { archived: false }, 'patch')
    expect(readRuns(doc, 'b1').find((r) => r.runId === 'r2')!.archivedAt).toBeNull()
    expect(RunPatch.safeParse({ archived: 'yes' }).success).toBe(false)
  })
})
