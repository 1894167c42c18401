import { NodeViewWrapper, type ReactNodeViewProps } from '@tiptap/react'
import { useEffect, useMemo, useState } from 'react'
import { MODEL_CARD_SECTIONS, missingSections, prefill, writeSection } from '#shared/ml/model-card'
import { EXPERIMENT_BLOCK, type Run } from '#shared/ml/runs'
import { api } from '../../../lib/http.ts'
import { projectApi, useMlEnv } from '../env.tsx'
import { useCard, useRuns } from '../hooks.ts'
import '../ml.css'
import { SectionField } from './SectionField.tsx'

/** Experiment logs in this document, for the "runs from" picker. */
function logsInDoc(editor: ReactNodeViewProps['editor']): { id: string; metric: string }[] {
  const out: { id: string; metric: string }[] = []
  editor.state.doc.descendants((n) => {
    if (n.type.name === EXPERIMENT_BLOCK && typeof n.attrs.id === 'string') out.push({ id: n.attrs.id, metric: String(n.attrs.metric ?? '') })
    return !n.isTextblock && !n.isAtom
  })
  return out
}

/**
 * Runs of the linked experiment log: live from this document when the log is here; else (a log
 * in another document of the project) from the API, every 30 s.
 */
function useLinkedRuns(runsBlock: string | null): Run[] {
  const env = useMlEnv()
  const local = useRuns(env.doc, runsBlock)
  const [remote, setRemote] = useState<Run[]>([])
  useEffect(() => {
    if (local.length > 0 || !runsBlock || !env.projectId) return
    let abort = new AbortController()
    const load = () => {
      abort = new AbortController()
      api<Run[]>(`${projectApi(env.projectId!)}/experiments/${encodeURIComponent(runsBlock)}/runs`, { signal: abort.signal }).then(setRemote, () => {})
    }
    load()
    const timer = setInterval(load, 30_000)
    return () => {
      clearInterval(timer)
      abort.abort()
    }
  }, [local.length, runsBlock, env.projectId])
  return local.length > 0 ? local : remote
}

/** The model card block: nine sections, three prefilled live from the linked runs, gaps flagged. */
export function ModelCardView({ node, editor, updateAttributes, selected }: ReactNodeViewProps) {
  const env = useMlEnv()
  const id = typeof node.attrs.id === 'string' ? node.attrs.id : null
  const runsBlock = typeof node.attrs.runsBlock === 'string' && node.attrs.runsBlock ? node.attrs.runsBlock : null
  const metric = typeof node.attrs.metric === 'string' && node.attrs.metric ? node.attrs.metric : null
  const written = useCard(env.doc, id)
  const runs = useLinkedRuns(runsBlock)
  const live = useMemo(() => prefill(runs, metric), [runs, metric])
  const missing = missingSections(written, live)
  const logs = logsInDoc(editor)
  const requiredCount = MODEL_CARD_SECTIONS.filter((s) => s.required).length

  return (
    <NodeViewWrapper
      className={`ml-block ml-card${selected ? ' ml-block--selected' : ''}`}
      data-testid="model-card"
      data-block-id={id ?? ''}
      data-missing={missing.length}
    >
      <header className="ml-block__head" contentEditable={false}>
        <div className="ml-block__title">
          <span className="ml-block__icon" aria-hidden="true">
            <svg viewBox="0 0 16 16" width="14" height="14">
              <rect x="2.5" y="2" width="11" height="12" rx="2" fill="none" stroke="currentColor" strokeWidth="1.5" />
              <path d="M5 5.5h6M5 8h6M5 10.5h3.5" stroke="currentColor" strokeWidth="1.4" strokeLinecap="round" />
            </svg>
          </span>
          <span>Model card</span>
          <span className={`ml-block__count${missing.length ? ' ml-block__count--warn' : ' ml-block__count--ok'}`} data-testid="card-status">
            {missing.length ? `${missing.length} of ${requiredCount} required sections empty` : 'All required sections written'}
          </span>
        </div>
        <div className="ml-toolbar">
          <label className="ml-field">
            <span>Runs from</span>
            {env.editable ? (
              <select value={runsBlock ?? ''} onChange={(e) => updateAttributes({ runsBlock: e.target.value || null })} data-testid="card-runs-block">
                <option value="">No experiment log</option>
                {runsBlock && !logs.some((l) => l.id === runsBlock) && <option value={runsBlock}>{runsBlock} (another page)</option>}
                {logs.map((l, i) => (
                  <option key={l.id} value={l.id}>
                    Experiment log {logs.length > 1 ? i + 1 : ''} ({l.id})
                  </option>
                ))}
              </select>
            ) : (
              <code>{runsBlock ?? 'none'}</code>
            )}
          </label>
          <label className="ml-field">
            <span>Best by</span>
            {env.editable ? (
              <input
                className="ml-input--metric"
                defaultValue={metric ?? ''}
                placeholder="val_f1"
                onBlur={(e) => e.target.value.trim() !== (metric ?? '') && updateAttributes({ metric: e.target.value.trim() || null })}
                aria-label="Metric"
              />
            ) : (
              <code>{metric ?? 'latest run'}</code>
            )}
          </label>
          <span className="ml-muted ml-small">
            {runs.length} linked run{runs.length === 1 ? '' : 's'}
          </span>
        </div>
      </header>
      <div className="ml-block__body ml-card__sections" contentEditable={false}>
        {MODEL_CARD_SECTIONS.map((s) => {
          const isMissing = missing.includes(s.key)
          const auto = live[s.key]
          return (
            <section
              key={s.key}
              className={`ml-card__section${isMissing ? ' ml-card__section--missing' : ''}`}
              data-testid={`card-section-${s.key}`}
              data-missing={isMissing || undefined}
            >
              <div className="ml-card__head">
                <h4>{s.title}</h4>
                {s.required ? (
                  <span className={`ml-chip${isMissing ? ' ml-chip--missing' : ''}`}>{isMissing ? 'Required · empty' : 'Required'}</span>
                ) : (
                  <span className="ml-chip ml-chip--optional">Optional</span>
                )}
              </div>
              {auto && (
                <div className="ml-card__live" data-testid={`card-live-${s.key}`}>
                  <span className="ml-live-dot" aria-hidden="true" />
                  <span className="ml-card__live-label">From the experiment log, live</span>
                  <span>{auto}</span>
                </div>
              )}
              <SectionField
                value={written[s.key] ?? ''}
                editable={env.editable && !!env.doc && !!id}
                placeholder={auto ? 'Add context to the live summary (optional)…' : s.hint}
                label={s.title}
                testId={`card-input-${s.key}`}
                onWrite={(text) => env.doc && id && writeSection(env.doc, id, s.key, text)}
              />
            </section>
          )
        })}
      </div>
    </NodeViewWrapper>
  )
}
