import type { FastifyBaseLogger } from 'fastify'
import type * as Y from 'yjs'
import type { TaskBlocker } from '#shared/api/tasks'
import { isOpen, type TaskStatus } from '#shared/blocks/task'
import type { RoomRegistry } from '../collab/registry.ts'
import type { Room } from '../collab/room.ts'
import type { HubStore } from '../hub/hub-store.ts'
import { EDITOR_FRAGMENT } from '#shared/doc/fragment'
import { isDeleted, type TaskRow, taskElements } from './extract.ts'
import type { TaskStore } from './task-store.ts'

/** An open dependency, as the API's 409 lists them (shared/api/tasks.ts). */
export type Blocker = TaskBlocker

/**
 * The done-gate, in one place for the REST route and the indexer: the open dependencies a task
 * would be done over. `resolve` gives a live task of the task's own project (or nothing: a
 * dangling id, a task in the trash or in another project does not block). A self-dependency is
 * a cycle, reported by the graph, not a blocker.
 */
export function openBlockers(selfId: string, deps: readonly string[], resolve: (id: string) => Blocker | null | undefined): Blocker[] {
  const out: Blocker[] = []
  for (const d of deps) {
    if (d === selfId) continue
    const t = resolve(d)
    if (t && isOpen(t.status)) out.push({ id: t.id, title: t.title, status: t.status })
  }
  return out
}

/** The author of the server's reopen edits in the update log. */
import { GATE_USER_ID } from '../collab/system-users.ts'
export { GATE_USER_ID }

interface GateDeps {
  registry: RoomRegistry
  hub: HubStore
  tasks: TaskStore
  log: FastifyBaseLogger
  /** The block's row as the index would write it (its override checked against the record). */
  derive: (room: Room, el: Y.XmlElement) => TaskRow | null
  /** Re-indexes one block now (a held task that may be done after all). */
  reindex: (room: Room, el: Y.XmlElement) => void
}

/**
 * The done-gate on the socket. A task made done in a document while a dependency is open, with
 * no override on record, is held: the index keeps its previous status, and right after the
 * commit (one setImmediate, so every room of the batch has been indexed) the server puts that
 * status back into the document through registry.change, with a `gate` note naming the
 * blockers, so every open editor sees it reopened live. Checked again at that moment: a
 * dependency finished or an override recorded meanwhile lets the done stand instead. The revert
 * itself is not done, so it cannot trigger another: no loop.
 */
export class DoneGate {
  private readonly pending = new Map<Room, Set<Y.XmlElement>>()
  /** Tasks being reopened by the server right now: their change events carry the reason. */
  readonly reopening = new Set<string>()

  constructor(private readonly deps: GateDeps) {}

  /** Open blockers of a row, seeing the rows of this same pass before what is stored. */
  blockers(projectId: string, row: TaskRow, pass: ReadonlyMap<string, TaskRow>): Blocker[] {
    return openBlockers(row.id, row.deps, (id) => {
      const here = pass.get(id)
      if (here) return here
      const t = this.deps.tasks.get(id)
      return t && t.projectId === projectId && this.deps.hub.doc(t.docId)?.archivedAt === null ? t : null
    })
  }

  /**
   * Before ANY pass's rows are written (the incremental one after a commit, the full pass on load
   * and for positions, a rebuild): a row that became done while blocked and without a recorded
   * override keeps its stored status. "Became done" is judged against the index, not against
   * what a revert may or may not have done since: so whatever happens to the revert (the room
   * dropped, the revert refused by a limit, the server stopped before it ran), the index never
   * records done-while-blocked without a record, and no completion is announced. With a room
   * the block is scheduled for the revert too (so a document loaded in that state converges
   * back); without one (a stored document rebuilt cold) its next load does it.
   */
  hold(docId: string, projectId: string, rows: readonly { row: TaskRow; el?: Y.XmlElement }[], room?: Room): void {
    const pass = new Map(rows.map(({ row }) => [row.id, row]))
    const candidates = rows.flatMap(({ row, el }) => {
      if (row.status !== 'done' || row.override) return []
      const stored = this.deps.tasks.get(row.id)
      // Not a completion (already done), or a copy whose id another document holds (not indexed).
      return stored && (stored.docId !== docId || stored.status === 'done') ? [] : [{ row, el, previous: stored?.status ?? 'todo' }]
    })
    // Until nothing changes: holding one task can block another completed in the same edit.
    for (let changed = true; changed;) {
      changed = false
      for (const c of candidates) {
        if (c.row.status !== 'done' || this.blockers(projectId, c.row, pass).length === 0) continue
        c.row.status = c.previous
        if (room && c.el) this.schedule(room, c.el)
        changed = true
      }
    }
  }

  private schedule(room: Room, el: Y.XmlElement): void {
    let set = this.pending.get(room)
    if (!set) {
      this.pending.set(room, (set = new Set()))
      setImmediate(() => this.enforce(room))
    }
    set.add(el)
  }

  /** Puts a held task's stored status back into its document, with the note naming the blockers. */
  private revert(room: Room, el: Y.XmlElement, status: TaskStatus, blockers: readonly Blocker[]): void {
    const id = el.getAttribute('id')
    this.deps.registry.change(room.id, GATE_USER_ID, (doc) => {
      // Near the size limit the change runs on a fork first (server-change.ts): edit the element
      // of the doc given, never the live one, so a refusal leaves the room and its peers alone.
      const target = doc === room.doc ? el : taskElements(doc.getXmlFragment(EDITOR_FRAGMENT)).find((e) => e.getAttribute('id') === id)
      if (!target) return
      target.setAttribute('status', status)
      target.setAttribute('gate', {
        at: new Date().toISOString(),
        blockedBy: blockers.slice(0, 20).map((b) => ({ id: b.id, title: b.title })),
      } as unknown as string)
    })
  }

  private enforce(room: Room): void {
    const els = this.pending.get(room)
    this.pending.delete(room)
    // The room gone or failed: nothing to revert here; the index holds, and the next load of the
    // document schedules the revert again.
    if (!els || room.failed || this.deps.registry.get(room.id) !== room) return
    for (const el of els) {
      if (isDeleted(el)) continue
      // A fresh look: a dependency may have finished, or an override been recorded, meanwhile.
      const row = this.deps.derive(room, el)
      const stored = row ? this.deps.tasks.get(row.id) : null
      if (!row || !stored || stored.docId !== room.id || row.status !== 'done' || stored.status === 'done') continue
      const blockers = row.override ? [] : this.blockers(stored.projectId, row, new Map())
      if (blockers.length === 0) {
        this.deps.reindex(room, el) // the done stands: the index catches up
        continue
      }
      this.reopening.add(row.id)
      try {
        this.revert(room, el, stored.status, blockers)
      } catch (err) {
        // Refused (a document limit) or failed: the index still holds the task at its stored
        // status, and the next load of the document tries the revert again.
        this.deps.log.error({ err, docId: room.id, taskId: row.id }, 'reopening a task done while blocked failed')
      } finally {
        this.reopening.delete(row.id)
      }
    }
  }
}
