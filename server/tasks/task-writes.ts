import * as Y from 'yjs'
import type { TaskCreate, TaskPatch, TaskView } from '#shared/api/tasks'
import { dependsOnItself, type DoneOverride, TASK_NODE, type TaskAttrs } from '#shared/blocks/task'
import { EDITOR_FRAGMENT } from '#shared/doc/fragment'
import type { RoomRegistry } from '../collab/registry.ts'
import type { Room } from '../collab/room.ts'
import type { HubStore } from '../hub/hub-store.ts'
import { HttpError } from '../http/errors.ts'
import type { ApprovalStore } from '../ml/approvals/approval-store.ts'
import type { Directory } from '../workspaces/directory.ts'
import { newDocId } from '../workspaces/doc-ids.ts'
import { type Blocker, openBlockers } from './done-gate.ts'
import { taskElements } from './extract.ts'
import type { TaskIndexer } from './indexer.ts'
import type { TaskStore } from './task-store.ts'
import type { TaskViews } from './task-views.ts'

export interface TaskWritesDeps {
  tasks: TaskStore
  views: TaskViews
  indexer: TaskIndexer
  registry: RoomRegistry
  hub: HubStore
  directory: Directory
  approvals: ApprovalStore
}

/**
 * Task edits made through the API. They go INTO the documents (so open editors change live and
 * every edit is in the log); the index follows from the commit as for any other edit. A task
 * cannot be made done while a dependency is open unless an override with a reason is given,
 * which the server records (the approvals table) and copies onto the block for display.
 */
export class TaskWrites {
  constructor(private readonly deps: TaskWritesDeps) {}

  /** 409 with the blockers when a task would be done over open dependencies (no override given). */
  refuseIfBlocked(projectId: string, taskId: string | null, deps: readonly string[]): void {
    const { live } = this.deps.views.project(projectId)
    const open: Blocker[] = openBlockers(taskId ?? '', deps, (d) => live.find((o) => o.id === d))
    if (open.length === 0) return
    throw Object.assign(new HttpError(409, 'blocked', `blocked by ${open.length} open ${open.length === 1 ? 'dependency' : 'dependencies'}`), {
      details: { blockers: open },
    })
  }

  /** Changes an indexed task's block as `userId` (an editor of its document). */
  patch(taskId: string, userId: string, input: TaskPatch): TaskView {
    const { tasks, registry, directory, approvals, views } = this.deps
    const t = tasks.get(taskId)!
    if (input.deps && dependsOnItself(t.id, input.deps)) throw new HttpError(400, 'bad_request', 'deps: a task cannot depend on itself')
    // Gate on the dependencies the task will have after this edit.
    if (input.status === 'done' && t.status !== 'done' && !input.override) this.refuseIfBlocked(t.projectId, t.id, input.deps ?? t.deps)
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
      registry.change(t.docId, userId, (doc) => {
        const el = this.elementIn(doc, registry.get(t.docId), t.id)
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
          const override: DoneOverride = { by: userId, at: new Date().toISOString(), reason: input.override.reason }
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
    return views.one(t.id)
  }

  /** A new task block at the end of a document of a project, as `userId`. */
  create(docId: string, userId: string, input: TaskCreate): TaskView {
    const { hub, registry, views } = this.deps
    const row = hub.doc(docId)
    if (!row?.projectId || row.kind !== 'doc') throw new HttpError(404, 'not_found', 'document not found')
    if (input.status === 'done') this.refuseIfBlocked(row.projectId, null, input.deps ?? [])
    const id = `t${newDocId()}`
    registry.change(row.id, userId, (doc) => {
      const el = new Y.XmlElement(TASK_NODE)
      doc.getXmlFragment(EDITOR_FRAGMENT).push([el])
      el.setAttribute('id', id)
      const attrs: Partial<TaskAttrs> = { status: input.status ?? 'todo', priority: input.priority ?? 'none', stage: input.stage ?? 'none' }
      for (const [k, v] of Object.entries({ ...attrs, assignee: input.assignee, due: input.due, estimate: input.estimate }))
        if (v !== undefined) setAttr(el, k, v)
      if (input.deps) el.setAttribute('deps', input.deps as unknown as string)
      replaceTitle(el, input.title)
    })
    return views.view(this.deps.tasks.get(id)!, views.project(row.projectId).graph)
  }

  /**
   * Finds a task's element in the doc the change is given: the indexer's map when that doc is the
   * room's own (the direct path), else a scan. Never the room's element while `doc` is a fork
   * (server-change.ts): an edit there would reach the live doc before its size was judged.
   */
  private elementIn(doc: Y.Doc, room: Room | undefined, taskId: string): Y.XmlElement | null {
    if (room && room.doc === doc) {
      const el = this.deps.indexer.elementOf(room, taskId)
      if (el) return el
    }
    return taskElements(doc.getXmlFragment(EDITOR_FRAGMENT)).find((el) => el.getAttribute('id') === taskId) ?? null
  }
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
