import { NodeViewWrapper, type ReactNodeViewProps } from '@tiptap/react'
import { useCallback, useEffect, useMemo, useState } from 'react'
import type { ProjectRun } from '#shared/api/ml'
import type { HubDoc } from '#shared/api/hub'
import { linkedRuns, linkRun, MODEL_CARD_SECTIONS, missingSections, prefill, unlinkRun, writeSection } from '#shared/ml/model-card'
import { EXPERIMENT_BLOCK, type Run } from '#shared/ml/runs'
import { api } from '../../../lib/http.ts'
import { projectApi, useMlEnv } from '../env.tsx'
import { useCard, useDocChanges, useRunLinks, useRuns } from '../hooks.ts'
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

const NO_PROJECT_RUNS: ProjectRun[] = []

/**
 * Every run of the project, with the log and page it was logged in, and the pages' titles: what
 * the card's pickers offer. Fetched on open, every 30 s, and a moment after this document changes
 * (a run posted to a log on this page).
 */
function useProjectRuns(): { runs: ProjectRun[]; titles: Map<string, string> } {
  const env = useMlEnv()
  const [runs, setRuns] = useState<ProjectRun[]>(NO_PROJECT_RUNS)
  const [titles, setTitles] = useState<Map<string, string>>(() => new Map())
  const [tick, setTick] = useState(0)
  const again = useCallback(() => setTick((t) => t + 1), [])
  useDocChanges(env.doc, again, 1500)
  useEffect(() => {
    if (!env.projectId) return
    const abort = new AbortController()
    const base = projectApi(env.projectId)
    api<ProjectRun[]>(`${base}/runs`, { signal: abort.signal }).then(setRuns, () => {})
    api<HubDoc[]>(`${base}/docs`, { signal: abort.signal }).then(
      (docs) => setTitles(new Map(docs.map((d) => [d.id, d.title]))),
      () => {},
    )
    const timer = setTimeout(again, 30_000)
    return () => {
      clearTimeout(timer)
      abort.abort()
    }
  }, [env.projectId, tick, again])
  return { runs, titles }
}

/**
 * The runs the card describes: the whole of its log (`runsBlock`: live from this document when the
 * log is here) and each run linked by (log, run) from any experiment log of the project.
 */
function useLinkedRuns(cardId: string | null, runsBlock: string | null, project: ProjectRun[]): Run[] {
  const env = useMlEnv()
  const local = useRuns(env.doc, runsBlock)
  const links = useRunLinks(env.doc, cardId)
  return useMemo(() => {
    const fromProject = linkedRuns(project, runsBlock, links)
    const counted = local.filter((r) => !r.archivedAt)
    if (counted.length === 0) return fromProject
    // This page's log is read live; the project's list may be a moment behind it.
    return [...counted, ...fromProject.filter((r) => r.blockId !== runsBlock)]
  }, [project, runsBlock, links, local])
}

/** The project's experiment logs (blocks with runs), each with its page and runs, for the pickers. */
function logsOfProject(runs: readonly ProjectRun[]): { blockId: string; docId: string; runs: ProjectRun[] }[] {
  const byBlock = new Map<string, { blockId: string; docId: string; runs: ProjectRun[] }>()
  for (const r of runs) {
    const log = byBlock.get(r.blockId) ?? { blockId: r.blockId, docId: r.docId, runs: [] }
    log.runs.push(r)
    byBlock.set(r.blockId, log)
  }
  return [...byBlock.values()]
}

/** The model card block: nine sections, three prefilled live from the linked runs, gaps flagged. */
export function ModelCardView({ node, editor, updateAttributes, selected }: ReactNodeViewProps) {
  const env = useMlEnv()
  const id = typeof node.attrs.id === 'string' ? node.attrs.id : null
  const runsBlock = typeof node.attrs.runsBlock === 'string' && node.attrs.runsBlock ? node.attrs.runsBlock : null
  const metric = typeof node.attrs.metric === 'string' && node.attrs.metric ? node.attrs.metric : null
  const written = useCard(env.doc, id)
  const project = useProjectRuns()
  const links = useRunLinks(env.doc, id)
  const runs = useLinkedRuns(id, runsBlock, project.runs)
  const live = useMemo(() => prefill(runs, metric), [runs, metric])
  const missing = missingSections(written, live)
  const logs = logsInDoc(editor)
  const projectLogs = logsOfProject(project.runs)
  const otherLogs = projectLogs.filter((l) => !logs.some((here) => here.id === l.blockId))
  const logLabel = (l: { docId: string; runs: unknown[] }) =>
    `${project.titles.get(l.docId) ?? 'Another page'} (${l.runs.length} run${l.runs.length === 1 ? '' : 's'})`
  const isLinked = (r: ProjectRun) => links.some((l) => l.blockId === r.blockId && l.runId === r.runId)
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
                {runsBlock && !logs.some((l) => l.id === runsBlock) && !otherLogs.some((l) => l.blockId === runsBlock) && (
                  <option value={runsBlock}>{runsBlock} (another page)</option>
                )}
                {logs.map((l, i) => (
                  <option key={l.id} value={l.id}>
                    Experiment log on this page{logs.length > 1 ? ` ${i + 1}` : ''}
                  </option>
                ))}
                {otherLogs.map((l) => (
                  <option key={l.blockId} value={l.blockId}>
                    {logLabel(l)}
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
          {env.editable && env.doc && id ? (
            <details className="ml-card__picker" data-testid="card-run-picker">
              <summary className="ml-muted ml-small" data-testid="card-linked-count">
                {runs.length} linked run{runs.length === 1 ? '' : 's'}
              </summary>
              <div className="ml-card__picker-list">
                {projectLogs.length === 0 && <p className="ml-muted ml-small">No runs in this project yet.</p>}
                {projectLogs.map((l) => (
                  <fieldset key={l.blockId} className="ml-card__picker-log">
                    <legend>{project.titles.get(l.docId) ?? 'Experiment log'}</legend>
                    {l.runs.map((r) => {
                      const whole = r.blockId === runsBlock
                      return (
                        <label key={r.runId} className="ml-card__picker-run">
                          <input
                            type="checkbox"
                            checked={whole || isLinked(r)}
                            disabled={whole}
                            data-testid={`card-link-${r.runId}`}
                            onChange={(e) => env.doc && id && (e.target.checked ? linkRun : unlinkRun)(env.doc, id, { blockId: r.blockId, runId: r.runId })}
                          />
                          <span>{r.name || r.runId}</span>
                          {metric && r.metrics[metric] !== undefined && (
                            <span className="ml-muted">
                              {metric} {Number(r.metrics[metric].toPrecision(4))}
                            </span>
                          )}
                          {whole && <span className="ml-muted">(whole log)</span>}
                        </label>
                      )
                    })}
                  </fieldset>
                ))}
              </div>
            </details>
          ) : (
            <span className="ml-muted ml-small" data-testid="card-linked-count">
              {runs.length} linked run{runs.length === 1 ? '' : 's'}
            </span>
          )}
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
                  <span className="ml-card__live-label">Prefilled from runs, live</span>
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
