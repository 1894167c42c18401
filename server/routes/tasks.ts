import type { FastifyInstance } from 'fastify'
import * as Y from 'yjs'
import { z } from 'zod'
import { dependsOnItself, type DoneOverride, isOpen, TASK_NODE, TASK_STAGES, TASK_STATUSES, type TaskAttrs } from '#shared/blocks/task'
import { OverrideReasonSchema, TaskDueSchema, TaskFieldsSchema } from '#shared/blocks/task-schema'
import { EDITOR_FRAGMENT } from '#shared/doc/fragment'
import { analyse } from '#shared/tasks/graph'
import { type Principal, roleOn, userOf } from '../auth/principal.ts'
import type { ApprovalStore } from '../approvals/approval-store.ts'
import type { RoomRegistry } from '../collab/registry.ts'
import type { HubStore } from '../hub/hub-store.ts'
import { type Blocker, openBlockers } from '../tasks/done-gate.ts'
import { taskElements } from '../tasks/extract.ts'
import type { TaskIndexer } from '../tasks/indexer.ts'
import type { StoredTask, TaskStore } from '../tasks/task-store.ts'
import type { Directory } from '../workspaces/directory.ts'
import { newDocId } from '../workspaces/doc-ids.ts'
import { HttpError } from '../http/errors.ts'

const Patch = TaskFieldsSchema.partial().extend({
  /** Moving to done while blocked needs a reason; the override is recorded by the server. */
  override: z.object({ reason: OverrideReasonSchema }).optional(),
})
const Create = TaskFieldsSchema.partial().extend({ title: z.string().trim().min(1).max(500) })
const ListQuery = z.object({
  status: z.enum(TASK_STATUSES).optional(),
  assignee: z.string().max(64).optional(),
  stage: z.enum(TASK_STAGES).optional(),
  dueBefore: TaskDueSchema.optional(),
  blocked: z.enum(['true', 'false']).optional(),
  q: z.string().trim().max(100).optional(),
})

const today = () => new Date().toISOString().slice(0, 10)

/**
 * Tasks: the index derived from task blocks, and edits that go back INTO the documents (so open
 * editors change live and every edit is in the log). A task cannot be marked done while a
 * dependency is open unless an override with a reason is given (then recorded on the block).
 */
