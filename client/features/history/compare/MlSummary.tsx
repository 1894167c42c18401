import type { JsonNode } from '#shared/api/docs'
import { CHECKLIST_BLOCK, EXPERIMENT_BLOCK, MODEL_CARD_BLOCK, readComparisonView, RUN_COMPARISON_BLOCK } from '#shared/ml/blocks'
import { MODEL_CARD_SECTIONS } from '#shared/ml/model-card'
import { BLOCK_DATA_ATTR as DATA_ATTR } from '#shared/history/block-data'
import { mlBlockName } from './block-names.ts'

/**
 * An ML block as a one-line summary. Its data (runs, checklist items, card sections) lives in the
 * document's maps, not in the block; the server puts a snapshot of it in the block's attrs for
 * history (`BLOCK_DATA_ATTR`), read loosely here: it may be absent (an old version) or partial.
 */
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : [])
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`

function details(node: JsonNode): string[] {
  const a = node.attrs ?? {}
  const data = (a[DATA_ATTR] ?? {}) as { runs?: unknown; items?: unknown; decision?: unknown; sections?: unknown; links?: unknown }
  const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null)
  switch (node.type) {
    case EXPERIMENT_BLOCK: {
      const metric = str(a.metric)
      const runs = Array.isArray(data.runs) ? data.runs.length : null
      return [
        metric && `ranked by ${metric} (${a.lowerIsBetter === true || a.lowerIsBetter === 'true' ? 'lower' : 'higher'} is better)`,
        a.sweep === true || a.sweep === 'true' ? 'sweep' : null,
        runs === null ? null : plural(runs, 'run'),
      ].filter((x): x is string => !!x)
    }
    case MODEL_CARD_BLOCK: {
      const sections =
        data.sections && typeof data.sections === 'object' ? Object.values(data.sections).filter((v) => typeof v === 'string' && v.trim() !== '') : null
      return [
        str(a.metric) && `headline metric ${str(a.metric)}`,
        sections && `${sections.length} of ${MODEL_CARD_SECTIONS.length} sections written`,
        Array.isArray(data.links) && data.links.length > 0 ? plural(data.links.length, 'linked run') : null,
      ].filter((x): x is string => !!x)
    }
    case CHECKLIST_BLOCK: {
      const items = list(data.items)
      const signed = items.filter((i) => typeof (i as { signedBy?: unknown })?.signedBy === 'string').length
      return [
        a.init === 'ml-test-score' ? 'ML Test Score' : null,
        items.length > 0 ? `${signed} of ${items.length} signed off` : null,
        data.decision ? 'ship decision recorded' : null,
      ].filter((x): x is string => !!x)
    }
    case RUN_COMPARISON_BLOCK: {
      const view = readComparisonView(a)
      return [
        view.dataset && `dataset ${view.dataset}`,
        view.tag && `tag ${view.tag}`,
        view.metric && `by ${view.metric}`,
        view.picked.length > 0 ? `${view.picked.length} runs picked` : null,
      ].filter((x): x is string => !!x)
    }
    default:
      return []
  }
}

export function MlSummary({ node }: { node: JsonNode }) {
  const parts = details(node)
  return (
    <div className={`cv-ml cv-ml--${node.type}`}>
      <span className="cv-ml__icon" aria-hidden="true">
        {node.type === EXPERIMENT_BLOCK ? '⌁' : node.type === CHECKLIST_BLOCK ? '☑' : node.type === MODEL_CARD_BLOCK ? '▤' : '⇄'}
      </span>
      <span className="cv-ml__name">{mlBlockName(node.type)}</span>
      {parts.length > 0 && <span className="cv-ml__meta">{parts.join(' · ')}</span>}
    </div>
  )
}
