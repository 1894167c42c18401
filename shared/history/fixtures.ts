import type { JsonNode } from '../api/docs.ts'
import { TASK_NODE } from '../blocks/task.ts'
import { CHECKLIST_BLOCK } from '../ml/checklist.ts'
import { MODEL_CARD_BLOCK } from '../ml/model-card.ts'
import { EXPERIMENT_BLOCK } from '../ml/runs.ts'
import { BLOCK_DATA_ATTR } from './block-data.ts'

/** Builders for the history tests: documents with every block kind, ML data as snapshots. */
export const doc = (...content: JsonNode[]): JsonNode => ({ type: 'doc', content })
export const task = (id: string, title: string, attrs: Record<string, unknown> = {}): JsonNode => ({
  type: TASK_NODE,
  attrs: { id, ...attrs },
  content: [{ type: 'text', text: title }],
})
export const run = (runId: string, metrics: Record<string, number> = {}, params: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
  runId,
  name: runId,
  start: '2026-12-01T10:00:00.000Z',
  status: 'finished',
  metrics,
  params,
  ...extra,
})
export const log = (id: string, runs: unknown[], attrs: Record<string, unknown> = {}): JsonNode => ({
  type: EXPERIMENT_BLOCK,
  attrs: { id, metric: 'val_f1', ...attrs, [BLOCK_DATA_ATTR]: { runs } },
})
export const checklist = (id: string, items: { id: string; text: string; signedBy?: string | null }[], decision: unknown = null): JsonNode => ({
  type: CHECKLIST_BLOCK,
  attrs: { id, [BLOCK_DATA_ATTR]: { items: items.map((i) => ({ required: true, signedBy: null, ...i })), gates: [], decision } },
})
export const card = (
  id: string,
  sections: Record<string, string>,
  links: { blockId: string; runId: string }[] = [],
  attrs: Record<string, unknown> = {},
): JsonNode => ({
  type: MODEL_CARD_BLOCK,
  attrs: { id, runsBlock: 'runs', metric: 'val_f1', ...attrs, [BLOCK_DATA_ATTR]: { sections, links } },
})
