import type { FastifyBaseLogger } from 'fastify'
import * as Y from 'yjs'
import { sameOverride } from '#shared/blocks/task'
import { EDITOR_FRAGMENT } from '#shared/doc/fragment'
import type { RoomRegistry } from '../collab/registry.ts'
import type { DocExtension } from '../collab/extension.ts'
import type { Room } from '../collab/room.ts'
import type { ApprovalStore } from '../ml/approvals/approval-store.ts'
import type { HubStore } from '../hub/hub-store.ts'
import type { Store } from '../store/store.ts'
import { docFromStored } from '../store/stored-doc.ts'
import { DoneGate } from './done-gate.ts'
import { enclosingTask, isDeleted, rowOf, type TaskRow, taskElements, taskElementsWithPositions } from './extract.ts'
import type { TaskChange, TaskStore } from './task-store.ts'

/** How long after a structural edit (blocks inserted or removed) positions are recomputed. */
const POSITION_REFRESH_MS = 500

interface Watch {
  projectId: string
  /** Task elements touched since the last commit. */
  dirty: Set<Y.XmlElement>
  /** Every indexed task element of the document, by its id. */
  byId: Map<string, Y.XmlElement>
  idOf: WeakMap<Y.XmlElement, string>
  structural: boolean
  refresh: NodeJS.Timeout | null
  unobserve: () => void
}

/**
 * Keeps the task index equal to the documents, incrementally. A deep observer on each loaded
 * document collects the task blocks a transaction touched; after the commit only those are
 * re-derived and written (as differences). Deleted blocks are found by checking the known
 * elements (a flag each). Inserting or removing blocks shifts positions, so a structural edit
 * schedules one position pass shortly after, off the keystroke path.
 */
export class TaskIndexer implements DocExtension {
  readonly name = 'tasks'
  private readonly watches = new Map<Room, Watch>()
  /** Counts, and how long the last incremental and full passes took (ms): for benchmarks. */
  readonly stats = { incremental: 0, full: 0, rowsWritten: 0, lastIncrementalMs: 0, lastFullMs: 0 }
  private readonly gate: DoneGate

  constructor(
    private readonly registry: RoomRegistry,
    private readonly hub: HubStore,
    private readonly tasks: TaskStore,
    private readonly approvals: ApprovalStore,
    private readonly store: Store,
    private readonly log: FastifyBaseLogger,
    private readonly onChanged: (projectId: string, changes: TaskChange[]) => void = () => {},
  ) {
    this.gate = new DoneGate({
      registry,
      hub,
      tasks,
      log,
      derive: (room, el) => this.derive(room.id, el),
      reindex: (room, el) => {
        this.watches.get(room)?.dirty.add(el)
        this.afterCommit(room)
      },
    })
  }

  onLoad(room: Room): void {
    const row = this.hub.doc(room.id)
    if (!row?.projectId || row.kind !== 'doc') return
    const fragment = room.doc.getXmlFragment(EDITOR_FRAGMENT)
    const watch: Watch = {
      projectId: row.projectId,
      dirty: new Set(),
      byId: new Map(),
      idOf: new WeakMap(),
      structural: false,
      refresh: null,
      unobserve: () => {},
    }
    const observer = (events: Y.YEvent<Y.AbstractType<unknown>>[]) => {
      for (const event of events) {
        const task = enclosingTask(event.target as Y.AbstractType<unknown>)
        if (task) watch.dirty.add(task)
        if (event.target instanceof Y.XmlText) continue
        // Blocks inserted (typed, pasted, moved): the tasks inside them are new or moved.
        for (const item of event.changes.added) {
          const content = item.content
          if (content instanceof Y.ContentType && content.type instanceof Y.XmlElement) {
            for (const el of taskElements(content.type)) watch.dirty.add(el)
            watch.structural = true
          }
        }
        if (event.changes.deleted.size > 0) watch.structural = true
      }
    }
    fragment.observeDeep(observer)
    watch.unobserve = () => fragment.unobserveDeep(observer)
    this.watches.set(room, watch)
    this.full(room, watch)
  }

  /**
   * Server shutdown: no position pass may fire after the database closes. The positions are
   * derived again when each document next loads (`full` on load), so nothing is lost.
   */
  stopTimers(): void {
    for (const watch of this.watches.values()) {
      if (watch.refresh) clearTimeout(watch.refresh)
      watch.refresh = null
    }
  }

  onUnload(room: Room): void {
    const watch = this.watches.get(room)
    if (!watch) return
    if (watch.refresh) {
      clearTimeout(watch.refresh)
      if (!room.failed) this.full(room, watch)
    }
    watch.unobserve()
    this.watches.delete(room)
  }

