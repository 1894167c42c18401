import { z } from 'zod'
import { type DoneOverride as DoneOverrideAttr, TASK_STAGES, TASK_STATUSES, type TaskGate as TaskGateAttr } from '../blocks/task.ts'
import { OverrideReasonSchema, TaskDueSchema, TaskFieldsSchema, TaskIdSchema } from '../blocks/task-schema.ts'

/**
 * The task REST API's bodies and answers (server/tasks/routes.ts parses with these; the client's
 * task views are typed by them). The fields come from the task block (shared/blocks/task.ts and
 * task-schema.ts), so a field added to the block is added here by the same line.
 */

/** A done-while-blocked override as the server recorded it (`DoneOverride` of the block). */
export const DoneOverride = z.object({ by: z.string(), at: z.string(), reason: z.string() }) satisfies z.ZodType<DoneOverrideAttr>
/** The server's note on a task it reopened (`TaskGate` of the block). */
export const TaskGate = z.object({ at: z.string(), blockedBy: z.array(z.object({ id: z.string(), title: z.string() })) }) satisfies z.ZodType<TaskGateAttr>

/** A task as the REST API answers it: the index's row plus what the project's graph says about it. */
export const TaskView = TaskFieldsSchema.extend({
  id: TaskIdSchema,
  docId: z.string(),
  projectId: z.string(),
  /** The block's text, trimmed: may be empty (a block nobody titled yet). */
  title: z.string(),
  /** The override the server recorded (only the server writes these). */
  override: DoneOverride.nullable(),
  /** An override found on the block with no matching server record: shown as unverified, never counted. */
  unverifiedOverride: DoneOverride.nullable(),
  /** The server's note when it reopened the task (made done over the socket while blocked). */
  gate: TaskGate.nullable(),
  /** Ids of the open dependencies. */
  blockedBy: z.array(z.string()),
  inCycle: z.boolean(),
  /** Days the task can slip without moving the project's finish; null inside a cycle. */
  slack: z.number().nullable(),
  overdue: z.boolean(),
})
export type TaskView = z.infer<typeof TaskView>

/** `GET /api/projects/:projectId/graph`. */
export const GraphView = z.object({
  nodes: z.array(TaskView),
  edges: z.array(z.object({ from: z.string(), to: z.string() })),
  cycles: z.array(z.array(z.string())),
  criticalPath: z.array(z.string()),
  order: z.array(z.string()),
  projectFinishDays: z.number(),
  progress: z.partialRecord(z.enum(TASK_STAGES), z.object({ done: z.number(), total: z.number() })),
})
export type GraphView = z.infer<typeof GraphView>

/** An open dependency, as a 409 `blocked` answer lists them (`error.blockers`). */
export const TaskBlocker = z.object({ id: z.string(), title: z.string(), status: z.enum(TASK_STATUSES) })
export type TaskBlocker = z.infer<typeof TaskBlocker>

/** `PATCH /api/tasks/:taskId`: any of the block's fields. */
export const TaskPatch = TaskFieldsSchema.partial().extend({
  /** Moving to done while blocked needs a reason; the override is recorded by the server. */
  override: z.object({ reason: OverrideReasonSchema }).optional(),
})
export type TaskPatch = z.infer<typeof TaskPatch>

/** `POST /api/docs/:id/tasks`: a new task block at the end of the document; a title is required. */
export const TaskCreate = TaskFieldsSchema.partial().extend({ title: TaskFieldsSchema.shape.title })
export type TaskCreate = z.infer<typeof TaskCreate>

/** `GET /api/projects/:projectId/tasks` query: every filter optional, all of them must hold. */
export const TaskListQuery = z.object({
  status: z.enum(TASK_STATUSES).optional(),
  assignee: z.string().max(64).optional(),
  stage: z.enum(TASK_STAGES).optional(),
  /** Due on or before this day. */
  dueBefore: TaskDueSchema.optional(),
  blocked: z.enum(['true', 'false']).optional(),
  /** Words in the title (case-insensitive). */
  q: z.string().trim().max(100).optional(),
})
export type TaskListQuery = z.infer<typeof TaskListQuery>
