import { useEffect, useMemo, useState } from 'react'
import type { ProjectView } from '../../lib/api-types.ts'
import { Link } from '../../components/Link.tsx'
import { tasksPagePath } from '../../lib/router.ts'
import { useApi } from '../../lib/use-api.ts'
import { PageShell } from '../../components/PageShell.tsx'
import { api } from '../../lib/http.ts'
import { taskHref, type TaskView } from '../../blocks/task/api.ts'
import { sortTasks } from './logic.ts'
import { DueChip, PriorityMark, StageTag, StatusPill } from './TaskBits.tsx'
import './tasks.css'

/** `/me/tasks`: what is assigned to me, across every project I can see; open first, by due date. */
export function MyTasksPage() {
  const mine = useApi<TaskView[]>('/api/me/tasks')
  const [projects, setProjects] = useState<ReadonlyMap<string, ProjectView>>(new Map())
  const projectIds = useMemo(() => [...new Set((mine.data ?? []).map((t) => t.projectId))].sort().join(','), [mine.data])

  useEffect(() => {
    document.title = 'My tasks · Keel'
  }, [])
  useEffect(() => {
    if (!projectIds) return
    const abort = new AbortController()
    void Promise.all(
      projectIds.split(',').map((id) => api<ProjectView>(`/api/projects/${encodeURIComponent(id)}`, { signal: abort.signal }).catch(() => null)),
    ).then((list) => {
      if (!abort.signal.aborted) setProjects(new Map(list.filter((p): p is ProjectView => p !== null).map((p) => [p.id, p])))
    })
    return () => abort.abort()
  }, [projectIds])

  const groups = useMemo(() => {
    const out = new Map<string, TaskView[]>()
    for (const t of sortTasks(mine.data ?? [], 'due')) out.set(t.projectId, [...(out.get(t.projectId) ?? []), t])
    return [...out]
  }, [mine.data])
  const open = (t: TaskView) => t.status !== 'done' && t.status !== 'cancelled'

  return (
    <PageShell topBar={{ workspaceId: null, crumbs: [{ label: 'My tasks' }] }} testId="my-tasks-page">
      <div className="screen__column">
        <header className="screen__header">
          <h1 className="screen__title">My tasks</h1>
          <p className="screen__subtitle">{mine.data ? `${mine.data.filter(open).length} open, assigned to you across your projects.` : ' '}</p>
        </header>
        {mine.data?.length === 0 && <p className="tasks-empty">Nothing is assigned to you. Tasks assigned to you in any document show up here.</p>}
        {groups.map(([projectId, list]) => {
          const p = projects.get(projectId)
          return (
            <section key={projectId} className="my-tasks__group" data-testid="my-tasks-project">
              <h2 className="my-tasks__project">{p ? <Link href={tasksPagePath(p.workspaceId, p.id)}>{p.name}</Link> : 'Project'}</h2>
              <ul className="my-tasks__list">
                {[...list.filter(open), ...list.filter((t) => !open(t))].map((t) => (
                  <li key={t.id}>
                    <Link href={taskHref(t)} className={`my-task${open(t) ? '' : ' my-task--closed'}`} data-testid="my-task">
                      <StatusPill status={t.status} />
                      <span className="my-task__title">{t.title || 'Untitled task'}</span>
                      {t.blockedBy.length > 0 && open(t) && <span className="task-chip task-chip--blocked">Blocked by {t.blockedBy.length}</span>}
                      <StageTag stage={t.stage} />
                      <PriorityMark priority={t.priority} />
                      <DueChip task={t} />
                    </Link>
                  </li>
                ))}
              </ul>
            </section>
          )
        })}
      </div>
    </PageShell>
  )
}
