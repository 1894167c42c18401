import type { ChecklistView, MlTestScoreAdded, SignedOff, Withdrawn } from '#shared/api/ml'
import { addMlTestScore, decisionGates, putItem, readChecklist, recordDecision, type ShipDecision } from '#shared/ml/checklist'
import { gateLabel, readiness } from '#shared/ml/gates'
import type { RoomRegistry } from '../collab/registry.ts'
import type { HubStore } from '../hub/hub-store.ts'
import { HttpError } from '../http/errors.ts'
import type { TaskViews } from '../tasks/task-views.ts'
import type { ApprovalStore } from './approvals/approval-store.ts'
import { verifyChecklist } from './approvals/verify.ts'
import type { Experiments } from './experiments.ts'
import { CHECKLIST_KIND } from './block-kinds.ts'

/** Who signs or decides: a signed-in user (the route has checked the role). */
export interface Signer {
  id: string
  name: string
}

export interface ChecklistsDeps {
  registry: RoomRegistry
  hub: HubStore
  /** The project's live tasks, for the gates on tasks. */
  tasks: Pick<TaskViews, 'live'>
  approvals: ApprovalStore
  experiments: Experiments
}

/**
 * Deployment checklists: the server evaluates a checklist against the project's task graph and
 * experiment runs. Sign-offs and the ship decision are recorded here only (the approvals table,
 * after the route's role check) and copied into the block's document for display; every answer
 * counts the records alone and flags document copies without one. A record is written only
 * after the document change returned: one refused (413) leaves no record behind.
 */
export class Checklists {
  constructor(private readonly deps: ChecklistsDeps) {}

  private docOf(projectId: string, blockId: string): string {
    const { hub } = this.deps
    const docId = hub.blockDoc(blockId, CHECKLIST_KIND)
    const row = docId ? hub.doc(docId) : null
    if (!docId || row?.projectId !== projectId || row.archivedAt !== null) throw new HttpError(404, 'not_found', 'checklist not found in this project')
    return docId
  }

  private evaluate(projectId: string, blockId: string) {
    const { registry, approvals, tasks, experiments } = this.deps
    const docId = this.docOf(projectId, blockId)
    const state = verifyChecklist(readChecklist(registry.readCommitted(docId), blockId), approvals.signOffs(docId, blockId), approvals.decision(docId, blockId))
    const runs = experiments.allRuns(projectId)
    return { docId, state, result: readiness(state.items, state.gates, { tasks: tasks.live(projectId), runs }) }
  }

  private itemOf(projectId: string, checklistId: string, itemId: string) {
    const { docId, state } = this.evaluate(projectId, checklistId)
    const item = state.items.find((i) => i.id === itemId)
    if (!item) throw new HttpError(404, 'not_found', 'no such item in this checklist')
    return { docId, item }
  }

  view(projectId: string, checklistId: string): ChecklistView {
    const { state, result } = this.evaluate(projectId, checklistId)
    return {
      items: state.items,
      gates: result.gates.map((r) => ({ label: gateLabel(r.gate), holds: r.holds, detail: r.detail })),
      ready: result.ready,
      blockers: result.blockers,
      decision: state.decision,
      unverifiedDecision: state.unverifiedDecision,
      unverifiedSignOffs: state.items.filter((i) => i.unverified).length,
    }
  }

  /** Adds the ML Test Score items to the checklist. */
  addMlTestScore(projectId: string, checklistId: string, userId: string): MlTestScoreAdded {
    const { registry } = this.deps
    const docId = this.docOf(projectId, checklistId)
    registry.change(docId, userId, (doc) => addMlTestScore(doc, checklistId))
    return { items: readChecklist(registry.readCommitted(docId), checklistId).items.length }
  }

  /** You sign as yourself; an item someone else signed stays theirs until they withdraw it. */
  signOff(projectId: string, checklistId: string, itemId: string, user: Signer): SignedOff {
    const { registry, approvals } = this.deps
    const { docId, item } = this.itemOf(projectId, checklistId, itemId)
    if (item.signedBy && item.signedBy !== user.id) throw new HttpError(409, 'signed_by_other', 'this item is signed by someone else')
    const signOff =
      item.signedBy === user.id ? { by: user.id, at: item.signedAt!, text: item.text } : { by: user.id, at: new Date().toISOString(), text: item.text }
    // The record only once the document took the copy: a refused change (413) records nothing.
    registry.change(docId, user.id, (doc) => putItem(doc, checklistId, itemId, { text: item.text, signedBy: signOff.by, signedAt: signOff.at }))
    approvals.putSignOff(docId, checklistId, itemId, signOff)
    return { id: itemId, signedBy: signOff.by, signedAt: signOff.at }
  }

  withdraw(projectId: string, checklistId: string, itemId: string, user: Signer): Withdrawn {
    const { registry, approvals } = this.deps
    const { docId, item } = this.itemOf(projectId, checklistId, itemId)
    if (item.signedBy && item.signedBy !== user.id) throw new HttpError(409, 'signed_by_other', 'only the person who signed can withdraw it')
    registry.change(docId, user.id, (doc) => putItem(doc, checklistId, itemId, { text: item.text, signedBy: null, signedAt: null }))
    approvals.removeSignOff(docId, checklistId, itemId)
    return { id: itemId, withdrawn: item.signedBy === user.id }
  }

  /** Records the ship decision, if every gate holds and every required item is signed (else 409 with the blockers). */
  ship(projectId: string, checklistId: string, user: Signer): ShipDecision {
    const { registry, approvals } = this.deps
    const { docId, state, result } = this.evaluate(projectId, checklistId)
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
    registry.change(docId, user.id, (doc) => recordDecision(doc, checklistId, decision))
    approvals.putDecision(docId, checklistId, decision)
    return decision
  }
}
