import type { ProjectRun, RunDeleted, RunInput, RunPatch, RunPatched, RunsQuery, RunWritten } from '#shared/api/ml'
import { deleteRun, hasRun, type Run, readRuns, writeRun } from '#shared/ml/runs'
import type { RoomRegistry } from '../collab/registry.ts'
import type { HubStore } from '../hub/hub-store.ts'
import { HttpError } from '../http/errors.ts'
import { EXPERIMENT_KIND } from './block-kinds.ts'

/**
 * Experiment runs, written by training scripts into the experiment-log block's document on the
 * server, as normal edits: open editors see a run appear and its metrics grow live. Posting the
 * same run id again updates that run (idempotent); a patch appends metric points by step.
 */
export class Experiments {
  constructor(private readonly deps: { registry: RoomRegistry; hub: HubStore }) {}

  /** The block's document, if the block belongs to this project (else 404, whatever exists elsewhere). */
  private docOf(projectId: string, blockId: string): string {
    const { hub } = this.deps
    const docId = hub.blockDoc(blockId, EXPERIMENT_KIND)
    const row = docId ? hub.doc(docId) : null
    if (!docId || row?.projectId !== projectId || row.archivedAt !== null) {
      throw new HttpError(404, 'not_found', 'experiment block not found in this project (a block added a moment ago is indexed within a second)')
    }
    return docId
  }

  /** Creates the run, or updates it when its id is already logged in the block. */
  post(projectId: string, blockId: string, userId: string, input: RunInput): RunWritten {
    const { registry } = this.deps
    const docId = this.docOf(projectId, blockId)
    const existed = hasRun(registry.readCommitted(docId), blockId, input.runId)
    const { runId, ...fields } = input
    registry.change(docId, userId, (doc) => writeRun(doc, blockId, runId, fields, 'create'))
    // A short answer: reading a run back means scanning the block, and scripts post thousands.
    return { runId, created: !existed }
  }

  patch(projectId: string, blockId: string, runId: string, userId: string, input: RunPatch): RunPatched {
    const { registry } = this.deps
    const docId = this.docOf(projectId, blockId)
    if (!hasRun(registry.readCommitted(docId), blockId, runId)) throw new HttpError(404, 'not_found', `run ${runId} not found: POST it first`)
    registry.change(docId, userId, (doc) => writeRun(doc, blockId, runId, input, 'patch'))
    return { runId, updated: true }
  }

  /**
   * Deletes a run and every metric point of it, in one server-side change (open editors see the
   * row vanish). Idempotent: deleting a run that is not there answers `deleted: false`, so a
   * retried script call does not fail; the block itself must exist (else 404). A script still
   * training that PATCHes the deleted run gets 404; one that POSTs it again creates it anew.
   */
  delete(projectId: string, blockId: string, runId: string, userId: string): RunDeleted {
    const { registry } = this.deps
    const docId = this.docOf(projectId, blockId)
    if (!hasRun(registry.readCommitted(docId), blockId, runId)) return { runId, deleted: false }
    let deleted = false
    registry.change(docId, userId, (doc) => {
      deleted = deleteRun(doc, blockId, runId)
    })
    return { runId, deleted }
  }

  /** The runs of one block (archived ones included, with `archivedAt`). */
  runs(projectId: string, blockId: string): Run[] {
    return readRuns(this.deps.registry.readCommitted(this.docOf(projectId, blockId)), blockId)
  }

  /**
   * Every run of the project's experiment blocks (what comparisons and checklist gates read).
   * Archived runs are left out: archiving says "do not count this one".
   */
  allRuns(projectId: string): ProjectRun[] {
    const runs: ProjectRun[] = []
    for (const { blockId, docId } of this.deps.hub.blocksOfProject(projectId, EXPERIMENT_KIND)) {
      for (const r of readRuns(this.deps.registry.readCommitted(docId), blockId)) if (!r.archivedAt) runs.push({ ...r, blockId, docId })
    }
    return runs
  }

  /** Every run of the project, for comparison: filtered by dataset or tag, sorted by a metric. */
  compare(projectId: string, q: RunsQuery): ProjectRun[] {
    return this.allRuns(projectId)
      .filter((r) => !q.dataset || r.dataset?.name === q.dataset || `${r.dataset?.name}@${r.dataset?.version}` === q.dataset)
      .filter((r) => !q.tag || r.tags.includes(q.tag))
      .sort((a, b) => {
        if (!q.metric) return 0
        const va = a.metrics[q.metric]
        const vb = b.metrics[q.metric]
        if (va === undefined) return 1
        if (vb === undefined) return -1
        return q.order === 'desc' ? vb - va : va - vb
      })
  }
}