export async function taskRoutes(
  app: FastifyInstance,
  opts: { tasks: TaskStore; indexer: TaskIndexer; registry: RoomRegistry; hub: HubStore; directory: Directory; approvals: ApprovalStore },
): Promise<void> {
  const { tasks, indexer, registry, hub, directory, approvals } = opts
  const project = { access: { on: 'project' as const, param: 'projectId', min: 'viewer' as const } }

  /** Live tasks of a project (not in the trash), with the graph computed over them. */
  function projectTasks(projectId: string) {
    const live = tasks.ofProject(projectId).filter((t) => hub.doc(t.docId)?.archivedAt === null)
    return { live, graph: analyse(live, today()) }
  }

  const view = (t: StoredTask, graph: ReturnType<typeof analyse>) => ({
    id: t.id,
    docId: t.docId,
    projectId: t.projectId,
    title: t.title,
    status: t.status,
    assignee: t.assignee,
    due: t.due,
    estimate: t.estimate,
    priority: t.priority,
    stage: t.stage,
    deps: t.deps,
    override: t.override,
    /** An override found on the block with no matching server record: not counted, shown as such. */
    unverifiedOverride: t.unverifiedOverride,
    gate: t.gate,
    blockedBy: graph.blockers.get(t.id) ?? [],
    inCycle: graph.cycles.some((c) => c.includes(t.id)),
    slack: graph.schedule.get(t.id)?.slack ?? null,
    overdue: t.due !== null && isOpen(t.status) && t.due < today(),
  })

  app.get<{ Params: { projectId: string } }>('/api/projects/:projectId/tasks', { config: project }, async (request) => {
    const query = ListQuery.parse(request.query)
    const { live, graph } = projectTasks(request.params.projectId)
    const q = query.q?.toLowerCase()
    return live
      .filter((t) => !query.status || t.status === query.status)
      .filter((t) => !query.assignee || t.assignee === query.assignee)
      .filter((t) => !query.stage || t.stage === query.stage)
      .filter((t) => !query.dueBefore || (t.due !== null && t.due <= query.dueBefore))
      .filter((t) => !query.blocked || graph.blockers.has(t.id) === (query.blocked === 'true'))
      .filter((t) => !q || t.title.toLowerCase().includes(q))
      .map((t) => view(t, graph))
  })

  app.get<{ Params: { projectId: string } }>('/api/projects/:projectId/graph', { config: project }, async (request) => {
    const { live, graph } = projectTasks(request.params.projectId)
    return {
      nodes: live.map((t) => view(t, graph)),
      edges: live.flatMap((t) => t.deps.filter((d) => live.some((o) => o.id === d)).map((d) => ({ from: d, to: t.id }))),
      cycles: graph.cycles,
      criticalPath: graph.criticalPath,
      order: graph.order,
      projectFinishDays: graph.projectFinish,
      progress: Object.fromEntries(graph.progress),
    }
  })

  app.get('/api/me/tasks', { config: { access: { who: 'user' } } }, async (request) => {
    const user = userOf(request.principal)!
    const mine = tasks.ofAssignee(user.id).filter((t) => hub.doc(t.docId)?.archivedAt === null && roleOn(directory, request.principal, { docId: t.docId }))
    const graphs = new Map<string, ReturnType<typeof analyse>>()
    return mine.map((t) => {
      if (!graphs.has(t.projectId)) graphs.set(t.projectId, projectTasks(t.projectId).graph)
      return view(t, graphs.get(t.projectId)!)
    })
  })

  app.get<{ Params: { taskId: string } }>('/api/tasks/:taskId', { config: { access: { on: 'task', param: 'taskId', min: 'viewer' } } }, async (request) => {
    const t = tasks.get(request.params.taskId)!
    return view(t, projectTasks(t.projectId).graph)
  })

  /** 409 with the blockers when a task would be done over open dependencies (no override given). */
  function refuseIfBlocked(projectId: string, taskId: string | null, deps: readonly string[]): void {
    const { live } = projectTasks(projectId)
    const open: Blocker[] = openBlockers(taskId ?? '', deps, (d) => live.find((o) => o.id === d))
    if (open.length === 0) return
    throw Object.assign(new HttpError(409, 'blocked', `blocked by ${open.length} open ${open.length === 1 ? 'dependency' : 'dependencies'}`), {
      details: { blockers: open },
    })
  }

  /**
   * Finds a task's element in the doc the change is given: the indexer's map when that doc is the
   * room's own (the direct path), else a scan. Never the room's element while `doc` is a fork
   * (server-change.ts): an edit there would reach the live doc before its size was judged.
   */
  function elementIn(doc: Y.Doc, room: Parameters<TaskIndexer['elementOf']>[0] | undefined, taskId: string): Y.XmlElement | null {
    if (room && room.doc === doc) {
      const el = indexer.elementOf(room, taskId)
      if (el) return el
    }
    return taskElements(doc.getXmlFragment(EDITOR_FRAGMENT)).find((el) => el.getAttribute('id') === taskId) ?? null
  }

  app.patch<{ Params: { taskId: string } }>('/api/tasks/:taskId', { config: { access: { on: 'task', param: 'taskId', min: 'editor' } } }, async (request) => {
    const input = Patch.parse(request.body)
    const t = tasks.get(request.params.taskId)!
    const user = userOf(request.principal)!
    if (input.deps && dependsOnItself(t.id, input.deps)) throw new HttpError(400, 'bad_request', 'deps: a task cannot depend on itself')
    // Gate on the dependencies the task will have after this edit.
    if (input.status === 'done' && t.status !== 'done' && !input.override) refuseIfBlocked(t.projectId, t.id, input.deps ?? t.deps)
    if (input.assignee && !directory.workspaceRole(directory.project(t.projectId)!.workspaceId, input.assignee)) {
      throw new HttpError(400, 'bad_request', 'assignee: not a member of this workspace')
    }
    let found = true
    // The override is recorded inside the change (the indexer, running on its commit, must find
    // it), so a change that is refused (413) or fails puts back the record there was before.
    const overriding = input.status === 'done' && input.override !== undefined
    const before = overriding ? approvals.override(t.docId, t.id) : null
    let recorded = false
    try {
      registry.change(t.docId, user.id, (doc) => {
        const el = elementIn(doc, registry.get(t.docId), t.id)
        if (!el) {
          found = false
          return
        }
        for (const key of ['status', 'assignee', 'due', 'estimate', 'priority', 'stage'] as const) {
          if (input[key] !== undefined) setAttr(el, key, input[key])
        }
        if (input.deps) el.setAttribute('deps', input.deps as unknown as string)
        if (input.status !== undefined) el.removeAttribute('gate')
        if (input.status === 'done' && input.override) {
          // Recorded here, after every queued edit has been committed and before this one is: the
          // indexer, which runs on this commit, finds the record. The block's copy is for display.
          const override: DoneOverride = { by: user.id, at: new Date().toISOString(), reason: input.override.reason }
          approvals.putOverride(t.docId, t.id, override)
          recorded = true
          el.setAttribute('override', override as unknown as string)
        } else if (input.status !== undefined && input.status !== 'done') el.removeAttribute('override')
        if (input.title !== undefined) replaceTitle(el, input.title)
      })
    } catch (err) {
      if (recorded) {
        if (before) approvals.putOverride(t.docId, t.id, before)
        else approvals.removeOverride(t.docId, t.id)
      }
      throw err
    }
    if (!found) throw new HttpError(409, 'stale', 'the task block is gone from its document')
    const updated = tasks.get(t.id)!
    return view(updated, projectTasks(updated.projectId).graph)
  })

  app.post<{ Params: { id: string } }>('/api/docs/:id/tasks', { config: { access: { on: 'doc', param: 'id', min: 'editor' } } }, async (request, reply) => {
    const input = Create.parse(request.body)
    const row = hub.doc(request.params.id)
    if (!row?.projectId || row.kind !== 'doc') throw new HttpError(404, 'not_found', 'document not found')
    const user = userOf(request.principal)!
    if (input.status === 'done') refuseIfBlocked(row.projectId, null, input.deps ?? [])
    const id = `t${newDocId()}`
    registry.change(row.id, user.id, (doc) => {
      const el = new Y.XmlElement(TASK_NODE)
      doc.getXmlFragment(EDITOR_FRAGMENT).push([el])
      el.setAttribute('id', id)
      const attrs: Partial<TaskAttrs> = { status: input.status ?? 'todo', priority: input.priority ?? 'none', stage: input.stage ?? 'none' }
      for (const [k, v] of Object.entries({ ...attrs, assignee: input.assignee, due: input.due, estimate: input.estimate })) if (v !== undefined) setAttr(el, k, v)
      if (input.deps) el.setAttribute('deps', input.deps as unknown as string)
      replaceTitle(el, input.title)
    })
    return reply.status(201).send(view(tasks.get(id)!, projectTasks(row.projectId).graph))
  })
}

/** y-prosemirror keeps node attrs as XmlElement attributes; null means "not set". */
function setAttr(el: Y.XmlElement, key: string, value: unknown): void {
  if (value === null) el.removeAttribute(key)
  else el.setAttribute(key, value as string)
}

function replaceTitle(el: Y.XmlElement, title: string): void {
  el.delete(0, el.length)
  el.insert(0, [new Y.XmlText(title)])
}
