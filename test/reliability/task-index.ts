import type { FastifyInstance } from 'fastify'
import { canonicalJson } from '../../server/test/harness.ts'
import { sleep } from './helpers.ts'

/**
 * The server's task index for a project against one rebuilt from scratch by the indexer's own
 * full rebuild (`TaskIndexer.rebuildProject`: every document of the project re-read, every row
 * re-derived). Give each seed its own project so a rebuild never touches (and so never "repairs")
 * another seed's rows before that seed has compared them.
 *
 * The incremental indexer recomputes positions 500 ms after a structural edit
 * (POSITION_REFRESH_MS in server/tasks/indexer.ts); the comparison waits that out first.
 */
const POSITION_PASS_MS = 650

export async function indexVersusRebuild(app: FastifyInstance, projectId: string): Promise<{ incremental: string; rebuilt: string; tasks: number }> {
  await sleep(POSITION_PASS_MS)
  const rows = (): string => canonicalJson(app.tasks.ofProject(projectId).map(({ updatedAt: _u, ...rest }) => rest))
  const incremental = rows()
  app.indexer.rebuildProject(projectId)
  return { incremental, rebuilt: rows(), tasks: app.tasks.ofProject(projectId).length }
}
