import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { hasRun, type Run, RunInput, RunPatch, readRuns, writeRun } from '#shared/ml/runs'
import type { RoomRegistry } from '../collab/registry.ts'
import type { HubStore } from '../hub/hub-store.ts'
import { HttpError } from '../http/errors.ts'

type P = { Params: { projectId: string; blockId: string; runId: string } }

const Compare = z.object({
  dataset: z.string().max(200).optional(),
  tag: z.string().max(50).optional(),
  metric: z.string().max(100).optional(),
  order: z.enum(['asc', 'desc']).default('desc'),
})

/**
 * Experiment runs, written by training scripts into the experiment-log block's document on the
 * server, as normal edits: open editors see a run appear and its metrics grow live. Posting the
 * same run id again updates that run (idempotent); PATCH appends metric points by step.
 */
export async function experimentRoutes(app: FastifyInstance, opts: { registry: RoomRegistry; hub: HubStore }): Promise<void> {
  const { registry, hub } = opts
  const editor = { access: { on: 'project' as const, param: 'projectId', min: 'editor' as const } }
  const viewer = { access: { on: 'project' as const, param: 'projectId', min: 'viewer' as const } }

  /** The block's document, if the block belongs to this project (else 404, whatever exists elsewhere). */
  function docOf(projectId: string, blockId: string): string {
    const docId = hub.experimentDoc(blockId)
    const row = docId ? hub.doc(docId) : null
    if (!docId || row?.projectId !== projectId || row.archivedAt !== null) {
      throw new HttpError(404, 'not_found', 'experiment block not found in this project (a block added a moment ago is indexed within a second)')
    }
    return docId
  }

  const userOf = (request: { principal: { kind: string; user?: { id: string } } }) => request.principal.user?.id ?? 'anonymous'

  app.post<P>('/api/projects/:projectId/experiments/:blockId/runs', { config: editor }, async (request, reply) => {
    const input = RunInput.parse(request.body)
    const docId = docOf(request.params.projectId, request.params.blockId)
    const existed = hasRun(registry.readCommitted(docId), request.params.blockId, input.runId)
    const { runId, ...fields } = input
    registry.change(docId, userOf(request), (doc) => writeRun(doc, request.params.blockId, runId, fields, 'create'))
    // A short answer: reading a run back means scanning the block, and scripts post thousands.
    return reply.status(existed ? 200 : 201).send({ runId, created: !existed })
  })

  app.patch<P>('/api/projects/:projectId/experiments/:blockId/runs/:runId', { config: editor }, async (request) => {
    const input = RunPatch.parse(request.body)
    const docId = docOf(request.params.projectId, request.params.blockId)
    const { blockId, runId } = request.params
    if (!hasRun(registry.readCommitted(docId), blockId, runId)) throw new HttpError(404, 'not_found', `run ${runId} not found: POST it first`)
    registry.change(docId, userOf(request), (doc) => writeRun(doc, blockId, runId, input, 'patch'))
    return { runId, updated: true }
  })

  app.get<P>('/api/projects/:projectId/experiments/:blockId/runs', { config: viewer }, async (request) =>
    readRuns(registry.readCommitted(docOf(request.params.projectId, request.params.blockId)), request.params.blockId),
  )

  // Every run of the project, for comparison: filter by dataset or tag, sort by a metric.
  app.get<P>('/api/projects/:projectId/runs', { config: viewer }, async (request) => {
    const q = Compare.parse(request.query)
    const runs: (Run & { blockId: string; docId: string })[] = []
    for (const { blockId, docId } of hub.experimentBlocksOf(request.params.projectId)) {
      for (const r of readRuns(registry.readCommitted(docId), blockId)) runs.push({ ...r, blockId, docId })
    }
    return runs
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
  })
}
