import { useState, type DragEvent } from 'react'
import type { TaskStatus } from '#shared/blocks/task'
import type { MemberView } from '../../lib/api-types.ts'
import { navigate } from '../../lib/router.ts'
import { OverridePanel } from '../../blocks/task/TaskNodeView.tsx'
import { patchTask, STATUS_LABEL, taskHref, type Blocker, type TaskView } from '../../blocks/task/api.ts'
import { BOARD_COLUMNS, dropAction, groupByStatus, TASK_DRAG_TYPE } from './logic.ts'
import { Assignee, DueChip, PriorityMark, StageTag } from './TaskBits.tsx'

/**
 * Columns by status. Dragging a card to another column PATCHes its status (the server writes it
 * into the document, so open editors change live). Moving a blocked task to done comes back as a
 * 409 with its blockers: the card stays, and a dialog offers to override with a reason.
 */
export function TaskBoard({
  tasks,
  members,
  editable,
  onChanged,
  onLocalMove,
}: {
  tasks: readonly TaskView[]
  members: readonly MemberView[] | undefined
  editable: boolean
  onChanged: () => void
  onLocalMove: (id: string, status: TaskStatus) => void
}) {
  const [over, setOver] = useState<TaskStatus | null>(null)
  const [blocked, setBlocked] = useState<{ task: TaskView; to: TaskStatus; blockers: Blocker[] } | null>(null)
  const [error, setError] = useState<string | null>(null)
  const columns = groupByStatus(tasks)

  const move = async (task: TaskView, to: TaskStatus, override?: string): Promise<void> => {
    const action = dropAction(task, to)
    if (action.kind === 'none') return
    setError(null)
    onLocalMove(task.id, to)
    const result = await patchTask(task.id, override ? { ...action.body, override: { reason: override } } : action.body)
    if (!result.ok) {
      onLocalMove(task.id, task.status) // put it back
      if (result.code === 'blocked') setBlocked({ task, to, blockers: result.blockers })
      else setError(result.message)
    }
    onChanged()
  }

  const onDrop = (event: DragEvent, to: TaskStatus): void => {
    event.preventDefault()
    setOver(null)
    const id = event.dataTransfer.getData(TASK_DRAG_TYPE) || event.dataTransfer.getData('text/plain')
    const task = tasks.find((t) => t.id === id)
    if (task && editable) void move(task, to)
  }

  return (
    <div className="board" data-testid="task-board">
      {error && (
        <div className="tasks-error" role="alert">
          {error}
        </div>
      )}
      <div className="board__columns">
        {BOARD_COLUMNS.map((status) => {
          const list = columns.get(status) ?? []
          return (
            <section
              key={status}
              className={`board__column${over === status ? ' board__column--over' : ''}`}
              data-testid={`board-column-${status}`}
              onDragOver={(e) => {
                if (!editable) return
                e.preventDefault()
                e.dataTransfer.dropEffect = 'move'
                if (over !== status) setOver(status)
              }}
              onDragLeave={(e) => {
                if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOver(null)
              }}
              onDrop={(e) => onDrop(e, status)}
            >
              <header className="board__head">
                <span className={`task-dot task-dot--${status}`} aria-hidden="true" />
                {STATUS_LABEL[status]}
                <span className="board__count">{list.length}</span>
              </header>
              <div className="board__cards">
                {list.map((t) => (
                  <article
                    key={t.id}
                    className={`board-card${t.blockedBy.length > 0 && t.status !== 'done' ? ' board-card--blocked' : ''}`}
                    draggable={editable}
                    data-testid="board-card"
                    data-task-id={t.id}
                    onDragStart={(e) => {
                      e.dataTransfer.setData(TASK_DRAG_TYPE, t.id)
                      e.dataTransfer.setData('text/plain', t.id)
                      e.dataTransfer.effectAllowed = 'move'
                    }}
                    onClick={() => navigate(taskHref(t))}
                  >
                    <div className="board-card__title">{t.title || 'Untitled task'}</div>
                    <div className="board-card__meta">
                      <StageTag stage={t.stage} />
                      <PriorityMark priority={t.priority} />
                      {t.blockedBy.length > 0 && t.status !== 'done' && <span className="task-chip task-chip--blocked">Blocked by {t.blockedBy.length}</span>}
                      {t.inCycle && <span className="task-chip task-chip--cycle">↻ Cycle</span>}
                      <span className="board-card__spacer" />
                      <DueChip task={t} />
                      <Assignee id={t.assignee} members={members} size={20} />
                    </div>
                  </article>
                ))}
                {list.length === 0 && <div className="board__empty">No tasks</div>}
              </div>
            </section>
          )
        })}
      </div>
      {blocked && (
        <div className="tasks-modal" role="presentation" onMouseDown={(e) => e.target === e.currentTarget && setBlocked(null)}>
          <div className="tasks-modal__box" data-testid="board-blocked-dialog">
            <p className="tasks-modal__lead">
              “{blocked.task.title || 'Untitled task'}” can’t move to {STATUS_LABEL[blocked.to]}.
            </p>
            <OverridePanel
              blockers={blocked.blockers}
              onCancel={() => setBlocked(null)}
              onConfirm={(reason) => {
                const { task, to } = blocked
                setBlocked(null)
                void move(task, to, reason)
              }}
            />
          </div>
        </div>
      )}
    </div>
  )
}
