import { NodeViewWrapper, type ReactNodeViewProps } from '@tiptap/react'
import { useEffect, useMemo, useState } from 'react'
import { addMlTestScore } from '#shared/ml/checklist'
import { ML_TEST_SCORE } from '#shared/ml/ml-test-score'
import { api } from '../../../lib/http.ts'
import { BlockIdHint } from '../BlockIdHint.tsx'
import { projectApi, useMlEnv } from '../env.tsx'
import { useChecklist, useMembers, useReadiness } from '../hooks.ts'
import '../ml.css'
import { ChecklistItems, signOffOf, type SignOffs } from './ChecklistItems.tsx'
import { Gates } from './Gates.tsx'
import { ShipPanel } from './ShipPanel.tsx'

/** The deployment checklist block: sign-offs by area, gates, the verdict and the recorded decision. */
export function ChecklistView({ node, selected }: ReactNodeViewProps) {
  const env = useMlEnv()
  const id = typeof node.attrs.id === 'string' ? node.attrs.id : null
  const state = useChecklist(env.doc, id)
  const { data, error, refresh } = useReadiness(env.doc, env.projectId, id)
  const members = useMembers(env.workspaceId, [...state.items.flatMap((i) => [i.signedBy, i.owner]), data?.unverifiedDecision?.by ?? null])
  const [metricHints, setMetricHints] = useState<string[]>([])

  useEffect(() => {
    if (!env.projectId || !env.editable) return
    const abort = new AbortController()
    api<{ metrics: Record<string, number> }[]>(`${projectApi(env.projectId)}/runs`, { signal: abort.signal }).then(
      (runs) => setMetricHints([...new Set(runs.flatMap((r) => Object.keys(r.metrics)))].sort()),
      () => {},
    )
    return () => abort.abort()
  }, [env.projectId, env.editable])

  const base = env.projectId && id ? `${projectApi(env.projectId)}/checklists/${encodeURIComponent(id)}` : null
  // Sign-offs count only as the server vouches for them (its answer), never as the document says.
  const signOffs = useMemo<SignOffs>(
    () => ({
      verified: data ? new Map(data.items.map((i) => [i.id, i])) : null,
      signPath: base ? (itemId) => `${base}/items/${encodeURIComponent(itemId)}/signoff` : null,
      onChanged: refresh,
    }),
    [data, base, refresh],
  )
  const required = state.items.filter((i) => i.required)
  const signed = required.filter((i) => signOffOf(i, signOffs.verified).signedBy).length
  const hasRubric = state.items.filter((i) => i.id.startsWith('mlts-')).length === ML_TEST_SCORE.length
  const shipPath = base ? `${base}/ship` : null

  return (
    <NodeViewWrapper className={`ml-block ml-checklist${selected ? ' ml-block--selected' : ''}`} data-testid="deployment-checklist" data-block-id={id ?? ''}>
      <header className="ml-block__head" contentEditable={false}>
        <div className="ml-block__title">
          <span className="ml-block__icon" aria-hidden="true">
            <svg viewBox="0 0 16 16" width="14" height="14">
              <path
                d="M3 4.5l1.5 1.5L7 3.5M3 10.5l1.5 1.5L7 9.5M9.5 5h4M9.5 11h4"
                fill="none"
                stroke="currentColor"
                strokeWidth="1.6"
                strokeLinecap="round"
                strokeLinejoin="round"
              />
            </svg>
          </span>
          <span>Deployment checklist</span>
          <span className="ml-block__count">
            {signed}/{required.length} required signed
          </span>
        </div>
        <div className="ml-progress" aria-hidden="true">
          <div className="ml-progress__bar" style={{ width: `${required.length ? (signed / required.length) * 100 : 0}%` }} />
        </div>
      </header>
      <div className="ml-block__body" contentEditable={false}>
        <ShipPanel
          shipPath={shipPath}
          readiness={data}
          error={error}
          editable={env.editable}
          onChanged={refresh}
          nameOf={(u) => members.find((m) => m.userId === u)?.name ?? 'a member'}
        />
        {env.doc && id && (
          <Gates doc={env.doc} blockId={id} gates={state.gates} results={data?.gates ?? null} editable={env.editable} metricHints={metricHints} />
        )}
        {env.editable && env.doc && id && !hasRubric && (
          <div className="ml-rubric-offer">
            <div>
              <strong>ML Test Score</strong>
              <span className="ml-muted">
                {' '}
                · 28 tests for production readiness (Breck et al., 2017) in four areas: data, model, infrastructure, monitoring.
              </span>
            </div>
            <button type="button" className="ml-button" onClick={() => addMlTestScore(env.doc!, id)} data-testid="add-ml-test-score">
              Add ML Test Score items
            </button>
          </div>
        )}
        {env.doc && id && (
          <ChecklistItems doc={env.doc} blockId={id} items={state.items} me={env.me} members={members} editable={env.editable} signOffs={signOffs} />
        )}
        <BlockIdHint id={id} command={null} />
      </div>
    </NodeViewWrapper>
  )
}