  /**
   * Re-derives every task of a loaded document (on load, for the position pass, on unload). The
   * done-gate holds here as after a commit: a document loaded with a task done while blocked (its
   * revert refused, or never run before a stop) keeps the stored status and is reverted now.
   */
  private full(room: Room, watch: Watch): void {
    const started = performance.now()
    watch.refresh = null
    watch.byId.clear()
    const rows: { row: TaskRow; el: Y.XmlElement }[] = []
    for (const { el, position } of taskElementsWithPositions(room.doc.getXmlFragment(EDITOR_FRAGMENT))) {
      const row = this.derive(room.id, el, position)
      if (!row || watch.byId.has(row.id)) continue
      watch.byId.set(row.id, el)
      watch.idOf.set(el, row.id)
      rows.push({ row, el })
    }
    this.gate.hold(room.id, watch.projectId, rows, room)
    const changed = this.tasks.replaceDoc(
      watch.projectId,
      room.id,
      rows.map((r) => r.row),
    )
    this.stats.full++
    this.stats.lastFullMs = performance.now() - started
    this.report(watch.projectId, changed)
  }

  afterCommit(room: Room): void {
    const watch = this.watches.get(room)
    if (!watch) return
    const started = performance.now()
    const rows: { row: TaskRow; el: Y.XmlElement }[] = []
    const removed = new Set<string>()
    for (const el of watch.dirty) {
      const before = watch.idOf.get(el)
      if (isDeleted(el)) continue
      const row = this.derive(room.id, el)
      if (before && before !== row?.id) {
        removed.add(before)
        watch.byId.delete(before)
      }
      if (!row) continue
      const holder = watch.byId.get(row.id)
      if (holder && holder !== el && !isDeleted(holder)) continue // a duplicate id in this document
      watch.byId.set(row.id, el)
      watch.idOf.set(el, row.id)
      rows.push({ row, el })
    }
    watch.dirty.clear()
    for (const [id, el] of watch.byId) {
      if (!isDeleted(el)) continue
      watch.byId.delete(id)
      removed.add(id)
    }
    for (const { row } of rows) removed.delete(row.id)
    if (rows.length > 0 || removed.size > 0) {
      this.stats.incremental++
      this.gate.hold(room.id, watch.projectId, rows, room)
      const changes = this.tasks.apply(
        watch.projectId,
        room.id,
        rows.map((r) => r.row),
        removed,
      )
      this.report(
        watch.projectId,
        changes.map((c) => (this.gate.reopening.has(c.id) ? { ...c, reason: 'reopened' as const } : c)),
      )
    }
    this.stats.lastIncrementalMs = performance.now() - started
    if (watch.structural) {
      watch.structural = false
      if (watch.refresh) clearTimeout(watch.refresh)
      watch.refresh = setTimeout(() => {
        if (this.watches.get(room) === watch && !room.failed) this.full(room, watch)
      }, POSITION_REFRESH_MS)
      watch.refresh.unref()
    }
  }

  private report(projectId: string, changes: TaskChange[]): void {
    if (changes.length === 0) return
    this.stats.rowsWritten += changes.length
    try {
      this.onChanged(projectId, changes)
    } catch (err) {
      this.log.error({ err, projectId }, 'task change listener failed')
    }
  }

  /**
   * A block's row with its override checked: only the server's record counts; a copy on the
   * block without a matching record is kept apart as unverified. An override holds for one
   * completion, so a task that is no longer done loses its record.
   */
  private derive(docId: string, el: Y.XmlElement, position?: string): TaskRow | null {
    const row = rowOf(docId, el, position)
    if (!row) return null
    let record = this.approvals.override(docId, row.id)
    if (record && row.status !== 'done') {
      this.approvals.removeOverride(docId, row.id)
      record = null
    }
    const claim = row.unverifiedOverride
    row.override = record
    row.unverifiedOverride = claim && !sameOverride(claim, record) ? claim : null
    return row
  }

  /** The live element of a task in a loaded document (for edits made through the API). */
  elementOf(room: Room, taskId: string): Y.XmlElement | null {
    const el = this.watches.get(room)?.byId.get(taskId)
    return el && !isDeleted(el) ? el : null
  }

  /**
   * Rebuilds a project's index from its documents as stored, one document at a time: what a
   * full re-index after a restore or a bug fix runs, and what tests compare against.
   */
  rebuildProject(projectId: string): void {
    for (const d of this.hub.docsOf(projectId)) {
      const room = this.registry.get(d.id)
      // A loaded room's doc, else the stored one, built here and dropped after (no room loaded).
      const temp = room ? null : docFromStored(this.store.load(d.id))
      const doc = room?.doc ?? temp!
      const seen = new Set<string>()
      const rows: { row: TaskRow; el: Y.XmlElement }[] = []
      for (const { el, position } of taskElementsWithPositions(doc.getXmlFragment(EDITOR_FRAGMENT))) {
        const row = this.derive(d.id, el, position)
        if (row && !seen.has(row.id)) {
          seen.add(row.id)
          rows.push({ row, el })
        }
      }
      // The same gate as every other pass: a rebuild never records done-while-blocked either.
      this.gate.hold(d.id, projectId, rows, room)
      this.tasks.replaceDoc(
        projectId,
        d.id,
        rows.map((r) => r.row),
      )
      temp?.destroy()
    }
    this.log.debug({ projectId }, 'task index rebuilt')
  }
}
