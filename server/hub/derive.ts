import type { FastifyBaseLogger } from 'fastify'
import { readTitle, TITLE_MAX, writeTitle } from '#shared/doc/title'
import { renameNode, type TreeNodeData } from '#shared/hub/tree'
import type { RoomRegistry } from '../collab/registry.ts'
import type { DocExtension } from '../collab/extension.ts'
import type { Room } from '../collab/room.ts'
import type { IndexedBlockKind } from './block-index.ts'
import type { HubStore } from './hub-store.ts'
import { scanDocument } from './links.ts'
import { type TreeDelta, TreeMirror } from './tree-mirror.ts'

/** How long link and block indexing (and the title's way into the tree) waits after a document's last commit: a burst of typing is indexed once. */
const LINK_DEBOUNCE_MS = 500

/** Who the server's title edits are recorded as (the tree following a heading, a heading following a rename). */
import { TITLE_USER_ID } from '../collab/system-users.ts'
export { TITLE_USER_ID }

/** A page's title as the tree shows it: an empty page is "Untitled". */
const shownTitle = (title: string): string => title || 'Untitled'

/**
 * The hub's document extension: re-derives the hub's rows after commits: a project's tree document is mirrored into its
 * document rows at once (the sidebar and permissions depend on it); a document's links are
 * re-indexed shortly after its last edit, off the hot path, with the ids of every block kind a
 * feature registered (`blockKinds`).
 *
 * It also keeps one title per page (docs/ARCHITECTURE.md, "The project hub"): the page's document
 * is the source. On the same debounced pass as links, a page whose title (`readTitle`: its first
 * heading) differs from its tree node renames the node; a tree commit that renamed a node (its
 * title differs from the mirrored row) writes that name into the page's heading right after.
 * Each side writes only when the other differs, so neither echoes the other back.
 */
