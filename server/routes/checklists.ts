import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { addMlTestScore, decisionGates, putItem, readChecklist, recordDecision, type ShipDecision } from '#shared/ml/checklist'
import { gateLabel, readiness } from '#shared/ml/gates'
import { type Run, readRuns } from '#shared/ml/runs'
import type { ApprovalStore } from '../ml/approvals/approval-store.ts'
import { verifyChecklist } from '../ml/approvals/verify.ts'
import type { Principal } from '../auth/principal.ts'
import type { RoomRegistry } from '../collab/registry.ts'
import type { HubStore } from '../hub/hub-store.ts'
import type { TaskStore } from '../tasks/task-store.ts'
import { HttpError } from '../http/errors.ts'

type P = { Params: { projectId: string; checklistId: string } }
type ItemP = { Params: { projectId: string; checklistId: string; itemId: string } }
const ItemId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/)

/**
 * Deployment checklists: the server evaluates a checklist against the project's task graph and
 * experiment runs. Sign-offs and the ship decision are recorded by these routes only (the
 * approvals table, after the role check) and copied into the block's document for display;
 * every answer counts the records alone and flags document copies without one. A record is
 * written only after the document change returned: one refused (413) leaves no record behind.
 */
export async function checklistRoutes(app: FastifyInstance, opts: { registry: RoomRegistry; hub: HubStore; tasks: TaskStore; approvals: ApprovalStore }): Promise<void> {
  const { registry, hub, tasks, approvals } = opts
  const editor = { access: { on: 'project' as const, param: 'projectId', min: 'editor' as const } }
  const userOf = (p: Principal) => {
    if (p.kind === 'anonymous') throw new HttpError(401, 'unauthenticated', 'sign in first')
    return p.user
  }

  function docOf(projectId: string, blockId: string): string {
    const docId = hub.blockDoc(blockId, 'checklist')
    const row = docId ? hub.doc(docId) : null
    if (!docId || row?.projectId !== projectId || row.archivedAt !== null) throw new HttpError(404, 'not_found', 'checklist not found in this project')
    return docId
  }

  function evaluate(projectId: string, blockId: string) {
    const docId = docOf(projectId, blockId)
    const state = verifyChecklist(readChecklist(registry.readCommitted(docId), blockId), approvals.signOffs(docId, blockId), approvals.decision(docId, blockId))
    const runs: Run[] = []
    for (const b of hub.experimentBlocksOf(projectId)) runs.push(...readRuns(registry.readCommitted(b.docId), b.blockId))
    const live = tasks.ofProject(projectId).filter((t) => hub.doc(t.docId)?.archivedAt === null)
    return { docId, state, result: readiness(state.items, state.gates, { tasks: live, runs }) }
  }

  function itemOf(request: ItemP['Params']) {
    const itemId = ItemId.parse(request.itemId)
    const { docId, state } = evaluate(request.projectId, request.checklistId)
    const item = state.items.find((i) => i.id === itemId)
    if (!item) throw new HttpError(404, 'not_found', 'no such item in this checklist')
    return { docId, item }
  }

  app.get<P>('/api/projects/:projectId/checklists/:checklistId', { config: { access: { on: 'project', param: 'projectId', min: 'viewer' } } }, async (request) => {
    const { state, result } = evaluate(request.params.projectId, request.params.checklistId)
    return {
      items: state.items,
      gates: result.gates.map((r) => ({ label: gateLabel(r.gate), holds: r.holds, detail: r.detail })),
      ready: result.ready,
      blockers: result.blockers,
      decision: state.decision,
      unverifiedDecision: state.unverifiedDecision,
      unverifiedSignOffs: state.items.filter((i) => i.unverified).length,
    }
  })

  app.post<P>('/api/projects/:projectId/checklists/:checklistId/ml-test-score', { config: editor }, async (request) => {
    const docId = docOf(request.params.projectId, request.params.checklistId)
    registry.change(docId, userOf(request.principal).id, (doc) => addMlTestScore(doc, request.params.checklistId))
    return { items: readChecklist(registry.readCommitted(docId), request.params.checklistId).items.length }
  })

  // You sign as yourself; an item someone else signed stays theirs until they withdraw it.
  app.post<ItemP>('/api/projects/:projectId/checklists/:checklistId/items/:itemId/signoff', { config: editor }, async (request) => {
    const user = userOf(request.principal)
    const { docId, item } = itemOf(request.params)
    const { checklistId, itemId } = request.params
    if (item.signedBy && item.signedBy !== user.id) throw new HttpError(409, 'signed_by_other', 'this item is signed by someone else')
    const signOff = item.signedBy === user.id ? { by: user.id, at: item.signedAt!, text: item.text } : { by: user.id, at: new Date().toISOString(), text: item.text }
    // The record only once the document took the copy: a refused change (413) records nothing.
    registry.change(docId, user.id, (doc) => putItem(doc, checklistId, itemId, { text: item.text, signedBy: signOff.by, signedAt: signOff.at }))
    approvals.putSignOff(docId, checklistId, itemId, signOff)
    return { id: itemId, signedBy: signOff.by, signedAt: signOff.at }
  })

  app.delete<ItemP>('/api/projects/:projectId/checklists/:checklistId/items/:itemId/signoff', { config: editor }, async (request) => {
    const user = userOf(request.principal)
    const { docId, item } = itemOf(request.params)
    const { checklistId, itemId } = request.params
    if (item.signedBy && item.signedBy !== user.id) throw new HttpError(409, 'signed_by_other', 'only the person who signed can withdraw it')
    registry.change(docId, user.id, (doc) => putItem(doc, checklistId, itemId, { text: item.text, signedBy: null, signedAt: null }))
    approvals.removeSignOff(docId, checklistId, itemId)
    return { id: itemId, withdrawn: item.signedBy === user.id }
  })

  app.post<P>('/api/projects/:projectId/checklists/:checklistId/ship', { config: editor }, async (request) => {
    const user = userOf(request.principal)
    const { docId, state, result } = evaluate(request.params.projectId, request.params.checklistId)
    if (!result.ready) {
      throw Object.assign(new HttpError(409, 'not_ready', 'not ready to ship'), { details: { blockers: result.blockers } })
    }
    const decision: ShipDecision = {
      by: user.id,
      byName: user.name,
      at: new Date().toISOString(),
      gates: decisionGates(result.gates, gateLabel),
      items: state.items.filter((i) => i.required).map((i) => ({ text: i.text, signedBy: i.signedBy })),
    }
    registry.change(docId, user.id, (doc) => recordDecision(doc, request.params.checklistId, decision))
    approvals.putDecision(docId, request.params.checklistId, decision)
    return decision
  })
}
