import type { FastifyBaseLogger } from 'fastify'
import { buildTree, readNodes } from '#shared/hub/tree'
import type { RoomRegistry } from '../collab/registry.ts'
import type { DocExtension } from '../collab/extension.ts'
import type { Room } from '../collab/room.ts'
import type { IndexedBlockKind } from './block-index.ts'
import type { HubStore } from './hub-store.ts'
import { scanDocument } from './links.ts'

/** How long link and block indexing waits after a document's last commit: a burst of typing is indexed once. */
const LINK_DEBOUNCE_MS = 500

/**
 * The hub's document extension: re-derives the hub's rows after commits: a project's tree document is mirrored into its
 * document rows at once (the sidebar and permissions depend on it); a document's links are
 * re-indexed shortly after its last edit, off the hot path, with the ids of every block kind a
 * feature registered (`blockKinds`).
 */
export function hubExtension(registry: RoomRegistry, hub: HubStore, log: FastifyBaseLogger, blockKinds: readonly IndexedBlockKind[] = []): DocExtension {
  const pending = new Map<string, NodeJS.Timeout>()
  /**
   * Rooms known to be a project's page (kind 'doc' with a project): all their commits do is
   * re-arm the link timer, so the row is not read again on every commit (a query per commit was
   * 4 % of the commit step with many rooms). Safe to remember: a row's kind never changes, a
   * page never leaves its project, and `indexLinks` checks the row again before it writes.
   * Per Room object, so a reloaded document is looked up afresh.
   */
  const pages = new WeakSet<Room>()

  const indexLinks = (docId: string): void => {
    pending.delete(docId)
    const room = registry.get(docId)
    if (!room || room.failed || !hub.doc(docId)) return
    try {
      const scan = scanDocument(room.doc, blockKinds)
      hub.setLinks(docId, scan.links)
      for (const [kind, ids] of scan.blocks) hub.setBlocks(docId, kind, ids)
    } catch (err) {
      log.warn({ err, docId }, 'link indexing failed')
    }
  }

  const afterCommit = (room: Room): void => {
    if (pages.has(room)) return scheduleLinks(room.id)
    const row = hub.doc(room.id)
    if (!row?.projectId) return
    if (row.kind === 'tree') {
      // Rows hold what the sidebar shows: the parent after a concurrent-move cycle is broken.
      const nodes = readNodes(room.doc)
      const view = buildTree(nodes)
      hub.mirrorTree(
        row.projectId,
        nodes.map((n) => ({ ...n, parentId: view.byId.has(n.id) ? view.byId.get(n.id)!.parentId : n.parentId })),
      )
      return
    }
    pages.add(room)
    scheduleLinks(room.id)
  }

  function scheduleLinks(docId: string): void {
    const timer = pending.get(docId)
    // Re-arming the same timer spares a Timeout per commit.
    if (timer) return void timer.refresh()
    const next = setTimeout(() => indexLinks(docId), LINK_DEBOUNCE_MS)
    next.unref()
    pending.set(docId, next)
  }

  return {
    name: 'hub',
    afterCommit,
    /** Indexes everything still waiting (shutdown, tests). */
    flush: () => {
      for (const [docId, timer] of [...pending]) {
        clearTimeout(timer)
        indexLinks(docId)
      }
    },
  }
}
