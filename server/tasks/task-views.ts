import { isOpen } from '#shared/blocks/task'
import type { GraphView, TaskListQuery, TaskView } from '#shared/api/tasks'
import { analyse, type TaskGraph } from '#shared/tasks/graph'
import type { HubStore } from '../hub/hub-store.ts'
import type { StoredTask, TaskStore } from './task-store.ts'

const today = (): string => new Date().toISOString().slice(0, 10)

/**
 * The read side of the task API: the index's rows of live documents (not in the trash), with
 * what the project's graph says about each. Authorisation is the route's: these answer for
 * whatever project or task they are asked about.
 */
export class TaskViews {
  constructor(private readonly deps: { tasks: TaskStore; hub: HubStore }) {}

  /** A project's tasks in live documents (not in the trash): what the graph and the gates count. */
  live(projectId: string): StoredTask[] {
    return this.deps.tasks.ofProject(projectId).filter((t) => this.isLive(t.docId))
  }

  /** Live tasks of a project, with the graph computed over them. */
  project(projectId: string): { live: StoredTask[]; graph: TaskGraph } {
    const live = this.live(projectId)
    return { live, graph: analyse(live, today()) }
  }

  view(t: StoredTask, graph: TaskGraph): TaskView {
    return {
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
      unverifiedOverride: t.unverifiedOverride,
      gate: t.gate,
      blockedBy: graph.blockers.get(t.id) ?? [],
      inCycle: graph.cycles.some((c) => c.includes(t.id)),
      slack: graph.schedule.get(t.id)?.slack ?? null,
      overdue: t.due !== null && isOpen(t.status) && t.due < today(),
    }
  }

  /** One indexed task (the caller has checked it exists: task access resolves it first). */
  one(taskId: string): TaskView {
    const t = this.deps.tasks.get(taskId)!
    return this.view(t, this.project(t.projectId).graph)
  }

  list(projectId: string, query: TaskListQuery): TaskView[] {
    const { live, graph } = this.project(projectId)
    const q = query.q?.toLowerCase()
    return live
      .filter((t) => !query.status || t.status === query.status)
      .filter((t) => !query.assignee || t.assignee === query.assignee)
      .filter((t) => !query.stage || t.stage === query.stage)
      .filter((t) => !query.dueBefore || (t.due !== null && t.due <= query.dueBefore))
      .filter((t) => !query.blocked || graph.blockers.has(t.id) === (query.blocked === 'true'))
      .filter((t) => !q || t.title.toLowerCase().includes(q))
      .map((t) => this.view(t, graph))
  }

  graph(projectId: string): GraphView {
    const { live, graph } = this.project(projectId)
    return {
      nodes: live.map((t) => this.view(t, graph)),
      edges: live.flatMap((t) => t.deps.filter((d) => live.some((o) => o.id === d)).map((d) => ({ from: d, to: t.id }))),
      cycles: graph.cycles,
      criticalPath: graph.criticalPath,
      order: graph.order,
      projectFinishDays: graph.projectFinish,
      progress: Object.fromEntries(graph.progress),
    }
  }

  /** A user's live tasks across projects, those `canSee` lets through (their role on the document). */
  assignedTo(userId: string, canSee: (docId: string) => boolean): TaskView[] {
    const mine = this.deps.tasks.ofAssignee(userId).filter((t) => this.isLive(t.docId) && canSee(t.docId))
    const graphs = new Map<string, TaskGraph>()
    return mine.map((t) => {
      if (!graphs.has(t.projectId)) graphs.set(t.projectId, this.project(t.projectId).graph)
      return this.view(t, graphs.get(t.projectId)!)
    })
  }

  private isLive(docId: string): boolean {
    return this.deps.hub.doc(docId)?.archivedAt === null
  }
}
