import { useEffect, useMemo, useState } from 'react'
import { canEdit } from '#shared/auth/roles'
import { describeError } from '../../lib/http.ts'
import type { ProjectView } from '../../lib/api-types.ts'
import { hubPath, navigate, useLocation } from '../../lib/router.ts'
import { useApi } from '../../lib/use-api.ts'
import { EmptyState, PageShell } from '../../components/PageShell.tsx'
import type { GraphView } from './api.ts'
import { StatusDigest } from './StatusDigest.tsx'
import { TaskBoard } from './TaskBoard.tsx'
import { TaskGraph } from './TaskGraph.tsx'
import { TaskList } from './TaskList.tsx'
import { useMembers, useProjectGraph } from './use-project-tasks.ts'
import './tasks.css'

const VIEWS = ['list', 'board', 'graph'] as const
type View = (typeof VIEWS)[number]
const VIEW_LABEL: Record<View, string> = { list: 'List', board: 'Board', graph: 'Graph' }

/** `/w/:ws/p/:project/tasks`: the project's tasks as a list, a board or a dependency graph, under its status digest. */
export function TasksPage({ workspaceId, projectId }: { workspaceId: string; projectId: string }) {
  const { search, pathname } = useLocation()
  const requested = search.get('view')
  const view: View = (VIEWS as readonly string[]).includes(requested ?? '') ? (requested as View) : 'list'
  const project = useApi<ProjectView>(`/api/projects/${encodeURIComponent(projectId)}`)
  const graph = useProjectGraph(projectId)
  const members = useMembers(workspaceId)
  // Board moves show at once; the next fetch brings the server's truth.
  const [moves, setMoves] = useState<ReadonlyMap<string, GraphView['nodes'][number]['status']>>(new Map())
  useEffect(() => setMoves(new Map()), [graph.data])

  const p = project.data
  useEffect(() => {
    document.title = `Tasks · ${p?.name ?? 'Project'} · Keel`
  }, [p?.name])

  const data = useMemo<GraphView | undefined>(() => {
    if (!graph.data || moves.size === 0) return graph.data
    return { ...graph.data, nodes: graph.data.nodes.map((t) => (moves.has(t.id) ? { ...t, status: moves.get(t.id)! } : t)) }
  }, [graph.data, moves])
  const titles = useMemo(() => new Map((data?.nodes ?? []).map((t) => [t.id, t.title])), [data])

  const topBar = { workspaceId, crumbs: p ? [{ label: p.name, href: hubPath(workspaceId, projectId) }, { label: 'Tasks' }] : [] }
  if (graph.error && !graph.data) {
    return (
      <PageShell topBar={topBar}>
        <EmptyState title="These tasks can't be shown right now" testId="tasks-unavailable">
          <p>{describeError(graph.error)}</p>
        </EmptyState>
      </PageShell>
    )
  }
  const open = data?.nodes.filter((t) => t.status !== 'done' && t.status !== 'cancelled').length ?? 0
  return (
    <PageShell topBar={topBar} testId="tasks-page">
      <div className="tasks-page">
        <header className="tasks-page__header">
          <div>
            <h1 className="screen__title">Tasks</h1>
            <p className="screen__subtitle">
              {data ? `${data.nodes.length} ${data.nodes.length === 1 ? 'task' : 'tasks'} · ${open} open` : ' '}
              {p ? ` · ${p.name}` : ''}
            </p>
          </div>
          <nav className="tabs" aria-label="Task views">
            {VIEWS.map((v) => (
              <button
                key={v}
                type="button"
                className={`tabs__tab${v === view ? ' tabs__tab--on' : ''}`}
                aria-current={v === view ? 'page' : undefined}
                onClick={() => navigate(`${pathname}?view=${v}`, { replace: true })}
                data-testid={`tab-${v}`}
              >
                {VIEW_LABEL[v]}
              </button>
            ))}
          </nav>
        </header>
        {data && <StatusDigest projectId={projectId} graph={data} />}
        {!data && <div className="skeleton" aria-busy="true" />}
        {data && view === 'list' && (
          <TaskList tasks={data.nodes} members={members.data} titles={titles} editable={p !== undefined && canEdit(p.role)} onChanged={graph.reload} />
        )}
        {data && view === 'board' && (
          <TaskBoard
            tasks={data.nodes}
            members={members.data}
            editable={p !== undefined && canEdit(p.role)}
            onChanged={graph.reload}
            onLocalMove={(id, status) => setMoves((m) => new Map(m).set(id, status))}
          />
        )}
        {data && view === 'graph' && <TaskGraph graph={data} members={members.data} />}
      </div>
    </PageShell>
  )
}
