import * as Y from 'yjs'
import type { ChecklistItem, Gate, GateResult } from './gates.ts'
import { ML_TEST_SCORE } from './ml-test-score.ts'

/**
 * A deployment checklist's state inside the document, in one root map with flat keys (the same
 * merge-safe scheme as experiment runs): `<block>␁item␁<id>` → item, `<block>␁gate␁<id>` → gate,
 * `<block>␁decision` → the recorded ship decision.
 */
export const CHECKLISTS_MAP = 'checklists'
export const CHECKLIST_BLOCK = 'deploymentChecklist'
const SEP = '\u0001'

export interface ShipDecision {
  by: string
  byName: string
  at: string
  /** The state of every gate when the decision was made. */
  gates: { label: string; holds: boolean; detail: string }[]
  items: { text: string; signedBy: string | null }[]
  /** Brought in by a Keel-JSON import (`by` is who imported it): who the file said decided, and when. */
  importedFrom?: { userId: string; at: string }
}

export interface ChecklistState {
  items: (ChecklistItem & { area: string | null; order: number })[]
  gates: (Gate & { id: string })[]
  decision: ShipDecision | null
}

const mapOf = (doc: Y.Doc) => doc.getMap<unknown>(CHECKLISTS_MAP)

export function readChecklist(doc: Y.Doc, blockId: string): ChecklistState {
  const prefix = blockId + SEP
  const state: ChecklistState = { items: [], gates: [], decision: null }
  mapOf(doc).forEach((value, k) => {
    if (!k.startsWith(prefix) || !value || typeof value !== 'object') return
    const [, kind, id] = k.split(SEP)
    const v = value as Record<string, unknown>
    if (kind === 'item' && id && typeof v.text === 'string') {
      state.items.push({
        id,
        text: v.text,
        required: v.required !== false,
        owner: typeof v.owner === 'string' ? v.owner : null,
        signedBy: typeof v.signedBy === 'string' ? v.signedBy : null,
        signedAt: typeof v.signedAt === 'string' ? v.signedAt : null,
        evidence: typeof v.evidence === 'string' ? v.evidence : null,
        area: typeof v.area === 'string' ? v.area : null,
        order: typeof v.order === 'number' ? v.order : 0,
      })
    } else if (kind === 'gate' && id && (v.kind === 'tasks' || v.kind === 'metric')) {
      state.gates.push({ ...(v as unknown as Gate), id })
    } else if (kind === 'decision' && typeof v.by === 'string') {
      state.decision = v as unknown as ShipDecision
    }
  })
  state.items.sort((a, b) => a.order - b.order || a.id.localeCompare(b.id))
  state.gates.sort((a, b) => a.id.localeCompare(b.id))
  return state
}

export function putItem(doc: Y.Doc, blockId: string, id: string, item: Partial<ChecklistItem> & { text: string; area?: string | null; order?: number }): void {
  const k = [blockId, 'item', id].join(SEP)
  const current = (mapOf(doc).get(k) ?? {}) as Record<string, unknown>
  mapOf(doc).set(k, { ...current, ...item })
}

export function putGate(doc: Y.Doc, blockId: string, id: string, gate: Gate): void {
  mapOf(doc).set([blockId, 'gate', id].join(SEP), { ...gate })
}

export function recordDecision(doc: Y.Doc, blockId: string, decision: ShipDecision): void {
  mapOf(doc).set([blockId, 'decision'].join(SEP), decision)
}

/** Adds the 28 tests of the ML Test Score rubric as required items (existing ones are kept). */
export function addMlTestScore(doc: Y.Doc, blockId: string): void {
  doc.transact(() => {
    ML_TEST_SCORE.forEach((t, i) => {
      const id = `mlts-${i + 1}`
      if (!mapOf(doc).has([blockId, 'item', id].join(SEP))) putItem(doc, blockId, id, { text: t.text, area: t.area, required: true, order: 1000 + i })
    })
  })
}

export const decisionGates = (results: readonly GateResult[], label: (g: Gate) => string) =>
  results.map((r) => ({ label: label(r.gate), holds: r.holds, detail: r.detail }))

/** Every block id with checklist state in this document. */
export function checklistBlocks(doc: Y.Doc): Set<string> {
  const out = new Set<string>()
  mapOf(doc).forEach((_v, k) => out.add(k.split(SEP)[0]!))
  return out
}

export function removeGate(doc: Y.Doc, blockId: string, id: string): void {
  mapOf(doc).delete([blockId, 'gate', id].join(SEP))
}

export function removeItem(doc: Y.Doc, blockId: string, id: string): void {
  mapOf(doc).delete([blockId, 'item', id].join(SEP))
}
