import { z } from 'zod'
import { isCalendarDate, TASK_DUE_YEARS, TASK_ID_PATTERN, TASK_PRIORITIES, TASK_STAGES, TASK_STATUSES } from './task.ts'

/**
 * The task block's fields as zod schemas, for REST bodies and queries. Built on the same
 * predicates as `parseTaskAttrs` (task.ts), which the editor and the server's indexer use on
 * document content, so the API refuses exactly what the indexer ignores.
 */
export const TaskIdSchema = z.string().regex(TASK_ID_PATTERN)
export const TaskDueSchema = z.string().refine(isCalendarDate, `a real date as YYYY-MM-DD, years ${TASK_DUE_YEARS.min} to ${TASK_DUE_YEARS.max}`)

export const TaskFieldsSchema = z.object({
  title: z.string().trim().min(1).max(500),
  status: z.enum(TASK_STATUSES),
  assignee: z.string().min(1).max(64).nullable(),
  due: TaskDueSchema.nullable(),
  estimate: z.number().min(0).max(10_000).nullable(),
  priority: z.enum(TASK_PRIORITIES),
  stage: z.enum(TASK_STAGES),
  deps: z.array(TaskIdSchema).max(100),
})

/** The reason given with a done-while-blocked override. */
export const OverrideReasonSchema = z.string().trim().min(3).max(500)
