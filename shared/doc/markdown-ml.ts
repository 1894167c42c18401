import type { JsonNode } from '../api/docs.ts'
import { BLOCK_DATA_ATTR, cardOf, checklistOf, ownAttrs, runsOf } from '../history/block-data.ts'
import { readComparisonView, RUN_COMPARISON_BLOCK } from '../ml/blocks.ts'
import { CHECKLIST_BLOCK } from '../ml/checklist.ts'
import { MODEL_CARD_BLOCK, MODEL_CARD_SECTIONS } from '../ml/model-card.ts'
import { EXPERIMENT_BLOCK } from '../ml/runs.ts'
import { escapeText } from './markdown-inline.ts'

/**
 * The ML blocks as short readable sections. Their data comes from the snapshot `attachBlockData`
 * puts in the JSON; without it, the block's settings only (the Markdown says so, rather than
 * claiming the log is empty). Returns null for any other block.
 */
export function mlMarkdown(node: JsonNode): string | null {
  switch (node.type) {
    case EXPERIMENT_BLOCK:
      return experimentLog(node)
    case CHECKLIST_BLOCK:
      return checklist(node)
    case MODEL_CARD_BLOCK:
      return modelCard(node)
    case RUN_COMPARISON_BLOCK: {
      const v = readComparisonView(ownAttrs(node))
      const parts = [
        v.metric ? `by ${escapeText(v.metric)}${v.order ? ` (${v.order})` : ''}` : null,
        v.dataset ? `dataset ${escapeText(v.dataset)}` : null,
        v.tag ? `tag ${escapeText(v.tag)}` : null,
        v.picked.length ? `${v.picked.length} run${v.picked.length === 1 ? '' : 's'} picked` : null,
      ].filter(Boolean)
      return `**Run comparison**${parts.length ? `: ${parts.join(', ')}` : ''}`
    }
    default:
      return null
  }
}

const hasData = (node: JsonNode) => node.attrs?.[BLOCK_DATA_ATTR] !== undefined
const MAX_ROWS = 50
const MAX_METRICS = 5
const num = (v: number | undefined) => (v === undefined ? '' : String(Number(v.toPrecision(4))))
const cell = (s: string) => escapeText(s).replace(/\n/g, ' ')

/**
 * An experiment log's runs as a table of plain strings (archived runs left out): the log's own
 * metric first, then the ones most runs report, at most MAX_METRICS, at most MAX_ROWS rows, and
 * how many runs did not fit. Null when the JSON carries no data snapshot. Markdown and the HTML
 * export render it.
 */
export function experimentTable(node: JsonNode): { columns: string[]; rows: string[][]; more: number } | null {
  if (!hasData(node)) return null
  const metric = logMetric(node)
  const runs = runsOf(node).filter((r) => !r.archivedAt)
  const seen = new Map<string, number>()
  for (const r of runs) for (const k of Object.keys(r.metrics)) seen.set(k, (seen.get(k) ?? 0) + 1)
  const metrics = [...seen.keys()]
    .sort((a, b) => Number(b === metric) - Number(a === metric) || seen.get(b)! - seen.get(a)! || a.localeCompare(b))
    .slice(0, MAX_METRICS)
  const rows = runs.slice(0, MAX_ROWS).map((r) => [r.name, r.status, ...metrics.map((m) => num(r.metrics[m]))])
  return { columns: ['Run', 'Status', ...metrics], rows, more: Math.max(0, runs.length - MAX_ROWS) }
}

const logMetric = (node: JsonNode): string => {
  const metric = ownAttrs(node).metric
  return typeof metric === 'string' ? metric : ''
}

/** "Experiment log (by val_f1, higher is better)", plain text. */
export function experimentHeading(node: JsonNode): string {
  const metric = logMetric(node)
  return `Experiment log${metric ? ` (by ${metric}, ${ownAttrs(node).lowerIsBetter ? 'lower' : 'higher'} is better)` : ''}`
}

function experimentLog(node: JsonNode): string {
  const metric = logMetric(node)
  const head = `**Experiment log**${metric ? ` (by ${escapeText(metric)}, ${ownAttrs(node).lowerIsBetter ? 'lower' : 'higher'} is better)` : ''}`
  const t = experimentTable(node)
  if (!t) return head
  if (t.rows.length === 0) return `${head}\n\n_No runs yet._`
  const line = (cells: string[]) => `| ${cells.map(cell).join(' | ')} |`
  const table = [line(t.columns), `| ${t.columns.map(() => '---').join(' | ')} |`, ...t.rows.map(line)]
  if (t.more > 0) table.push('', `_…and ${t.more} more runs._`)
  return `${head}\n\n${table.join('\n')}`
}

function checklist(node: JsonNode): string {
  const head = '**Deployment checklist**'
  if (!hasData(node)) return head
  const c = checklistOf(node)
  const items = c.items.map(
    (i) => `- [${i.signedBy ? 'x' : ' '}] ${escapeText(i.text)}${i.signedBy ? ` — signed by ${escapeText(i.signedBy)}` : i.required ? '' : ' (optional)'}`,
  )
  const decision = c.decision
    ? `Decision: ready to ship — recorded by ${escapeText(c.decision.byName)}${c.decision.at ? ` on ${c.decision.at.slice(0, 10)}` : ''}`
    : 'Decision: not recorded yet'
  return [head, items.join('\n'), decision].filter((s) => s !== '').join('\n\n')
}

function modelCard(node: JsonNode): string {
  const attrs = ownAttrs(node)
  const settings = [
    typeof attrs.runsBlock === 'string' ? `runs from ${escapeText(attrs.runsBlock)}` : null,
    typeof attrs.metric === 'string' ? `best by ${escapeText(attrs.metric)}` : null,
  ].filter(Boolean)
  const head = `**Model card**${settings.length ? ` (${settings.join(', ')})` : ''}`
  if (!hasData(node)) return head
  const card = cardOf(node)
  const sections = MODEL_CARD_SECTIONS.flatMap((s) => {
    const text = card.sections[s.key]?.trim()
    return text ? [`**${s.title}:** ${escapeText(text).replace(/\n+/g, ' ')}`] : []
  })
  const links = card.links.length ? [`Linked runs: ${card.links.map((l) => escapeText(`${l.blockId}/${l.runId}`)).join(', ')}`] : []
  return [head, ...sections, ...links].join('\n\n')
}
