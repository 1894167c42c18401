import * as Y from 'yjs'
import { z } from 'zod'

/**
 * Experiment runs as structured data inside the document, in ONE root map,
 * `doc.getMap('experiments')`, with flat keys: `<block>␁<run>␁f␁<field>`, `…␁p␁<param>` and
 * `…␁m␁<metric>␁<step>` (␁ = U+0001, which no id may contain). Flat on purpose: nested Y.Maps
 * created concurrently by two writers (a script and an offline editor) replace each other, and
 * one side's runs or points would be lost; distinct keys in one root map always merge. A run
 * posted twice writes the same keys (idempotent by run id); a step written twice keeps one value.
 */
export const EXPERIMENTS_MAP = 'experiments'
export const EXPERIMENT_BLOCK = 'experimentLog'
const SEP = '\u0001'

export const RUN_STATUSES = ['running', 'finished', 'failed', 'killed'] as const
export type RunStatus = (typeof RUN_STATUSES)[number]

const RunId = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9_.:\-/]+$/, 'letters, digits and _ . : - / only')
const Key = z.string().min(1).max(100)
const Point = z.object({ step: z.number().int().min(0).max(1e9), value: z.number().finite() })
/** A metric is one number (the final value) or points per step. */

/**
 * Bounds on one request, so what it writes into the document stays a small multiple of the
 * body. Runs are stored under flat keys (`<block>␁<run>␁m␁<metric>␁<step>`), so thousands of tiny
 * entries under long ids would turn a 1 MiB body into a 30 MB update. A training script sends
 * its steps as it goes; 10,000 points per request is far more than a step's worth.
 */
export const MAX_POINTS_PER_REQUEST = 10_000
export const MAX_PARAMS_PER_RUN = 500
export const MAX_METRICS_PER_REQUEST = 200
const pointsIn = (metrics: Record<string, number | unknown[]>): number =>
  Object.values(metrics).reduce<number>((n, v) => n + (Array.isArray(v) ? v.length : 1), 0)
const MetricValue = z.union([z.number().finite(), z.array(Point).max(MAX_POINTS_PER_REQUEST)])

