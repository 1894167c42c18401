import { useEffect, useRef, useState } from 'react'
import { isCalendarDate, TASK_PRIORITIES, TASK_STAGES, TASK_STATUSES, type TaskAttrs } from '#shared/blocks/task'
import { PRIORITY_LABEL, STAGE_LABEL, STATUS_LABEL, type TaskView as IndexedTask } from './api.ts'
import type { TaskEnv } from './context.tsx'
import { checkDependency, cycleWith } from './deps.ts'
import { TaskFollow } from './TaskFollow.tsx'

/**
 * The field editor opened from a task's pill. Every change is a node-attr update through the
 * editor (a normal Yjs edit, with undo and presence), never a REST call. Read-only editors see the
 * same panel with every control disabled.
 */
export function TaskFields({
  attrs,
  editable,
  env,
  onChange,
  onDone,
  blockers,
  focusDeps = false,
}: {
  attrs: TaskAttrs
  editable: boolean
  env: TaskEnv
  onChange: (patch: Partial<TaskAttrs>) => void
  onClose: () => void
  /** Marking done goes through the checkbox's path (a blocked task asks for an override). */
  onDone: () => void
  blockers: readonly IndexedTask[]
  /** Opened to edit dependencies (from the "Blocked by" chip): the search takes focus. */
  focusDeps?: boolean
}) {
  const [query, setQuery] = useState('')
  const [refusal, setRefusal] = useState<string | null>(null)
  const search = useRef<HTMLInputElement>(null)
  useEffect(() => {
    if (focusDeps) search.current?.focus()
  }, [focusDeps])
  const disabled = !editable
  const q = query.trim().toLowerCase()
  // Self and existing dependencies are never offered (the server refuses a self-dependency);
  // one that would close a loop is offered with the cycle named, as the graph will report it.
  const candidates = [...env.tasks.values()]
    .filter((t) => (q === '' || t.title.toLowerCase().includes(q)) && t.id !== attrs.id && !attrs.deps.includes(t.id))
    .slice(0, 6)
    .map((t) => ({ task: t, check: checkDependency(attrs.id, attrs.deps, t.id, env.tasks) }))
  const cycle = attrs.id && attrs.deps.length > 0 ? cycleWith(attrs.id, attrs.deps, env.tasks) : null
  const titleOf = (id: string): string => (id === attrs.id ? 'this task' : env.tasks.get(id)?.title || 'Untitled task')
  const add = (id: string): void => {
    const check = checkDependency(attrs.id, attrs.deps, id, env.tasks)
    if (!check.ok) {
      setRefusal(check.reason)
      return
    }
    setRefusal(null)
    onChange({ deps: [...attrs.deps, id] })
    setQuery('')
  }

  return (
    <div className="task-pop task-pop--fields" role="dialog" aria-label="Task fields" data-testid="task-fields">
      <div className="task-grid">
        <label className="task-field">
          <span className="task-field__label">Status</span>
          <select
            className="task-input"
            value={attrs.status}
            disabled={disabled}
            data-testid="field-status"
            onChange={(e) => {
              const status = e.target.value as TaskAttrs['status']
              if (status === 'done') onDone()
              else onChange({ status, override: null, gate: null })
            }}
          >
            {TASK_STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABEL[s]}
              </option>
            ))}
          </select>
        </label>
        <label className="task-field">
          <span className="task-field__label">Assignee</span>
          <select
            className="task-input"
            value={attrs.assignee ?? ''}
            disabled={disabled}
            data-testid="field-assignee"
            onChange={(e) => onChange({ assignee: e.target.value || null })}
          >
            <option value="">Unassigned</option>
            {env.members.map((m) => (
              <option key={m.userId} value={m.userId}>
                {m.name}
                {m.userId === env.me.id ? ' (you)' : ''}
              </option>
            ))}
            {attrs.assignee && !env.members.some((m) => m.userId === attrs.assignee) && <option value={attrs.assignee}>Someone else</option>}
          </select>
        </label>
        <label className="task-field">
          <span className="task-field__label">Due</span>
          <input
            className="task-input"
            type="date"
            value={attrs.due ?? ''}
            disabled={disabled}
            data-testid="field-due"
            onChange={(e) => onChange({ due: isCalendarDate(e.target.value) ? e.target.value : null })}
          />
        </label>
        <label className="task-field">
          <span className="task-field__label">Estimate (days)</span>
          <input
            className="task-input"
            type="number"
            min={0}
            step={0.5}
            value={attrs.estimate ?? ''}
            disabled={disabled}
            data-testid="field-estimate"
            onChange={(e) => {
              const n = e.target.value === '' ? null : Number(e.target.value)
              onChange({ estimate: n !== null && Number.isFinite(n) && n >= 0 ? n : null })
            }}
          />
        </label>
        <label className="task-field">
          <span className="task-field__label">Priority</span>
          <select
            className="task-input"
            value={attrs.priority}
            disabled={disabled}
            data-testid="field-priority"
            onChange={(e) => onChange({ priority: e.target.value as TaskAttrs['priority'] })}
          >
            {TASK_PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {PRIORITY_LABEL[p]}
              </option>
            ))}
          </select>
        </label>
        <label className="task-field">
          <span className="task-field__label">Stage</span>
          <select
            className="task-input"
            value={attrs.stage}
            disabled={disabled}
            data-testid="field-stage"
            onChange={(e) => onChange({ stage: e.target.value as TaskAttrs['stage'] })}
          >
            {TASK_STAGES.map((s) => (
              <option key={s} value={s}>
                {STAGE_LABEL[s]}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="task-field task-field--deps">
        <span className="task-field__label">Depends on</span>
        {attrs.deps.length === 0 && <span className="task-pop__muted">Nothing yet.</span>}
        <ul className="task-deps" data-testid="field-deps">
          {attrs.deps.map((d) => {
            const t = env.tasks.get(d)
            const blocking = blockers.some((b) => b.id === d)
            return (
              <li key={d} className={`task-dep${blocking ? ' task-dep--open' : ''}`} data-testid="field-dep">
                <span className={`task-dot task-dot--${t?.status ?? 'unknown'}`} aria-hidden="true" />
                <span className="task-dep__title">{t ? t.title || 'Untitled task' : 'A task not in this project'}</span>
                {editable && (
                  <button
                    type="button"
                    className="task-dep__remove"
                    aria-label={`Remove dependency on ${t?.title || 'this task'}`}
                    onClick={() => onChange({ deps: attrs.deps.filter((x) => x !== d) })}
                  >
                    ×
                  </button>
                )}
              </li>
            )
          })}
        </ul>
        {cycle && (
          <p className="task-pop__text task-pop__warn" data-testid="field-deps-cycle">
            ↻ Cycle: {cycle.map(titleOf).join(' → ')}. A task in a cycle can never be unblocked; remove one of these dependencies.
          </p>
        )}
        {editable && (
          <>
            <input
              ref={search}
              className="task-input"
              type="search"
              placeholder="Add a dependency: search tasks by title"
              aria-label="Add a dependency: search tasks by title"
              value={query}
              onChange={(e) => {
                setQuery(e.target.value)
                setRefusal(null)
              }}
              onKeyDown={(e) => {
                if (e.key !== 'Enter') return
                e.preventDefault()
                const first = candidates[0]
                if (first) add(first.task.id)
              }}
              data-testid="field-deps-search"
            />
            {refusal && (
              <p className="task-pop__text task-pop__error" role="alert">
                {refusal}
              </p>
            )}
            {q !== '' && (
              <ul className="task-results">
                {candidates.length === 0 && <li className="task-pop__muted">No matching task.</li>}
                {candidates.map(({ task: t, check }) => (
                  <li key={t.id}>
                    <button type="button" className="task-result" onClick={() => add(t.id)} data-testid="field-deps-result">
                      <span className={`task-dot task-dot--${t.status}`} aria-hidden="true" />
                      <span className="task-result__title">{t.title || 'Untitled task'}</span>
                      {check.ok && check.cycle && (
                        <span className="task-chip task-chip--cycle" title={`Would make a cycle: ${check.cycle.map(titleOf).join(' → ')}`}>
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
      </div>
      <div className="task-pop__foot">
        {!editable ? <p className="task-pop__muted">You can view this task, not change it.</p> : <span />}
        {attrs.id && <TaskFollow taskId={attrs.id} />}
      </div>
    </div>
  )
}