export function hubExtension(
  registry: RoomRegistry,
  hub: HubStore,
  log: FastifyBaseLogger,
  blockKinds: readonly IndexedBlockKind[] = [],
  treeOf: (projectId: string) => string | null = () => null,
): DocExtension {
  const pending = new Map<string, NodeJS.Timeout>()
  /** Tree renames waiting to reach their pages (one turn after the tree's commit), by their immediate. */
  const renames = new Map<NodeJS.Immediate, () => void>()
  /** Set by flush (shutdown): nothing is scheduled after it, since the database closes next. */
  let flushed = false
  /**
   * Rooms known to be a project's page (kind 'doc' with a project): all their commits do is
   * re-arm the link timer, so the row is not read again on every commit (a query per commit was
   * 4 % of the commit step with many rooms). Safe to remember: a row's kind never changes, a
   * page never leaves its project, and `indexLinks` checks the row again before it writes.
   * Per Room object, so a reloaded document is looked up afresh.
   */
  const pages = new WeakSet<Room>()
  /** Loaded tree documents' incremental mirrors, per Room object (a reloaded tree is mirrored whole once). */
  const mirrors = new WeakMap<Room, TreeMirror>()

  /** A page's links and blocks into their rows; returns its room if it was indexed. */
  const indexRows = (docId: string, unloading?: Room): Room | null => {
    pending.delete(docId)
    due.delete(docId)
    const room = unloading ?? registry.get(docId)
    if (!room || room.failed || !hub.doc(docId)) return null
    try {
      const scan = scanDocument(room.doc, blockKinds)
      hub.setLinks(docId, scan.links)
      for (const [kind, ids] of scan.blocks) hub.setBlocks(docId, kind, ids)
    } catch (err) {
      log.warn({ err, docId }, 'link indexing failed')
    }
    return room
  }

  const indexLinks = (docId: string, unloading?: Room): void => {
    const room = indexRows(docId, unloading)
    if (room) titleToTree(docId, room)
  }

  /**
   * Pages whose debounce ran out in the same turn of the event loop, indexed together right after
   * it with their rows in one transaction: one sync to disk for all of them, not one per page (an
   * import writes hundreds of pages a second, and each sync held other people's commits back).
   * Titles follow after the transaction: a tree edit is a commit of its own.
   */
  const due = new Set<string>()
  let dueTurn: NodeJS.Immediate | null = null
  const indexDue = (): void => {
    dueTurn = null
    const indexed: [string, Room][] = []
    try {
      hub.transaction(() => {
        for (const docId of [...due]) {
          const room = indexRows(docId)
          if (room) indexed.push([docId, room])
        }
      })
    } catch (err) {
      log.warn({ err }, 'link indexing failed')
    }
    due.clear()
    for (const [docId, room] of indexed) titleToTree(docId, room)
  }

  /** The page's heading was edited: its tree node follows. */
  const titleToTree = (docId: string, room: Room): void => {
    const row = hub.doc(docId)
    // A page with no node in its project's tree (rows mirrored from the tree always have a
    // fractional position) has no name to follow: loading the tree to rename nothing cost every
    // such page's edit a tree load, and one stray load per restart.
    if (!row?.projectId || row.kind !== 'doc' || row.position === '') return
    const title = shownTitle(readTitle(room.doc))
    const treeDocId = treeOf(row.projectId)
    if (title === row.title || !treeDocId) return
    try {
      registry.change(treeDocId, TITLE_USER_ID, (tree) => void renameNode(tree, docId, title))
    } catch (err) {
      log.warn({ err, docId }, 'title into the tree failed')
    }
  }

  /** Pages renamed in the tree: their heading follows (or, renamed to nothing, the node gets the heading's name back). */
  const titlesToPages = (projectId: string, renamed: readonly string[]): void => {
    for (const docId of renamed) {
      const row = hub.doc(docId)
      if (!row || row.projectId !== projectId || row.kind !== 'doc') continue
      try {
        const current = shownTitle(readTitle(registry.readCommitted(docId)))
        if (current === row.title) continue
        if (row.title.trim() === '' || row.title === 'Untitled') {
          const treeDocId = treeOf(projectId)
          if (treeDocId) registry.change(treeDocId, TITLE_USER_ID, (tree) => void renameNode(tree, docId, current))
        } else {
          registry.change(docId, TITLE_USER_ID, (doc) => void writeTitle(doc, row.title))
        }
      } catch (err) {
        log.warn({ err, docId }, 'title into the page failed')
      }
    }
  }

  const afterCommit = (room: Room): void => {
    if (pages.has(room)) return scheduleLinks(room.id)
    const row = hub.doc(room.id)
    if (!row?.projectId) return
    if (row.kind === 'tree') {
      const projectId = row.projectId
      // Rows hold what the sidebar shows: the parent after a concurrent-move cycle is broken.
      // The first commit of a loaded tree mirrors it whole (repairing rows a crash between a
      // commit and its mirror left behind); later ones only what they changed (tree-mirror.ts).
      const known = mirrors.get(room)
      const mirror = known ?? new TreeMirror(room.doc)
      mirrors.set(room, mirror)
      let renamed: TreeNodeData[]
      try {
        const all = known ? null : mirror.all()
        const delta: TreeDelta = all ? { mirrored: all, touched: all } : mirror.take()
        renamed = delta.touched.filter((n) => {
          const page = hub.doc(n.id)
          return page !== null && page.kind === 'doc' && page.projectId === projectId && page.title !== n.title.slice(0, TITLE_MAX)
        })
        hub.mirrorTree(projectId, delta.mirrored)
        mirror.done()
      } catch (err) {
        // Rows may now be behind the tree: the next commit rebuilds them whole.
        mirror.detach()
        mirrors.delete(room)
        throw err
      }
      // After this commit step: a server change must not run inside another room's commit.
      if (renamed.length > 0 && !flushed) {
        const run = (): void => {
          renames.delete(immediate)
          try {
            titlesToPages(
              projectId,
              renamed.map((n) => n.id),
            )
          } catch (err) {
            log.warn({ err, projectId }, 'titles into pages failed')
          }
        }
        const immediate = setImmediate(run)
        renames.set(immediate, run)
      }
      return
    }
    pages.add(room)
    scheduleLinks(room.id)
  }

  function scheduleLinks(docId: string): void {
    if (flushed) return
    const timer = pending.get(docId)
    // Re-arming the same timer spares a Timeout per commit.
    if (timer) return void timer.refresh()
    const next = setTimeout(() => {
      pending.delete(docId)
      due.add(docId)
      dueTurn ??= setImmediate(indexDue)
    }, LINK_DEBOUNCE_MS)
    next.unref()
    pending.set(docId, next)
  }

  return {
    name: 'hub',
    afterCommit,
    /** A page unloaded inside its debounce (its last editor left at once) is indexed, and its title followed, now. */
    onUnload: (room) => {
      mirrors.get(room)?.detach()
      mirrors.delete(room)
      const timer = pending.get(room.id)
      if ((!timer && !due.has(room.id)) || room.failed) return
      if (timer) clearTimeout(timer)
      indexLinks(room.id, room)
    },
    /** Indexes everything still waiting (shutdown, tests). */
    flush: () => {
      for (const [docId, timer] of [...pending]) {
        clearTimeout(timer)
        indexLinks(docId)
      }
      if (dueTurn) clearImmediate(dueTurn)
      indexDue()
      // Nothing is queued from here on (the changes below commit now; their follow-ups would
      // outlive the database); renames waiting for their turn run now, while it is open.
      flushed = true
      for (const [immediate, run] of [...renames]) {
        clearImmediate(immediate)
        run()
      }
    },
  }
}
