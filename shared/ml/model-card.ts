import type * as Y from 'yjs'
import { bestRun, type Run } from './runs.ts'

/**
 * Model Cards (Mitchell et al., "Model Cards for Model Reporting", FAT* 2019): nine sections.
 * The card's prose lives in the document; the metrics and data sections are prefilled from the
 * linked experiment runs and stay live: they are recomputed whenever the runs change.
 */
export const MODEL_CARD_BLOCK = 'modelCard'
/**
 * The card's written text lives in one root map with flat keys `<block>␁<section>` (␁ = U+0001),
 * the same merge-safe scheme as runs and checklists: two people editing different sections of
 * one card never conflict; the same section is last-writer-wins.
 */
export const MODEL_CARDS_MAP = 'modelCards'
const SEP = '\u0001'

export const MODEL_CARD_SECTIONS = [
  { key: 'details', title: 'Model details', required: true, hint: 'Who built it, when, version, type of model, license, contact.' },
  { key: 'intendedUse', title: 'Intended use', required: true, hint: 'Primary uses and users; uses that are out of scope.' },
  { key: 'factors', title: 'Factors', required: false, hint: 'Groups, instruments and environments the evaluation covers.' },
  { key: 'metrics', title: 'Metrics', required: true, hint: 'Which metrics, why, decision thresholds, variation.' },
  { key: 'evaluationData', title: 'Evaluation data', required: true, hint: 'Datasets, why chosen, preprocessing.' },
  { key: 'trainingData', title: 'Training data', required: true, hint: 'As much as can be shared; distribution, preprocessing.' },
  { key: 'quantitative', title: 'Quantitative analyses', required: false, hint: 'Unitary and intersectional results.' },
  { key: 'ethics', title: 'Ethical considerations', required: true, hint: 'Sensitive data, risks and mitigations, use cases to avoid.' },
  { key: 'caveats', title: 'Caveats and recommendations', required: false, hint: 'What was not tested, known limitations.' },
] as const

export type SectionKey = (typeof MODEL_CARD_SECTIONS)[number]['key']

/** Text the card shows for the live sections, from the linked runs (best run by `metric`). */
export function prefill(runs: readonly Run[], metric: string | null): Partial<Record<SectionKey, string>> {
  if (runs.length === 0) return {}
  const best = metric ? bestRun(runs, metric) : runs[0]!
  const datasets = [...new Set(runs.map((r) => (r.dataset ? `${r.dataset.name}${r.dataset.version ? ` ${r.dataset.version}` : ''}` : null)).filter(Boolean))]
  const out: Partial<Record<SectionKey, string>> = {}
  if (best) {
    const shown = Object.entries(best.metrics)
      .map(([k, v]) => `${k} = ${Number(v.toPrecision(4))}`)
      .join(', ')
    out.metrics = `Best run "${best.name}"${metric ? ` by ${metric}` : ''}: ${shown || 'no metrics yet'} (${runs.length} run${runs.length === 1 ? '' : 's'} compared).`
    if (best.dataset) out.evaluationData = `Evaluated on ${best.dataset.name}${best.dataset.version ? ` ${best.dataset.version}` : ''}.`
  }
  if (datasets.length > 0) out.trainingData = `Runs used: ${datasets.join(', ')}.`
  return out
}

/** Required sections with neither written text nor a live prefill: the card flags them. */
export function missingSections(written: Partial<Record<SectionKey, string>>, live: Partial<Record<SectionKey, string>>): SectionKey[] {
  return MODEL_CARD_SECTIONS.filter((s) => s.required && !(written[s.key]?.trim() || live[s.key]?.trim())).map((s) => s.key)
}

const isSection = (k: string): k is SectionKey => MODEL_CARD_SECTIONS.some((s) => s.key === k)

/** The written text of one card, by section (sections never written are absent). */
export function readCard(doc: Y.Doc, blockId: string): Partial<Record<SectionKey, string>> {
  const prefix = blockId + SEP
  const out: Partial<Record<SectionKey, string>> = {}
  doc.getMap<unknown>(MODEL_CARDS_MAP).forEach((value, k) => {
    if (!k.startsWith(prefix) || typeof value !== 'string') return
    const section = k.slice(prefix.length)
    if (isSection(section)) out[section] = value
  })
  return out
}

/** Writes one section's text; writing what is already there changes nothing. */
export function writeSection(doc: Y.Doc, blockId: string, section: SectionKey, text: string): void {
  const map = doc.getMap<unknown>(MODEL_CARDS_MAP)
  const k = blockId + SEP + section
  if (map.get(k) !== text) map.set(k, text)
}

/** Whether a change to the cards map touched this block (observers skip other cards). */
export const isCardKey = (blockId: string, key: string): boolean => key.startsWith(blockId + SEP)

/**
 * A run the card describes, by the experiment log (block) it was logged in and its id: any log of
 * the project, not only one on the card's page. Stored in the same map as the text, one flat key
 * per link (`<card>␁run␁<block>␁<run>` → true), so two people linking runs offline both keep theirs.
 */
export interface RunLink {
  blockId: string
  runId: string
}
const LINK = 'run'
const linkKey = (cardId: string, link: RunLink): string => [cardId, LINK, link.blockId, link.runId].join(SEP)

/** Links a run to the card; linking it again changes nothing. */
export function linkRun(doc: Y.Doc, cardId: string, link: RunLink): void {
  const map = doc.getMap<unknown>(MODEL_CARDS_MAP)
  const k = linkKey(cardId, link)
  if (map.get(k) !== true) map.set(k, true)
}

/** Unlinks a run from the card. */
export function unlinkRun(doc: Y.Doc, cardId: string, link: RunLink): void {
  const map = doc.getMap<unknown>(MODEL_CARDS_MAP)
  const k = linkKey(cardId, link)
  if (map.has(k)) map.delete(k)
}

/** The runs linked to one card, in a stable order (by block, then run). */
export function readRunLinks(doc: Y.Doc, cardId: string): RunLink[] {
  const prefix = cardId + SEP + LINK + SEP
  const out: RunLink[] = []
  doc.getMap<unknown>(MODEL_CARDS_MAP).forEach((value, k) => {
    if (value !== true || !k.startsWith(prefix)) return
    const parts = k.slice(prefix.length).split(SEP)
    if (parts.length === 2 && parts[0] && parts[1]) out.push({ blockId: parts[0], runId: parts[1] })
  })
  return out.sort((a, b) => (a.blockId === b.blockId ? (a.runId < b.runId ? -1 : 1) : a.blockId < b.blockId ? -1 : 1))
}

export const sameLink = (a: RunLink, b: RunLink): boolean => a.blockId === b.blockId && a.runId === b.runId

/**
 * The runs a card describes, out of the project's runs (each with the log it came from): every
 * run of the card's whole log (`runsBlock`, if it has one) and each run linked by (block, run).
 * A link to a run that no longer exists is skipped; a run is counted once.
 */
export function linkedRuns<R extends Run & { blockId: string }>(runs: readonly R[], runsBlock: string | null, links: readonly RunLink[]): R[] {
  // An archived run is one the team chose not to count: it describes no model.
  return runs.filter((r) => !r.archivedAt && (r.blockId === runsBlock || links.some((l) => l.blockId === r.blockId && l.runId === r.runId)))
}
