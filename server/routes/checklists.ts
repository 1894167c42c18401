import type { FastifyInstance } from 'fastify'
import { addMlTestScore, decisionGates, readChecklist, recordDecision } from '#shared/ml/checklist'
import { gateLabel, readiness } from '#shared/ml/gates'
import { type Run, readRuns } from '#shared/ml/runs'
import type { RoomRegistry } from '../collab/registry.ts'
import type { HubStore } from '../hub/hub-store.ts'
import type { TaskStore } from '../tasks/task-store.ts'
import { HttpError } from './errors.ts'

type P = { Params: { projectId: string; checklistId: string } }

/**
 * Deployment checklists: the server evaluates a checklist against the project's task graph and
 * experiment runs, and records the ship decision (who, when, every gate's state) into the block's
 * document, only when everything holds.
 */
export async function checklistRoutes(app: FastifyInstance, opts: { registry: RoomRegistry; hub: HubStore; tasks: TaskStore }): Promise<void> {
  const { registry, hub, tasks } = opts

  function docOf(projectId: string, blockId: string): string {
    const docId = hub.blockDoc(blockId, 'checklist')
    const row = docId ? hub.doc(docId) : null
    if (!docId || row?.projectId !== projectId || row.archivedAt !== null) throw new HttpError(404, 'not_found', 'checklist not found in this project')
    return docId
  }

  function evaluate(projectId: string, blockId: string) {
    const docId = docOf(projectId, blockId)
    const state = readChecklist(registry.peek(docId), blockId)
    const runs: Run[] = []
    for (const b of hub.experimentBlocksOf(projectId)) runs.push(...readRuns(registry.peek(b.docId), b.blockId))
    const live = tasks.ofProject(projectId).filter((t) => hub.doc(t.docId)?.archivedAt === null)
    return { docId, state, result: readiness(state.items, state.gates, { tasks: live, runs }) }
  }

  app.get<P>('/api/projects/:projectId/checklists/:checklistId', { config: { access: { on: 'project', param: 'projectId', min: 'viewer' } } }, async (request) => {
    const { state, result } = evaluate(request.params.projectId, request.params.checklistId)
    return {
      items: state.items,
      gates: result.gates.map((r) => ({ label: gateLabel(r.gate), holds: r.holds, detail: r.detail })),
      ready: result.ready,
      blockers: result.blockers,
      decision: state.decision,
    }
  })

  app.post<P>('/api/projects/:projectId/checklists/:checklistId/ml-test-score', { config: { access: { on: 'project', param: 'projectId', min: 'editor' } } }, async (request) => {
    const docId = docOf(request.params.projectId, request.params.checklistId)
    const userId = request.principal.kind === 'anonymous' ? 'anonymous' : request.principal.user.id
    registry.change(docId, userId, (doc) => addMlTestScore(doc, request.params.checklistId))
    return { items: readChecklist(registry.peek(docId), request.params.checklistId).items.length }
  })

  app.post<P>('/api/projects/:projectId/checklists/:checklistId/ship', { config: { access: { on: 'project', param: 'projectId', min: 'editor' } } }, async (request) => {
    const { docId, state, result } = evaluate(request.params.projectId, request.params.checklistId)
    if (!result.ready) {
      throw Object.assign(new HttpError(409, 'not_ready', 'not ready to ship'), { details: { blockers: result.blockers } })
    }
    const p = request.principal
    if (p.kind === 'anonymous') throw new HttpError(401, 'unauthenticated', 'sign in first')
    const decision = {
      by: p.user.id,
      byName: p.user.name,
      at: new Date().toISOString(),
      gates: decisionGates(result.gates, gateLabel),
      items: state.items.filter((i) => i.required).map((i) => ({ text: i.text, signedBy: i.signedBy })),
    }
    registry.change(docId, p.user.id, (doc) => recordDecision(doc, request.params.checklistId, decision))
    return decision
  })
}
