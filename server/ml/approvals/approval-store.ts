import type { DoneOverride } from '#shared/blocks/task'
import type { ShipDecision } from '#shared/ml/checklist'

/** A checklist item's sign-off as the server recorded it, with the item text it was given for. */
export interface SignOff {
  by: string
  at: string
  text: string
  /** Brought in by a Keel-JSON import (`by` is who imported it): who the file said signed, and when. */
  importedFrom?: ImportedFrom
}

/** Who an imported file said made an approval: a claim of another server, never this one's record. */
export interface ImportedFrom {
  userId: string
  at: string
}

/**
 * Approvals: the only source of truth for checklist sign-offs, ship decisions and done-while-
 * blocked overrides. Written by REST routes after their role checks (and by the task PATCH inside
 * its document change), never derived from documents: the copies in documents are display caches
 * any editor can write over the socket. `SqliteApprovalStore` is the implementation beside it;
 * `describeApprovalStore` (approval-store.contract.ts) is what any other must pass.
 *
 * Synchronous on purpose, as the documents `Store` is (server/store/store.ts): the task PATCH
 * records its override inside the registry's synchronous change, so the indexer running on that
 * commit finds it, and puts the earlier record back if the change is refused.
 *
 * Records are keyed by document and block (a checklist, or a task for overrides); a `put` of an
 * existing key replaces it.
 */
export interface ApprovalStore {
  /** The sign-offs of a checklist, by item id. */
  signOffs(docId: string, blockId: string): Map<string, SignOff>
  putSignOff(docId: string, blockId: string, itemId: string, s: SignOff): void
  removeSignOff(docId: string, blockId: string, itemId: string): void
  /** A checklist's recorded ship decision, or null. */
  decision(docId: string, blockId: string): ShipDecision | null
  putDecision(docId: string, blockId: string, d: ShipDecision): void
  /** A task's recorded done-while-blocked override, or null. */
  override(docId: string, taskId: string): DoneOverride | null
  putOverride(docId: string, taskId: string, o: DoneOverride): void
  /** An override holds for one completion: it goes when the task is no longer done. */
  removeOverride(docId: string, taskId: string): void
}
