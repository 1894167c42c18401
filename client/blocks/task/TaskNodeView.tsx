import { NodeViewContent, NodeViewWrapper, type NodeViewProps } from '@tiptap/react'
import { useCallback, useRef, useState } from 'react'
import { isOpen, parseTaskAttrs, sameOverride, type TaskAttrs } from '#shared/blocks/task'
import { UserAvatar } from '../../components/UserAvatar.tsx'
import { useDismiss } from '../../lib/use-dismiss.ts'
import { isOverdue, patchTask, shortDate, STATUS_LABEL, todayIso, type TaskView as IndexedTask } from './api.ts'
import { useTaskEnv } from './context.tsx'
import { TaskFields } from './TaskFields.tsx'
import './task.css'

/** Open dependencies of a task, from its live attrs and the project's index. */
export function openBlockers(deps: readonly string[], tasks: ReadonlyMap<string, IndexedTask>, selfId: string | null): IndexedTask[] {
  return deps.flatMap((d) => {
    const t = tasks.get(d)
    return t && t.id !== selfId && isOpen(t.status) ? [t] : []
  })
}

/** The task block in the editor: checkbox, title (editable content), and its fields. */
export function TaskNodeView({ node, updateAttributes, editor }: NodeViewProps) {
  const attrs = parseTaskAttrs(node.attrs)
  const env = useTaskEnv()
  const editable = editor.isEditable
  const [panel, setPanel] = useState<'fields' | 'deps' | 'override' | null>(null)
  const ref = useRef<HTMLDivElement>(null)
  const close = useCallback(() => setPanel(null), [])
  useDismiss(ref, panel !== null, close)

  const indexed = attrs.id ? env.tasks.get(attrs.id) : undefined
  const blockers = openBlockers(attrs.deps, env.tasks, attrs.id)
  const assignee = attrs.assignee ? env.members.find((m) => m.userId === attrs.assignee) : undefined
  const overdue = isOverdue(attrs, todayIso())
  const done = attrs.status === 'done'

  const update = (patch: Partial<TaskAttrs>): void => {
    if (editable) updateAttributes(patch)
  }

  const toggle = (): void => {
    if (!editable) return
    if (done) update({ status: 'todo', override: null, gate: null })
    else if (blockers.length > 0) setPanel('override')
    else update({ status: 'done', gate: null })
  }

  // Only the server records an override (after its role check); one merely written on the block
  // does not count, and the server reopens a blocked task made done without one.
  const [overrideError, setOverrideError] = useState<string | null>(null)
  const confirmOverride = async (reason: string): Promise<void> => {
    if (!attrs.id) return
    const result = await patchTask(attrs.id, { status: 'done', override: { reason } })
    if (!result.ok) {
      setOverrideError(result.message)
      return
    }
    setOverrideError(null)
    env.refresh()
    close()
  }
  // The server's record, whatever the block's copy says now.
  const verifiedOverride = done ? (indexed?.override ?? null) : null
  // Flagged once the index has seen the block (an override just recorded is verified on refresh).
  const unverifiedOverride = done && attrs.override !== null && indexed !== undefined && !sameOverride(attrs.override, indexed.override)
  const reopened = !done && attrs.gate !== null ? attrs.gate : null

  return (
    <NodeViewWrapper
      className={`task${done ? ' task--done' : ''}${attrs.status === 'cancelled' ? ' task--cancelled' : ''}`}
      id={attrs.id ? `task-${attrs.id}` : undefined}
      data-testid="task-block"
      data-task-id={attrs.id ?? ''}
      data-status={attrs.status}
    >
      <div className="task__check" contentEditable={false} data-task-ui="">
        <button
          type="button"
          role="checkbox"
          aria-checked={done}
          aria-label={done ? 'Mark as not done' : 'Mark as done'}
          className="task__checkbox"
          disabled={!editable}
          onClick={toggle}
          data-testid="task-checkbox"
        >
          {done && (
            <svg viewBox="0 0 16 16" width="12" height="12" aria-hidden="true">
              <path d="M3.5 8.5l3 3 6-7" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
            </svg>
          )}
        </button>
      </div>
      <NodeViewContent className="task__title" data-placeholder="Task title" />
      <div className="task__meta" contentEditable={false} data-task-ui="" ref={ref}>
        {indexed?.inCycle && (
          <span className="task-chip task-chip--cycle" title="This task depends on itself through its dependencies" data-testid="task-cycle">
            ↻ Cycle
          </span>
        )}
        {blockers.length > 0 && !done && (
          <button
            type="button"
            className="task-chip task-chip--blocked task-chip--button"
            title={`Waiting for: ${blockers.map((b) => b.title || b.id).join(', ')}`}
            aria-haspopup="dialog"
            aria-expanded={panel === 'deps'}
            onClick={() => setPanel(panel === 'deps' ? null : 'deps')}
            data-testid="task-blocked"
          >
            Blocked by {blockers.length}
          </button>
        )}
        {verifiedOverride && (
          <span className="task-chip task-chip--override" title={`Done while blocked: ${verifiedOverride.reason}`} data-testid="task-override">
            Overridden
          </span>
        )}
        {unverifiedOverride && (
          <span
            className="task-chip task-chip--unverified"
            title="This override was written into the document without a server record: it does not count."
            data-testid="task-override-unverified"
          >
            ⚠ Unverified override
          </span>
        )}
        {reopened && (
          <span
            className="task-chip task-chip--blocked"
            title={`Marked done while blocked, without an override: the server reopened it (${new Date(reopened.at).toLocaleString()}).`}
            data-testid="task-reopened"
          >
            Reopened: blocked by {reopened.blockedBy.map((b) => b.title || 'a task').join(', ')}
          </span>
        )}
        {attrs.due && (
          <span className={`task-chip task-chip--due${overdue ? ' task-chip--overdue' : ''}`} title={overdue ? 'Overdue' : 'Due'} data-testid="task-due">
            {shortDate(attrs.due)}
          </span>
        )}
        {assignee ? (
          <span className="task__avatar" title={assignee.name} data-testid="task-assignee" data-user-id={assignee.userId}>
            <UserAvatar name={assignee.name} color={assignee.color} size={22} />
          </span>
        ) : attrs.assignee ? (
          <span className="task__avatar task__avatar--unknown" title="Assigned" data-testid="task-assignee" />
        ) : null}
        <button
          type="button"
          className={`task-pill task-pill--${attrs.status}`}
          onClick={() => setPanel(panel === 'fields' ? null : 'fields')}
          aria-haspopup="dialog"
          aria-expanded={panel === 'fields'}
          data-testid="task-pill"
        >
          {STATUS_LABEL[attrs.status]}
        </button>
        {(panel === 'fields' || panel === 'deps') && (
          <TaskFields
            attrs={attrs}
            editable={editable}
            env={env}
            onChange={update}
            onClose={close}
            onDone={toggle}
            blockers={blockers}
            focusDeps={panel === 'deps'}
          />
        )}
        {panel === 'override' && (
          <OverridePanel blockers={blockers} error={overrideError} onCancel={close} onConfirm={(reason) => void confirmOverride(reason)} />
        )}
      </div>
    </NodeViewWrapper>
  )
}

