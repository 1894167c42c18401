import { useCallback, useRef, useState } from 'react'
import { useDismiss } from '../../lib/use-dismiss.ts'
import { patchTask, type TaskView } from '../../blocks/task/api.ts'
import { checkDependency } from '../../blocks/task/deps.ts'

/**
 * A task's dependencies in the project list: how many, and (for editors) a popover to add and
 * remove them. The change is a PATCH of `deps`, which the server writes into the task's document
 * (open editors change live), with the picker's rules: never itself, a loop named before it is made.
 */
export function TaskDeps({
  task,
  tasks,
  editable,
  onChanged,
}: {
  task: TaskView
  tasks: ReadonlyMap<string, TaskView>
  editable: boolean
  onChanged: () => void
}) {
  const [open, setOpen] = useState(false)
  const [query, setQuery] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const ref = useRef<HTMLDivElement>(null)
  const close = useCallback(() => setOpen(false), [])
  useDismiss(ref, open, close)

  const titleOf = (id: string): string => tasks.get(id)?.title || 'Untitled task'
  const q = query.trim().toLowerCase()
  const candidates =
    q === ''
      ? []
      : [...tasks.values()]
          .filter((t) => t.id !== task.id && !task.deps.includes(t.id) && t.title.toLowerCase().includes(q))
          .slice(0, 6)
          .map((t) => ({ t, check: checkDependency(task.id, task.deps, t.id, tasks) }))

  const save = async (deps: string[]): Promise<void> => {
    setBusy(true)
    const result = await patchTask(task.id, { deps })
    setBusy(false)
    if (!result.ok) {
      setError(result.message)
      return
    }
    setError(null)
    setQuery('')
    onChanged()
  }
  const add = (id: string): void => {
    const check = checkDependency(task.id, task.deps, id, tasks)
    if (!check.ok) setError(check.reason)
    else void save([...task.deps, id])
  }

  const label = task.deps.length === 0 ? (editable ? '+ Add' : '—') : `${task.deps.length} ${task.deps.length === 1 ? 'task' : 'tasks'}`
  return (
    <div className="task-deps-cell" ref={ref} onClick={(e) => e.stopPropagation()}>
      <button
        type="button"
        className={`task-deps-cell__button${task.deps.length === 0 ? ' task-deps-cell__button--empty' : ''}`}
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-label={`Dependencies of ${task.title || 'this task'}: ${task.deps.length}`}
        disabled={!editable && task.deps.length === 0}
        onClick={() => setOpen(!open)}
        data-testid="row-deps"
      >
        {label}
      </button>
      {open && (
        <div className="task-pop task-deps-cell__pop" role="dialog" aria-label="Depends on" data-testid="row-deps-panel">
          <span className="task-field__label">Depends on</span>
          {task.deps.length === 0 && <p className="task-pop__muted">Nothing yet.</p>}
          <ul className="task-deps">
            {task.deps.map((d) => (
              <li key={d} className={`task-dep${task.blockedBy.includes(d) ? ' task-dep--open' : ''}`}>
                <span className={`task-dot task-dot--${tasks.get(d)?.status ?? 'unknown'}`} aria-hidden="true" />
                <span className="task-dep__title">{tasks.has(d) ? titleOf(d) : 'A task not in this project'}</span>
                {editable && (
                  <button
                    type="button"
                    className="task-dep__remove"
                    aria-label={`Remove dependency on ${titleOf(d)}`}
                    disabled={busy}
                    onClick={() => void save(task.deps.filter((x) => x !== d))}
                  >
                    ×
                  </button>
                )}
              </li>
            ))}
          </ul>
          {editable && (
            <>
              <input
                className="task-input"
                type="search"
                autoFocus
                placeholder="Add a dependency: search tasks by title"
                aria-label="Add a dependency: search tasks by title"
                value={query}
                onChange={(e) => {
                  setQuery(e.target.value)
                  setError(null)
                }}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' && candidates[0]) {
                    e.preventDefault()
                    add(candidates[0].t.id)
                  }
                }}
                data-testid="row-deps-search"
              />
              {q !== '' && (
                <ul className="task-results">
                  {candidates.length === 0 && <li className="task-pop__muted">No matching task.</li>}
                  {candidates.map(({ t, check }) => (
                    <li key={t.id}>
                      <button type="button" className="task-result" disabled={busy} onClick={() => add(t.id)} data-testid="row-deps-result">
                        <span className={`task-dot task-dot--${t.status}`} aria-hidden="true" />
                        <span className="task-result__title">{t.title || 'Untitled task'}</span>
                        {check.ok && check.cycle && (
                          <span
                            className="task-chip task-chip--cycle"
                            title={`Would make a cycle: ${check.cycle.map((id) => (id === task.id ? 'this task' : titleOf(id))).join(' → ')}`}
                          >
                            ↻ makes a cycle
                          </span>
                        )}
                      </button>
                    </li>
                  ))}
                </ul>
              )}
            </>
          )}
          {error && (
            <p className="task-pop__text task-pop__error" role="alert">
              {error}
            </p>
          )}
        </div>
      )}
    </div>
  )
}
