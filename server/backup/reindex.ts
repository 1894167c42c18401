import type Database from 'better-sqlite3'
import type { FastifyBaseLogger } from 'fastify'
import { readNodes } from '#shared/hub/tree'
import type { Limits } from '#shared/limits'
import { RoomRegistry } from '../collab/registry.ts'
import { hubExtension } from '../hub/derive.ts'
import { SqliteHubStore } from '../hub/sqlite-hub-store.ts'
import { mlBlockKinds } from '../ml/block-kinds.ts'
import { SqliteApprovalStore } from '../ml/approvals/sqlite-approval-store.ts'
import { SqliteStore } from '../store/sqlite-store.ts'
import { TaskIndexer } from '../tasks/indexer.ts'
import { SqliteTaskStore } from '../tasks/sqlite-task-store.ts'

/** A tree node whose page is not in the database (erased by the purge before the source was taken). */
export interface MissingPage {
  id: string
  title: string
  projectId: string
}

/**
 * Rebuilds what is derived from documents, after a rewind, with the server's own code on the
 * (not served) database: the hub's document extension mirrors each project's tree into its rows
 * and indexes each page's links and blocks (its `afterCommit` and unload hooks, the entry points
 * every commit uses), then `TaskIndexer.rebuildProject` replaces the task index. No event bus:
 * nothing is announced (no webhook fires for a restore). Project by project, unloading the
 * rooms after each, so memory stays that of one project.
 */
export async function rebuildDerived(db: Database.Database, limits: Limits, log: FastifyBaseLogger): Promise<{ projects: number; missing: MissingPage[] }> {
  const store = new SqliteStore(db)
  const registry = new RoomRegistry(store, log, {
    unloadDelayMs: 60_000,
    compactEveryUpdates: 500,
    compactEveryBytes: 4 * 1024 * 1024,
    commitWindowMs: 0,
    limits,
  })
  const hub = new SqliteHubStore(db)
  const projects = db.prepare<[], { id: string; tree_doc_id: string | null }>('SELECT id, tree_doc_id FROM projects ORDER BY id').all()
  const treeOf = new Map(projects.map((p) => [p.id, p.tree_doc_id]))
  const extension = hubExtension(registry, hub, log, mlBlockKinds, (projectId) => treeOf.get(projectId) ?? null)
  const indexer = new TaskIndexer(registry, hub, new SqliteTaskStore(db), new SqliteApprovalStore(db), store, log)
  registry.use(extension)
  registry.use(indexer)
  const missing: MissingPage[] = []
  const exists = db.prepare<[string], { id: string }>('SELECT id FROM documents WHERE id = ?')
  for (const project of projects) {
    if (project.tree_doc_id && exists.get(project.tree_doc_id)) {
      const tree = registry.readCommitted(project.tree_doc_id)
      for (const n of readNodes(tree)) if (!exists.get(n.id)) missing.push({ id: n.id, title: n.title, projectId: project.id })
      extension.afterCommit!(registry.get(project.tree_doc_id)!)
    }
    for (const page of hub.docsOf(project.id)) {
      registry.readCommitted(page.id)
      extension.afterCommit!(registry.get(page.id)!)
    }
    indexer.rebuildProject(project.id)
    // Titles the tree renamed reach their pages one turn after the mirror (derive.ts): let them.
    await new Promise((resolve) => setImmediate(resolve))
    // Unloading indexes each page's links now (the extension's onUnload) and frees the rooms.
    registry.shutdown(() => {})
  }
  registry.flushExtensions()
  registry.shutdown(() => {})
  return { projects: projects.length, missing }
}
