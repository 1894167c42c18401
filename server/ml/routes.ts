import type { FastifyPluginAsync } from 'fastify'
import { ChecklistItemId, RunInput, RunPatch, RunsQuery } from '#shared/api/ml'
import { type Principal, requireUser, userIdOf } from '../auth/principal.ts'
import type { Checklists, Signer } from './checklists.ts'
import type { Experiments } from './experiments.ts'

type RunP = { Params: { projectId: string; blockId: string; runId: string } }
type ChecklistP = { Params: { projectId: string; checklistId: string } }
type ItemP = { Params: { projectId: string; checklistId: string; itemId: string } }

/** Sign-offs and decisions are someone's: never anonymous. */
const signer = (p: Principal): Signer => requireUser(p)

/**
 * The ML API: experiment runs (scripts log them into an experiment-log block) and deployment
 * checklists (evaluated against the task graph and the runs; sign-offs and ship decisions are
 * server records). Each route parses with the shared schemas, is authorised through
 * `config.access`, and leaves the rest to the services.
 */
export function mlRoutes(deps: { experiments: Experiments; checklists: Checklists }): FastifyPluginAsync {
  const { experiments, checklists } = deps
  const editor = { access: { on: 'project' as const, param: 'projectId', min: 'editor' as const } }
  const viewer = { access: { on: 'project' as const, param: 'projectId', min: 'viewer' as const } }

  return async (app) => {
    app.post<RunP>('/api/projects/:projectId/experiments/:blockId/runs', { config: editor }, async (request, reply) => {
      const input = RunInput.parse(request.body)
      const written = experiments.post(request.params.projectId, request.params.blockId, userIdOf(request.principal), input)
      return reply.status(written.created ? 201 : 200).send(written)
    })

    app.patch<RunP>('/api/projects/:projectId/experiments/:blockId/runs/:runId', { config: editor }, async (request) => {
      const input = RunPatch.parse(request.body)
      const { projectId, blockId, runId } = request.params
      return experiments.patch(projectId, blockId, runId, userIdOf(request.principal), input)
    })

    app.delete<RunP>('/api/projects/:projectId/experiments/:blockId/runs/:runId', { config: editor }, async (request) => {
      const { projectId, blockId, runId } = request.params
      return experiments.delete(projectId, blockId, runId, userIdOf(request.principal))
    })

    app.get<RunP>('/api/projects/:projectId/experiments/:blockId/runs', { config: viewer }, async (request) =>
      experiments.runs(request.params.projectId, request.params.blockId),
    )

    app.get<RunP>('/api/projects/:projectId/runs', { config: viewer }, async (request) =>
      experiments.compare(request.params.projectId, RunsQuery.parse(request.query)),
    )

    app.get<ChecklistP>('/api/projects/:projectId/checklists/:checklistId', { config: viewer }, async (request) =>
      checklists.view(request.params.projectId, request.params.checklistId),
    )

    app.post<ChecklistP>('/api/projects/:projectId/checklists/:checklistId/ml-test-score', { config: editor }, async (request) => {
      const user = signer(request.principal)
      return checklists.addMlTestScore(request.params.projectId, request.params.checklistId, user.id)
    })

    app.post<ItemP>('/api/projects/:projectId/checklists/:checklistId/items/:itemId/signoff', { config: editor }, async (request) => {
      const user = signer(request.principal)
      const { projectId, checklistId, itemId } = request.params
      return checklists.signOff(projectId, checklistId, ChecklistItemId.parse(itemId), user)
    })

    app.delete<ItemP>('/api/projects/:projectId/checklists/:checklistId/items/:itemId/signoff', { config: editor }, async (request) => {
      const user = signer(request.principal)
      const { projectId, checklistId, itemId } = request.params
      return checklists.withdraw(projectId, checklistId, ChecklistItemId.parse(itemId), user)
    })

    app.post<ChecklistP>('/api/projects/:projectId/checklists/:checklistId/ship', { config: editor }, async (request) =>
      checklists.ship(request.params.projectId, request.params.checklistId, signer(request.principal)),
    )
  }
}