/** Marking a blocked task done: say what it waits for, and ask for a reason to go ahead anyway. */
export function OverridePanel({
  blockers,
  error = null,
  onCancel,
  onConfirm,
}: {
  blockers: readonly { id: string; title: string; status: string }[]
  error?: string | null
  onCancel: () => void
  onConfirm: (reason: string) => void
}) {
  const [reason, setReason] = useState('')
  const ok = reason.trim().length >= 3
  return (
    <div className="task-pop task-pop--override" role="dialog" aria-label="Blocked task" data-testid="task-override-panel">
      <div className="task-pop__title">This task is blocked</div>
      <p className="task-pop__text">It depends on {blockers.length === 1 ? 'a task that is' : `${blockers.length} tasks that are`} not done yet:</p>
      <ul className="task-pop__blockers">
        {blockers.map((b) => (
          <li key={b.id}>
            <span className={`task-dot task-dot--${b.status}`} aria-hidden="true" />
            {b.title || 'Untitled task'} <span className="task-pop__muted">· {STATUS_LABEL[b.status as keyof typeof STATUS_LABEL] ?? b.status}</span>
          </li>
        ))}
      </ul>
      <label className="task-field">
        <span className="task-field__label">Reason to mark it done anyway</span>
        <textarea
          className="task-input"
          rows={2}
          value={reason}
          autoFocus
          placeholder="e.g. evaluated on the v2 split instead"
          onChange={(e) => setReason(e.target.value)}
          data-testid="override-reason"
        />
      </label>
      {error && (
        <p className="task-pop__text task-pop__error" role="alert">
          {error}
        </p>
      )}
      <div className="task-pop__actions">
        <button type="button" className="button button--small" onClick={onCancel}>
          Cancel
        </button>
        <button
          type="button"
          className="button button--small button--primary"
          disabled={!ok}
          onClick={() => onConfirm(reason.trim())}
          data-testid="override-confirm"
        >
          Mark done anyway
        </button>
      </div>
    </div>
  )
}
