import { useEffect, useRef, useState, type DragEvent, type KeyboardEvent } from 'react'
import type { TaskStatus } from '#shared/blocks/task'
import type { MemberView } from '../../lib/api-types.ts'
import { navigate } from '../../lib/router.ts'
import { OverridePanel } from '../../blocks/task/TaskNodeView.tsx'
import { patchTask, STATUS_LABEL, taskHref, type Blocker, type TaskView } from '../../blocks/task/api.ts'
import { adjacentColumn, BOARD_COLUMNS, boardMoveKey, dropAction, groupByStatus, TASK_DRAG_TYPE } from './logic.ts'
import { Assignee, DueChip, PriorityMark, StageTag } from './TaskBits.tsx'

/**
 * Columns by status. Dragging a card to another column PATCHes its status (the server writes it
 * into the document, so open editors change live). Moving a blocked task to done comes back as a
 * 409 with its blockers: the card stays, and a dialog offers to override with a reason.
 * By keyboard: a card takes focus (Tab), Enter opens it, Alt/Ctrl+Left/Right moves it one column
 * through the same path as a drop; the move is announced in a live region and focus follows the
 * card to its new column.
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
  const [announcement, setAnnouncement] = useState('')
  const board = useRef<HTMLDivElement>(null)
  /** The card that had focus when it moved: it remounts in its new column, focus goes with it. */
  const [follow, setFollow] = useState<string | null>(null)
  const columns = groupByStatus(tasks)

  useEffect(() => {
    if (!follow) return
    const el = board.current?.querySelector<HTMLElement>(`[data-testid="board-card"][data-task-id="${CSS.escape(follow)}"]`)
    if (el && document.activeElement !== el) el.focus()
  })

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
      setAnnouncement(`“${task.title || 'Untitled task'}” stays in ${STATUS_LABEL[task.status]}${result.code === 'blocked' ? ': it is blocked' : ''}.`)
    } else {
      setAnnouncement(`“${task.title || 'Untitled task'}” moved to ${STATUS_LABEL[to]}.`)
    }
    onChanged()
  }

  const onCardKey = (event: KeyboardEvent, task: TaskView): void => {
    if (event.target !== event.currentTarget) return
    if (event.key === 'Enter') {
      event.preventDefault()
      navigate(taskHref(task))
      return
    }
    const direction = boardMoveKey(event)
    if (direction === null) return
    event.preventDefault()
    const to = adjacentColumn(task.status, direction)
    if (!editable) {
      setAnnouncement('You can view this board, not change it.')
      return
    }
    if (!to) {
      setAnnouncement(`“${task.title || 'Untitled task'}” is already in the ${direction < 0 ? 'first' : 'last'} column.`)
      return
    }
    setFollow(task.id)
    void move(task, to)
  }

  const onDrop = (event: DragEvent, to: TaskStatus): void => {
    event.preventDefault()
    setOver(null)
    const id = event.dataTransfer.getData(TASK_DRAG_TYPE) || event.dataTransfer.getData('text/plain')
    const task = tasks.find((t) => t.id === id)
    if (task && editable) void move(task, to)
  }

  return (
    <div className="board" data-testid="task-board" ref={board}>
      <p className="board__announcer" aria-live="polite" data-testid="board-announcer">
        {announcement}
      </p>
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
                    tabIndex={0}
                    aria-label={`${t.title || 'Untitled task'}, ${STATUS_LABEL[t.status]}`}
                    aria-keyshortcuts={editable ? 'Alt+ArrowLeft Alt+ArrowRight Enter' : 'Enter'}
                    data-testid="board-card"
                    data-task-id={t.id}
                    onKeyDown={(e) => onCardKey(e, t)}
                    onBlur={(e) => e.relatedTarget && setFollow((f) => (f === t.id ? null : f))}
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