export const RunInput = z.object({
  runId: RunId,
  name: z.string().max(200).optional(),
  start: z.string().datetime({ offset: true }).optional(),
  end: z.string().datetime({ offset: true }).optional(),
  commit: z.string().max(100).optional(),
  dataset: z.object({ name: z.string().min(1).max(200), version: z.string().max(100).optional() }).optional(),
  params: z
    .record(Key, z.union([z.string().max(1000), z.number().finite(), z.boolean()]))
    .refine((p) => Object.keys(p).length <= MAX_PARAMS_PER_RUN, `at most ${MAX_PARAMS_PER_RUN} params`)
    .optional(),
  metrics: z
    .record(Key, MetricValue)
    .refine((m) => Object.keys(m).length <= MAX_METRICS_PER_REQUEST, `at most ${MAX_METRICS_PER_REQUEST} metrics per request`)
    .refine((m) => pointsIn(m) <= MAX_POINTS_PER_REQUEST, `at most ${MAX_POINTS_PER_REQUEST} metric points per request: send long series in several requests`)
    .optional(),
  status: z.enum(RUN_STATUSES).optional(),
  tags: z.array(z.string().min(1).max(50)).max(50).optional(),
  notes: z.string().max(10_000).optional(),
  trackerUrl: z
    .string()
    .url()
    .max(2000)
    .refine((u) => /^https?:\/\//.test(u), 'only http(s) URLs')
    .optional(),
})
export type RunInput = z.infer<typeof RunInput>

/**
 * `PATCH …/runs/:runId`: append metric points as training goes on; a step given twice keeps the
 * last value. `archived: true` hides the run from the block's table and chart (and from
 * comparisons and gates) without deleting it; `archived: false` brings it back.
 */
export const RunPatch = RunInput.omit({ runId: true }).partial().extend({ archived: z.boolean().optional() })
export type RunPatch = z.infer<typeof RunPatch>

export interface Run {
  runId: string
  name: string
  start: string | null
  end: string | null
  commit: string | null
  dataset: { name: string; version?: string } | null
  params: Record<string, string | number | boolean>
  /** Points per metric, by step. */
  series: Record<string, { step: number; value: number }[]>
  /** The last point of each metric: what tables sort by. */
  metrics: Record<string, number>
  status: RunStatus
  tags: string[]
  notes: string
  trackerUrl: string | null
  /** When an editor archived it (hidden by default), or null. */
  archivedAt: string | null
}

export const experimentsOf = (doc: Y.Doc): Y.Map<unknown> => doc.getMap<unknown>(EXPERIMENTS_MAP)

const key = (...parts: (string | number)[]): string => parts.join(SEP)

/** Creates or updates a run (idempotent by run id); metric points are added or replaced by step. */
export function writeRun(doc: Y.Doc, blockId: string, runId: string, input: RunPatch, mode: 'create' | 'patch'): void {
  const map = experimentsOf(doc)
  const set = (k: string, v: unknown) => {
    if (JSON.stringify(map.get(k)) !== JSON.stringify(v)) map.set(k, v)
  }
  doc.transact(() => {
    if (!map.has(key(blockId, runId, 'f', 'start'))) {
      set(key(blockId, runId, 'f', 'start'), input.start ?? new Date().toISOString())
      if (!input.status) set(key(blockId, runId, 'f', 'status'), 'running')
    }
    for (const field of ['name', 'start', 'end', 'commit', 'status', 'notes', 'trackerUrl', 'dataset', 'tags'] as const) {
      const v = input[field]
      if (v !== undefined) set(key(blockId, runId, 'f', field), field === 'tags' ? [...new Set(v as string[])] : v)
    }
    if (input.archived === true && !map.has(key(blockId, runId, 'f', 'archivedAt'))) set(key(blockId, runId, 'f', 'archivedAt'), new Date().toISOString())
    if (input.archived === false && map.has(key(blockId, runId, 'f', 'archivedAt'))) map.delete(key(blockId, runId, 'f', 'archivedAt'))
    for (const [name, v] of Object.entries(input.params ?? {})) set(key(blockId, runId, 'p', name), v)
    for (const [name, value] of Object.entries(input.metrics ?? {})) {
      if (typeof value === 'number' && mode === 'create') {
        // The final value of a run posted whole: it replaces any earlier points of that metric.
        const prefix = key(blockId, runId, 'm', name) + SEP
        for (const k of [...map.keys()]) if (k.startsWith(prefix) && k !== prefix + '0') map.delete(k)
      }
      const points = typeof value === 'number' ? [{ step: 0, value }] : value
      for (const p of points) set(key(blockId, runId, 'm', name, p.step), p.value)
    }
  })
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null)

/** The runs of one block, tolerant of malformed entries, newest start first. */
export function readRuns(doc: Y.Doc, blockId: string): Run[] {
  const prefix = blockId + SEP
  const raw = new Map<string, { fields: Map<string, unknown>; params: Map<string, unknown>; points: Map<string, { step: number; value: number }[]> }>()
  experimentsOf(doc).forEach((value, k) => {
    if (!k.startsWith(prefix)) return
    const [, runId, kind, name, step] = k.split(SEP)
    if (!runId || !name) return
    let run = raw.get(runId)
    if (!run) raw.set(runId, (run = { fields: new Map(), params: new Map(), points: new Map() }))
    if (kind === 'f') run.fields.set(name, value)
    else if (kind === 'p' && ['string', 'number', 'boolean'].includes(typeof value)) run.params.set(name, value)
    else if (kind === 'm' && typeof value === 'number' && step !== undefined && Number.isFinite(Number(step))) {
      run.points.set(name, [...(run.points.get(name) ?? []), { step: Number(step), value }])
    }
  })
  const out: Run[] = []
  for (const [runId, r] of raw) {
    if (!r.fields.has('start')) continue
    const series: Run['series'] = {}
    const metrics: Run['metrics'] = {}
    for (const [name, points] of r.points) {
      points.sort((a, b) => a.step - b.step)
      series[name] = points
      metrics[name] = points[points.length - 1]!.value
    }
    const dataset = r.fields.get('dataset') as { name?: unknown; version?: unknown } | undefined
    const status = r.fields.get('status')
    const tags = r.fields.get('tags')
    out.push({
      runId,
      name: str(r.fields.get('name')) ?? runId,
      start: str(r.fields.get('start')),
      end: str(r.fields.get('end')),
      commit: str(r.fields.get('commit')),
      dataset: typeof dataset?.name === 'string' ? { name: dataset.name, ...(typeof dataset.version === 'string' ? { version: dataset.version } : {}) } : null,
      params: Object.fromEntries(r.params) as Run['params'],
      series,
      metrics,
      status: (RUN_STATUSES as readonly unknown[]).includes(status) ? (status as RunStatus) : 'running',
      tags: Array.isArray(tags) ? tags.filter((t): t is string => typeof t === 'string') : [],
      notes: str(r.fields.get('notes')) ?? '',
      trackerUrl: str(r.fields.get('trackerUrl')),
      archivedAt: str(r.fields.get('archivedAt')),
    })
  }
  return out.sort((a, b) => (b.start ?? '').localeCompare(a.start ?? '') || a.runId.localeCompare(b.runId))
}

/** Whether a run exists, in O(1) (every run has a start). */
export function hasRun(doc: Y.Doc, blockId: string, runId: string): boolean {
  return experimentsOf(doc).has(key(blockId, runId, 'f', 'start'))
}

/**
 * Deletes a run: every key under `<block>␁<run>␁` (fields, params, every metric point) in one
 * transaction, so peers see it vanish at once. Returns whether the run existed. Keys left under
 * the run by a concurrent writer that had not seen the deletion have no `start` and are not shown.
 */
export function deleteRun(doc: Y.Doc, blockId: string, runId: string): boolean {
  const map = experimentsOf(doc)
  const prefix = key(blockId, runId) + SEP
  const existed = hasRun(doc, blockId, runId)
  const doomed = [...map.keys()].filter((k) => k.startsWith(prefix))
  if (doomed.length > 0) doc.transact(() => doomed.forEach((k) => map.delete(k)))
  return existed
}

/** Every block id that has runs in this document. */
export function blocksWithRuns(doc: Y.Doc): Set<string> {
  const out = new Set<string>()
  experimentsOf(doc).forEach((_v, k) => out.add(k.split(SEP)[0]!))
  return out
}

/** The best run by a metric (higher is better unless `lowerIsBetter`), optionally on one dataset. */
export function bestRun(
  runs: readonly Run[],
  metric: string,
  options: { lowerIsBetter?: boolean; dataset?: { name: string; version?: string } } = {},
): Run | null {
  let best: Run | null = null
  for (const r of runs) {
    const v = r.metrics[metric]
    if (v === undefined) continue
    if (
      options.dataset &&
      (r.dataset?.name !== options.dataset.name || (options.dataset.version !== undefined && r.dataset?.version !== options.dataset.version))
    )
      continue
    if (!best || (options.lowerIsBetter ? v < best.metrics[metric]! : v > best.metrics[metric]!)) best = r
  }
  return best
}
