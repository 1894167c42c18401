import type { JsonNode } from '#shared/api/docs'
import { CHECKLIST_BLOCK, EXPERIMENT_BLOCK, MODEL_CARD_BLOCK, readComparisonView, RUN_COMPARISON_BLOCK } from '#shared/ml/blocks'

/**
 * An ML block as a one-line summary. Its data (runs, checklist items, card sections) lives in the
 * document's maps, not in the block, so the compare view names the block and its settings and
 * leaves what changed inside it to the entry's run and field changes.
 */
const ML_NAMES: Record<string, string> = {
  [EXPERIMENT_BLOCK]: 'Experiment log',
  [CHECKLIST_BLOCK]: 'Deployment checklist',
  [MODEL_CARD_BLOCK]: 'Model card',
  [RUN_COMPARISON_BLOCK]: 'Run comparison',
}

export const isMlBlock = (type: string): boolean => type in ML_NAMES
export const mlBlockName = (type: string): string | undefined => ML_NAMES[type]

function details(node: JsonNode): string[] {
  const a = node.attrs ?? {}
  const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null)
  switch (node.type) {
    case EXPERIMENT_BLOCK: {
      const metric = str(a.metric)
      const runs = Array.isArray(a.runs) ? a.runs.length : null
      return [
        metric && `ranked by ${metric} (${a.lowerIsBetter === true || a.lowerIsBetter === 'true' ? 'lower' : 'higher'} is better)`,
        a.sweep === true || a.sweep === 'true' ? 'sweep' : null,
        runs === null ? null : runs === 1 ? '1 run' : `${runs} runs`,
      ].filter((x): x is string => !!x)
    }
    case MODEL_CARD_BLOCK:
      return [str(a.metric) && `headline metric ${str(a.metric)}`].filter((x): x is string => !!x)
    case CHECKLIST_BLOCK:
      return [a.init === 'ml-test-score' ? 'ML Test Score' : null].filter((x): x is string => !!x)
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
      <span className="cv-ml__name">{ML_NAMES[node.type]}</span>
      {parts.length > 0 && <span className="cv-ml__meta">{parts.join(' · ')}</span>}
    </div>
  )
}
