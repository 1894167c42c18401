import { Link } from '../../components/Link.tsx'
import { useApi } from '../../lib/use-api.ts'
import { shortDate, STAGE_LABEL, taskHref, todayIso } from '../../blocks/task/api.ts'
import { graphPath, type GraphView } from './api.ts'
import { computeDigest, criticalPathNote } from './logic.ts'
import './tasks.css'

/**
 * The project's status at a glance: progress per ML stage, when the critical path ends if the
 * estimates hold, what is blocked (and by what) and what is overdue. Takes a graph when the page
 * has one already; otherwise fetches it (the project hub mounts it with just `projectId`).
 */
export function StatusDigest({ projectId, graph: given }: { projectId: string; graph?: GraphView }) {
  const fetched = useApi<GraphView>(given ? null : graphPath(projectId))
  const graph = given ?? fetched.data
  if (!graph) return <div className="digest digest--loading" aria-busy="true" data-testid="task-digest" />
  const today = todayIso()
  const d = computeDigest(graph, today)
  const openTasks = graph.nodes.filter((t) => t.status !== 'done' && t.status !== 'cancelled').length
  return (
    <div className="digest" data-testid="task-digest">
      <section className="digest__card digest__card--progress">
        <h3 className="digest__label">Progress by stage</h3>
        {d.stages.length === 0 && <p className="tasks-muted">No tasks yet.</p>}
        <ul className="digest__bars">
          {d.stages.map((s) => (
            <li key={s.stage} data-testid="digest-stage" data-stage={s.stage}>
              <span className="digest__stage">{STAGE_LABEL[s.stage]}</span>
              <span
                className="digest__bar"
                role="progressbar"
                aria-valuenow={s.percent}
                aria-valuemin={0}
                aria-valuemax={100}
                aria-label={`${STAGE_LABEL[s.stage]} progress`}
              >
                <span className={`digest__fill digest__fill--${s.stage}`} style={{ width: `${s.percent}%` }} />
              </span>
              <span className="digest__count">
                {s.done}/{s.total}
              </span>
            </li>
          ))}
        </ul>
      </section>
      <section className="digest__card">
        <h3 className="digest__label">Critical path ends</h3>
        <div className="digest__big" data-testid="digest-finish">
          {d.criticalPath.length === 0 || graph.projectFinishDays === 0 ? '—' : shortDate(d.finish)}
        </div>
        <p className="digest__note" data-testid="digest-path-note">
          {criticalPathNote(graph, d.criticalPath)}
        </p>
        <p className="digest__note">
          {d.overall.done}/{d.overall.total} done · {openTasks} open{d.cycles > 0 ? ` · ${d.cycles} ${d.cycles === 1 ? 'cycle' : 'cycles'}` : ''}
        </p>
      </section>
      <section className="digest__card">
        <h3 className="digest__label">
          Blocked <span className="digest__pill">{d.blocked.length}</span>
        </h3>
        {d.blocked.length === 0 && <p className="tasks-muted">Nothing is blocked.</p>}
        <ul className="digest__items">
          {d.blocked.slice(0, 5).map(({ task, blockers }) => (
            <li key={task.id} data-testid="digest-blocked">
              <Link href={taskHref(task)} className="digest__link">
                {task.title || 'Untitled task'}
              </Link>
              <span className="digest__why">waits for {blockers.map((b) => b.title || 'Untitled task').join(', ')}</span>
            </li>
          ))}
        </ul>
      </section>
      <section className="digest__card">
        <h3 className="digest__label">
          Overdue <span className={`digest__pill${d.overdue.length > 0 ? ' digest__pill--red' : ''}`}>{d.overdue.length}</span>
        </h3>
        {d.overdue.length === 0 && <p className="tasks-muted">Nothing is overdue.</p>}
        <ul className="digest__items">
          {d.overdue.slice(0, 5).map((t) => (
            <li key={t.id} data-testid="digest-overdue">
              <Link href={taskHref(t)} className="digest__link">
                {t.title || 'Untitled task'}
              </Link>
              <span className="digest__why digest__why--red">due {shortDate(t.due!)}</span>
            </li>
          ))}
        </ul>
      </section>
    </div>
  )
}
