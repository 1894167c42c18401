import type { ReactNode } from 'react'
import type { JsonNode } from '#shared/api/docs'
import { parseTaskAttrs } from '#shared/blocks/task'
import { PRIORITY_LABEL, shortDate, STATUS_LABEL } from '../../../blocks/task/api.ts'
import '../../../blocks/task/task.css'
import type { Names } from './wording.ts'

/**
 * A task block as one compact row: status pill, title, assignee, due, priority. The attrs are
 * read with the block's own parser (shared/blocks/task.ts), so a malformed version shows the
 * defaults the editor would show, never a crash.
 */
export function TaskRow({ node, names, title }: { node: JsonNode; names: Names; title: ReactNode }) {
  const task = parseTaskAttrs(node.attrs ?? {})
  const assignee = task.assignee === null ? null : (names.user(task.assignee) ?? 'Someone')
  return (
    <div className="cv-task">
      <span className={`task-pill task-pill--${task.status} task-pill--static`}>{STATUS_LABEL[task.status]}</span>
      <span className="cv-task__title">{title}</span>
      <span className="cv-task__meta">
        {assignee !== null && <span className="cv-task__who">@{assignee}</span>}
        {task.due !== null && <span className="task-chip">Due {shortDate(task.due)}</span>}
        {task.priority !== 'none' && <span className="task-chip">{PRIORITY_LABEL[task.priority]}</span>}
        {task.deps.length > 0 && <span className="task-chip">{task.deps.length === 1 ? '1 dependency' : `${task.deps.length} dependencies`}</span>}
      </span>
    </div>
  )
}
