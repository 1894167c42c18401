import type { MemberView } from '../../lib/api-types.ts'
import { UserAvatar } from '../../components/UserAvatar.tsx'
import '../../blocks/task/task.css'
import { PRIORITY_LABEL, shortDate, STAGE_LABEL, STATUS_LABEL, type TaskView } from '../../blocks/task/api.ts'

/** Small pieces the list, board and digest share. */
export function StatusPill({ status }: { status: TaskView['status'] }) {
  return <span className={`task-pill task-pill--${status} task-pill--static`}>{STATUS_LABEL[status]}</span>
}

export function DueChip({ task }: { task: TaskView }) {
  if (!task.due) return null
  return (
    <span className={`task-chip task-chip--due${task.overdue ? ' task-chip--overdue' : ''}`} title={task.overdue ? 'Overdue' : 'Due'} data-testid="due-chip">
      {shortDate(task.due)}
    </span>
  )
}

export function PriorityMark({ priority }: { priority: TaskView['priority'] }) {
  if (priority === 'none') return null
  return (
    <span className={`prio prio--${priority}`} title={`${PRIORITY_LABEL[priority]} priority`}>
      <span className="prio__bars" aria-hidden="true">
        <i />
        <i />
        <i />
      </span>
      {PRIORITY_LABEL[priority]}
    </span>
  )
}

export function StageTag({ stage }: { stage: TaskView['stage'] }) {
  if (stage === 'none') return null
  return <span className={`stage-tag stage-tag--${stage}`}>{STAGE_LABEL[stage]}</span>
}

export function Assignee({
  id,
  members,
  size = 22,
  withName = false,
}: {
  id: string | null
  members: readonly MemberView[] | undefined
  size?: number
  withName?: boolean
}) {
  if (!id) return withName ? <span className="tasks-muted">Unassigned</span> : null
  const m = members?.find((x) => x.userId === id)
  return (
    <span className="assignee" title={m?.name ?? 'Assigned'} data-testid="assignee" data-user-id={id}>
      <UserAvatar name={m?.name ?? '?'} color={m?.color ?? '#8b8d98'} size={size} />
      {withName && <span className="assignee__name">{m?.name ?? 'Someone'}</span>}
    </span>
  )
}
