import type * as Y from 'yjs'
import type { JsonNode } from '../api/docs.ts'
import { CHECKLIST_BLOCK, readChecklist } from '../ml/checklist.ts'
import { MODEL_CARD_BLOCK, readCard, readRunLinks, type RunLink, type SectionKey } from '../ml/model-card.ts'
import { EXPERIMENT_BLOCK, readRuns, type Run } from '../ml/runs.ts'

/**
 * The ML blocks keep their data (runs, checklist items, card text) in the document's root maps,
 * not in the XmlFragment, so `fragmentToJson` alone shows an experiment log as `{ id, metric }`.
 * A version's JSON for diffing and Markdown carries a snapshot of that data in a reserved attr,
 * `attrs[BLOCK_DATA_ATTR]`, put there by `attachBlockData` from the version's Y.Doc. It is not a
 * node attr: strip it (`stripBlockData`) before writing JSON back into a fragment (restore) or
 * into an editor, and never let a client set it.
 */
export const BLOCK_DATA_ATTR = 'keelData'

/** A run as the diff and Markdown see it: final metric values, no per-step series (bounded size). */
export type RunSnapshot = Omit<Run, 'series'>

export interface ChecklistSnapshot {
  items: { id: string; text: string; required: boolean; signedBy: string | null }[]
  gates: { id: string; kind: string }[]
  decision: { by: string; byName: string; at: string } | null
}

export interface CardSnapshot {
  sections: Partial<Record<SectionKey, string>>
  links: RunLink[]
}

/** Returns `doc` with each ML block's data snapshot in its attrs (a copy; the input is untouched). */
export function attachBlockData(json: JsonNode, ydoc: Y.Doc): JsonNode {
  return {
    ...json,
    content: (json.content ?? []).map((block) => {
      const id = block.attrs?.id
      if (typeof id !== 'string') return block
      const data = snapshotOf(block.type, ydoc, id)
      return data ? { ...block, attrs: { ...block.attrs, [BLOCK_DATA_ATTR]: data } } : block
    }),
  }
}

function snapshotOf(type: string, ydoc: Y.Doc, id: string): unknown {
  if (type === EXPERIMENT_BLOCK) return { runs: readRuns(ydoc, id).map(({ series: _series, ...run }) => run) }
  if (type === CHECKLIST_BLOCK) {
    const s = readChecklist(ydoc, id)
    return {
      items: s.items.map((i) => ({ id: i.id, text: i.text, required: i.required, signedBy: i.signedBy })),
      gates: s.gates.map((g) => ({ id: g.id, kind: g.kind })),
      decision: s.decision ? { by: s.decision.by, byName: s.decision.byName, at: s.decision.at } : null,
    } satisfies ChecklistSnapshot
  }
  if (type === MODEL_CARD_BLOCK) return { sections: readCard(ydoc, id), links: readRunLinks(ydoc, id) } satisfies CardSnapshot
  return null
}

/** The document without data snapshots: what a fragment holds. */
export function stripBlockData(json: JsonNode): JsonNode {
  return {
    ...json,
    content: (json.content ?? []).map((block) => {
      if (!block.attrs || !(BLOCK_DATA_ATTR in block.attrs)) return block
      const { [BLOCK_DATA_ATTR]: _data, ...attrs } = block.attrs
      const out: JsonNode = { ...block, attrs }
      if (Object.keys(attrs).length === 0) delete out.attrs
      return out
    }),
  }
}

/** Block attrs without the data snapshot: the block's own settings. */
export function ownAttrs(block: JsonNode): Record<string, unknown> {
  const { [BLOCK_DATA_ATTR]: _data, ...attrs } = block.attrs ?? {}
  return attrs
}

const record = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {})
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : [])
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null)
const data = (block: JsonNode) => record(block.attrs?.[BLOCK_DATA_ATTR])

/** The runs in an experiment log's snapshot, tolerant of anything (the JSON may be old or hand-made). */
export function runsOf(block: JsonNode): RunSnapshot[] {
  return list(data(block).runs).flatMap((raw): RunSnapshot[] => {
    const r = record(raw)
    const runId = str(r.runId)
    if (!runId) return []
    const metrics = Object.fromEntries(Object.entries(record(r.metrics)).filter(([, v]) => typeof v === 'number')) as Record<string, number>
    const params = Object.fromEntries(Object.entries(record(r.params)).filter(([, v]) => ['string', 'number', 'boolean'].includes(typeof v)))
    const dataset = record(r.dataset)
    return [
      {
        runId,
        name: str(r.name) ?? runId,
        start: str(r.start),
        end: str(r.end),
        commit: str(r.commit),
        dataset: typeof dataset.name === 'string' ? { name: dataset.name, ...(typeof dataset.version === 'string' ? { version: dataset.version } : {}) } : null,
        params: params as RunSnapshot['params'],
        metrics,
        status: (str(r.status) ?? 'running') as RunSnapshot['status'],
        tags: list(r.tags).filter((t): t is string => typeof t === 'string'),
        notes: str(r.notes) ?? '',
        trackerUrl: str(r.trackerUrl),
        archivedAt: str(r.archivedAt),
      },
    ]
  })
}

export function checklistOf(block: JsonNode): ChecklistSnapshot {
  const d = data(block)
  const decision = record(d.decision)
  return {
    items: list(d.items).flatMap((raw) => {
      const i = record(raw)
      const id = str(i.id)
      const text = str(i.text)
      return id && text !== null ? [{ id, text, required: i.required !== false, signedBy: str(i.signedBy) }] : []
    }),
    gates: list(d.gates).flatMap((raw) => {
      const g = record(raw)
      const id = str(g.id)
      return id ? [{ id, kind: str(g.kind) ?? '' }] : []
    }),
    decision: typeof decision.by === 'string' ? { by: decision.by, byName: str(decision.byName) ?? decision.by, at: str(decision.at) ?? '' } : null,
  }
}

export function cardOf(block: JsonNode): CardSnapshot {
  const d = data(block)
  const sections = Object.fromEntries(Object.entries(record(d.sections)).filter(([, v]) => typeof v === 'string')) as CardSnapshot['sections']
  const links = list(d.links).flatMap((raw) => {
    const l = record(raw)
    const blockId = str(l.blockId)
    const runId = str(l.runId)
    return blockId && runId ? [{ blockId, runId }] : []
  })
  return { sections, links }
}
