import { NodeViewWrapper, type ReactNodeViewProps } from '@tiptap/react'
import { useState } from 'react'
import { readComparisonView } from '#shared/ml/blocks'
import { Link } from '../../../components/Link.tsx'
import { describeError } from '../../../lib/http.ts'
import { runsPagePath, useMlEnv } from '../env.tsx'
import { pickedRuns, togglePicked, type ProjectRun } from '../logic.ts'
import '../ml.css'
import { Comparison } from './Comparison.tsx'
import { ProjectRunTable } from './ProjectRunTable.tsx'
import { RunFilters, useProjectRuns, type CompareFilter } from './RunCompare.tsx'

/**
 * The run comparison block: the project's runs page, embedded. Its view (filters, sort, the runs
 * picked) is saved in the node's attrs, so everyone reading the document sees the same comparison
 * and changes sync like any edit. Editors change it; viewers see it read-only.
 */
export function RunComparisonView({ node, updateAttributes, selected, editor }: ReactNodeViewProps) {
  const env = useMlEnv()
  const editable = env.editable && editor.isEditable
  const view = readComparisonView(node.attrs)
  const { all, allRuns, listed, metrics, filter } = useProjectRuns(env.projectId, view)
  const compared = pickedRuns(allRuns, view.picked)
  // The list to pick from is open while fewer than two runs are picked, or on request.
  const [choosing, setChoosing] = useState(view.picked.length < 2)
  const runs = listed.data ?? []

  const setFilter = (patch: Partial<CompareFilter>) => updateAttributes(patch)
  const toggle = (r: ProjectRun) => updateAttributes({ picked: togglePicked(view.picked, r) })
  const comparePath = env.workspaceId && env.projectId ? runsPagePath(env.workspaceId, env.projectId) : null
  const showList = editable && (choosing || compared.length < 2)

  let body
  if (!env.projectId) {
    body = <p className="ml-muted">Run comparisons work in a project's pages: this document is not in a project.</p>
  } else if (all.error && !all.data) {
    body = (
      <p className="ml-muted" data-testid="runs-unavailable">
        These runs can't be shown right now: {describeError(all.error)}
      </p>
    )
  } else if (all.loading && !all.data) {
    body = <p className="ml-muted">Loading runs…</p>
  } else if (allRuns.length === 0) {
    body = (
      <div className="ml-empty ml-empty--small">
        <p className="ml-empty__title">No runs in this project yet</p>
        <p>Add an Experiment log block to a page and push runs to it with keel log-run.</p>
      </div>
    )
  } else {
    body = (
      <>
        {compared.length >= 2 ? (
          <Comparison runs={compared} {...(editable ? { onRemove: toggle } : {})} />
        ) : (
          <p className="ml-muted ml-small" data-testid="comparison-hint">
            {editable
              ? compared.length === 1
                ? 'Pick one more run to compare.'
                : 'Pick two or more runs below to compare them side by side.'
              : 'No runs picked for this comparison yet.'}
          </p>
        )}
        {view.picked.length > compared.length && (
          <p className="ml-muted ml-small">
            {view.picked.length - compared.length} picked run{view.picked.length - compared.length === 1 ? ' is' : 's are'} no longer in the project.
          </p>
        )}
        {showList && <ProjectRunTable runs={runs} metrics={metrics} metric={filter.metric} picked={view.picked} onToggle={toggle} />}
      </>
    )
  }

  return (
    <NodeViewWrapper
      className={`ml-block ml-run-compare${selected ? ' ml-block--selected' : ''}`}
      data-testid="run-comparison"
      data-picked={view.picked.join(' ')}
    >
      <header className="ml-block__head" contentEditable={false}>
        <div className="ml-block__title">
          <span className="ml-block__icon" aria-hidden="true">
            <svg viewBox="0 0 16 16" width="14" height="14">
              <path d="M2.5 3h4v10h-4zM9.5 3h4v10h-4z" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinejoin="round" />
            </svg>
          </span>
          <span>Run comparison</span>
          <span className="ml-block__count">
            {compared.length} of {allRuns.length} run{allRuns.length === 1 ? '' : 's'}
          </span>
        </div>
        {comparePath && (
          <Link href={comparePath} className="ml-link" data-testid="compare-link">
            All runs →
          </Link>
        )}
      </header>
      <div className="ml-block__body" contentEditable={false}>
        {env.projectId && allRuns.length > 0 && (
          <div className="ml-toolbar">
            <RunFilters runs={allRuns} metrics={metrics} filter={filter} {...(editable ? { onChange: setFilter } : {})} />
            <span className="ml-toolbar__spacer" />
            {editable && compared.length >= 2 && (
              <button type="button" className="ml-text-button" onClick={() => setChoosing((c) => !c)} data-testid="comparison-choose">
                {showList ? 'Done' : 'Change runs'}
              </button>
            )}
          </div>
        )}
        {body}
      </div>
    </NodeViewWrapper>
  )
}
