import { useEffect, useState } from 'react'
import { describeError } from '../../lib/http.ts'
import type { ProjectView } from '../../lib/api-types.ts'
import { hubPath } from '../../lib/router.ts'
import { useApi } from '../../lib/use-api.ts'
import { EmptyState, PageShell } from '../../components/PageShell.tsx'
import { Comparison } from '../../blocks/ml/compare/Comparison.tsx'
import { ProjectRunTable } from '../../blocks/ml/compare/ProjectRunTable.tsx'
import { RunFilters, useProjectRuns, type CompareChoice } from '../../blocks/ml/compare/RunCompare.tsx'
import { projectApi } from '../../blocks/ml/env.tsx'
import { pickedRuns, togglePicked, type ProjectRun } from '../../blocks/ml/logic.ts'
import '../../blocks/ml/ml.css'

/**
 * `/w/:ws/p/:project/runs`: every run of the project's experiment logs. Filter by dataset and tag
 * and sort by a metric (the server does both), pick runs, and compare their params and metrics
 * side by side: differing params and the best value of each metric stand out. The same pieces
 * make the embeddable comparison block (RunComparisonView), whose view is saved in the document.
 */
export function RunsComparePage({ workspaceId, projectId }: { workspaceId: string; projectId: string }) {
  const project = useApi<ProjectView>(projectApi(projectId))
  const [chosen, setChosen] = useState<CompareChoice>({ dataset: '', tag: '', metric: '', order: '' })
  const [picked, setPicked] = useState<string[]>([])
  const { all, allRuns, listed, metrics, filter } = useProjectRuns(projectId, chosen)
  useEffect(() => {
    document.title = `Runs · ${project.data?.name ?? 'Project'} · Keel`
  }, [project.data?.name])

  const runs = listed.data ?? []
  const compared = pickedRuns(allRuns, picked)
  const toggle = (r: ProjectRun) => setPicked((p) => togglePicked(p, r))
  const topBar = { workspaceId, crumbs: project.data ? [{ label: project.data.name, href: hubPath(workspaceId, projectId) }, { label: 'Runs' }] : [] }

  if (all.error && !all.data) {
    return (
      <PageShell topBar={topBar}>
        <EmptyState title="These runs can't be shown right now" testId="runs-unavailable">
          <p>{describeError(all.error)}</p>
        </EmptyState>
      </PageShell>
    )
  }
  return (
    <PageShell topBar={topBar} testId="runs-page">
      <div className="ml-compare">
        <header className="ml-compare__header">
          <h1 className="screen__title">Runs</h1>
          <p className="ml-muted">Every run pushed to this project's experiment logs. Pick two or more to compare them side by side.</p>
        </header>
        <div className="ml-toolbar ml-compare__filters">
          <RunFilters runs={allRuns} metrics={metrics} filter={filter} onChange={(patch) => setChosen((c) => ({ ...c, ...patch }))} />
          <span className="ml-toolbar__spacer" />
          <span className="ml-muted ml-small">
            {runs.length} run{runs.length === 1 ? '' : 's'}
            {picked.length > 0 && ` · ${picked.length} picked`}
          </span>
          {picked.length > 0 && (
            <button type="button" className="ml-text-button" onClick={() => setPicked([])}>
              Clear
            </button>
          )}
        </div>

        {compared.length >= 2 && <Comparison runs={compared} onRemove={toggle} />}
        {compared.length === 1 && <p className="ml-muted ml-small">Pick one more run to compare.</p>}

        {all.loading && !all.data ? (
          <p className="ml-muted">Loading runs…</p>
        ) : allRuns.length === 0 ? (
          <div className="ml-empty">
            <p className="ml-empty__title">No runs in this project yet</p>
            <p>Add an Experiment log block to a page (type / in a document) and push runs to it with keel log-run.</p>
          </div>
        ) : (
          <ProjectRunTable runs={runs} metrics={metrics} metric={filter.metric} picked={picked} onToggle={toggle} />
        )}
      </div>
    </PageShell>
  )
}
