import type { RoomRegistry } from '../collab/registry.ts'
import type { Feature } from '../feature.ts'
import type { HubStore } from '../hub/hub-store.ts'
import type { TaskViews } from '../tasks/task-views.ts'
import type { ApprovalStore } from './approvals/approval-store.ts'
import { Checklists } from './checklists.ts'
import { Experiments } from './experiments.ts'
import { mlRoutes } from './routes.ts'

export interface MlDeps {
  registry: RoomRegistry
  hub: HubStore
  /** Checklist gates on tasks read the project's live tasks. */
  tasks: Pick<TaskViews, 'live'>
  /** Sign-offs and ship decisions (the same records hold the done-gate's overrides). */
  approvals: ApprovalStore
}

/**
 * ML: experiment runs logged into documents by training scripts, and deployment checklists
 * evaluated against the task graph and those runs, with sign-offs and ship decisions as server
 * records (approvals/). No document extension: the hub indexes the ML blocks.
 */
export function mlFeature(deps: MlDeps): Feature & { experiments: Experiments; checklists: Checklists } {
  const { registry, hub, tasks, approvals } = deps
  const experiments = new Experiments({ registry, hub })
  const checklists = new Checklists({ registry, hub, tasks, approvals, experiments })
  return { name: 'ml', experiments, checklists, routes: mlRoutes({ experiments, checklists }) }
}
