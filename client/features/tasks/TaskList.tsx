import { useMemo, useState } from 'react'
import { TASK_STAGES, TASK_STATUSES } from '#shared/blocks/task'
import type { MemberView } from '../../lib/api-types.ts'
import { navigate } from '../../lib/router.ts'
import { STAGE_LABEL, STATUS_LABEL, taskHref, type TaskView } from '../../blocks/task/api.ts'
import { filterTasks, NO_FILTER, sortTasks, type SortKey, type TaskFilter } from './logic.ts'
import { TaskDeps } from './TaskDeps.tsx'
import { Assignee, DueChip, PriorityMark, StageTag, StatusPill } from './TaskBits.tsx'

/** Every task of the project, filtered and sorted; a row opens the task in its document. */
export function TaskList({
  tasks,
  members,
  titles,
  editable = false,
  onChanged = () => {},
}: {
  tasks: readonly TaskView[]
  members: readonly MemberView[] | undefined
  titles: ReadonlyMap<string, string>
  /** Whether the reader may edit tasks (the dependencies cell then edits them). */
  editable?: boolean
  onChanged?: () => void
}) {
  const byId = useMemo(() => new Map(tasks.map((t) => [t.id, t])), [tasks])
  const [filter, setFilter] = useState<TaskFilter>(NO_FILTER)
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: 'due', desc: false })
  const shown = sortTasks(filterTasks(tasks, filter), sort.key, sort.desc)
  const set = (patch: Partial<TaskFilter>) => setFilter((f) => ({ ...f, ...patch }))
  const header = (key: SortKey, label: string) => (
    <button
      type="button"
      className={`tasks-table__sort${sort.key === key ? ' tasks-table__sort--on' : ''}`}
      onClick={() => setSort((s) => ({ key, desc: s.key === key ? !s.desc : false }))}
      aria-sort={sort.key === key ? (sort.desc ? 'descending' : 'ascending') : undefined}
      data-testid={`sort-${key}`}
    >
      {label}
      <span aria-hidden="true">{sort.key === key ? (sort.desc ? ' ↓' : ' ↑') : ''}</span>
    </button>
  )
  return (
    <div className="tasks-list" data-testid="task-list">
      <div className="tasks-filters">
        <input
          className="task-input tasks-filters__text"
          type="search"
          placeholder="Filter by title…"
          value={filter.text}
          onChange={(e) => set({ text: e.target.value })}
          data-testid="filter-text"
        />
        <select
          className="task-input"
          value={filter.status}
          onChange={(e) => set({ status: e.target.value as TaskFilter['status'] })}
          data-testid="filter-status"
          aria-label="Status"
        >
          <option value="">Any status</option>
          {TASK_STATUSES.map((s) => (
            <option key={s} value={s}>
              {STATUS_LABEL[s]}
            </option>
          ))}
        </select>
        <select
          className="task-input"
          value={filter.assignee}
          onChange={(e) => set({ assignee: e.target.value })}
          data-testid="filter-assignee"
          aria-label="Assignee"
        >
          <option value="">Anyone</option>
          <option value="none">Unassigned</option>
          {members?.map((m) => (
            <option key={m.userId} value={m.userId}>
              {m.name}
            </option>
          ))}
        </select>
        <select
          className="task-input"
          value={filter.stage}
          onChange={(e) => set({ stage: e.target.value as TaskFilter['stage'] })}
          data-testid="filter-stage"
          aria-label="Stage"
        >
          <option value="">Any stage</option>
          {TASK_STAGES.map((s) => (
            <option key={s} value={s}>
              {STAGE_LABEL[s]}
            </option>
          ))}
        </select>
        <select
          className="task-input"
          value={filter.blocked}
          onChange={(e) => set({ blocked: e.target.value as TaskFilter['blocked'] })}
          data-testid="filter-blocked"
          aria-label="Blocked"
        >
          <option value="">Blocked or not</option>
          <option value="yes">Blocked</option>
          <option value="no">Not blocked</option>
        </select>
      </div>
      <table className="tasks-table">
        <thead>
          <tr>
            <th>Task</th>
            <th>{header('status', 'Status')}</th>
            <th>Assignee</th>
            <th>{header('due', 'Due')}</th>
            <th>{header('priority', 'Priority')}</th>
            <th>Stage</th>
            <th>Depends on</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((t) => (
            <tr key={t.id} onClick={() => navigate(taskHref(t))} data-testid="task-row" data-task-id={t.id}>
              <td className="tasks-table__title">
                <span>{t.title || 'Untitled task'}</span>
                {t.blockedBy.length > 0 && t.status !== 'done' && (
                  <span className="task-chip task-chip--blocked" title={`Waiting for: ${t.blockedBy.map((id) => titles.get(id) ?? id).join(', ')}`}>
                    Blocked by {t.blockedBy.length}
                  </span>
                )}
                {t.inCycle && <span className="task-chip task-chip--cycle">↻ Cycle</span>}
                {t.unverifiedOverride && (
                  <span
                    className="task-chip task-chip--unverified"
                    title="An override written into the document without a server record: it does not count."
                    data-testid="task-override-unverified"
                  >
                    ⚠ Unverified override
                  </span>
                )}
              </td>
              <td>
                <StatusPill status={t.status} />
              </td>
              <td>
                <Assignee id={t.assignee} members={members} withName />
              </td>
              <td>{t.due ? <DueChip task={t} /> : <span className="tasks-muted">—</span>}</td>
              <td>{t.priority === 'none' ? <span className="tasks-muted">—</span> : <PriorityMark priority={t.priority} />}</td>
              <td>{t.stage === 'none' ? <span className="tasks-muted">—</span> : <StageTag stage={t.stage} />}</td>
              <td>
                <TaskDeps task={t} tasks={byId} editable={editable} onChanged={onChanged} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {shown.length === 0 && (
        <p className="tasks-empty">
          {tasks.length === 0 ? 'No tasks yet. Type [] at the start of a line in any document of this project.' : 'No task matches these filters.'}
        </p>
      )}
    </div>
  )
}
