import { useState } from 'react'
import { isCalendarDate, TASK_PRIORITIES, TASK_STAGES, TASK_STATUSES, type TaskAttrs } from '#shared/blocks/task'
import { PRIORITY_LABEL, STAGE_LABEL, STATUS_LABEL, type TaskView as IndexedTask } from './api.ts'
import type { TaskEnv } from './context.tsx'

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
}: {
  attrs: TaskAttrs
  editable: boolean
  env: TaskEnv
  onChange: (patch: Partial<TaskAttrs>) => void
  onClose: () => void
  /** Marking done goes through the checkbox's path (a blocked task asks for an override). */
  onDone: () => void
  blockers: readonly IndexedTask[]
}) {
  const [query, setQuery] = useState('')
  const disabled = !editable
  const q = query.trim().toLowerCase()
  const candidates = [...env.tasks.values()]
    .filter((t) => t.id !== attrs.id && !attrs.deps.includes(t.id) && (q === '' || t.title.toLowerCase().includes(q)))
    .slice(0, 6)

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
              <li key={d} className={`task-dep${blocking ? ' task-dep--open' : ''}`}>
                <span className={`task-dot task-dot--${t?.status ?? 'unknown'}`} aria-hidden="true" />
                <span className="task-dep__title">{t ? t.title || 'Untitled task' : 'A task not in this project'}</span>
                {editable && (
                  <button
                    type="button"
                    className="task-dep__remove"
                    aria-label="Remove dependency"
                    onClick={() => onChange({ deps: attrs.deps.filter((x) => x !== d) })}
                  >
                    ×
                  </button>
                )}
              </li>
            )
          })}
        </ul>
        {editable && (
          <>
            <input
              className="task-input"
              type="search"
              placeholder="Add a dependency: search tasks by title"
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              data-testid="field-deps-search"
            />
            {q !== '' && (
              <ul className="task-results">
                {candidates.length === 0 && <li className="task-pop__muted">No matching task.</li>}
                {candidates.map((t) => (
                  <li key={t.id}>
                    <button
                      type="button"
                      className="task-result"
                      onClick={() => {
                        onChange({ deps: [...attrs.deps, t.id] })
                        setQuery('')
                      }}
                    >
                      <span className={`task-dot task-dot--${t.status}`} aria-hidden="true" />
                      {t.title || 'Untitled task'}
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </div>
      {!editable && <p className="task-pop__muted">You can view this task, not change it.</p>}
    </div>
  )
}
