import type { FastifyBaseLogger } from 'fastify'
import * as Y from 'yjs'
import { EDITOR_FRAGMENT } from '#shared/doc/fragment'
import { CHECKLISTS_MAP } from '#shared/ml/checklist'
import { MODEL_CARDS_MAP } from '#shared/ml/model-card'
import { EXPERIMENTS_MAP } from '#shared/ml/runs'
import type { DocExtension } from '../collab/extension.ts'
import type { Peer } from '../collab/peer.ts'
import type { RoomRegistry } from '../collab/registry.ts'
import type { Room } from '../collab/room.ts'
import type { HubStore } from '../hub/hub-store.ts'
import type { Store } from '../store/store.ts'
import { docFromStored } from '../store/stored-doc.ts'
import { isDeleted } from '../tasks/extract.ts'
import { allUnits, type DerivedRow, PAGE_UNIT, pageRow, pageTypesOf, rowsOfDoc, rowsOfUnit, unitKey, unitOf, unitsIn } from './extract.ts'
import type { SqliteSearchStore } from './search-store.ts'

/** The maps ML blocks keep their data in, keyed `blockId SEP …`: a change there re-derives that block. */
const ML_MAPS = [EXPERIMENTS_MAP, CHECKLISTS_MAP, MODEL_CARDS_MAP]
const SEP = '\u0001'

interface Watch {
  projectId: string
  /** Units touched since the last commit. */
  dirty: Set<Y.XmlElement>
  /** Blocks whose map data changed since the last commit (by block id). */
  dirtyData: Set<string>
  /** Every known unit element, by key, and each element's key when last indexed. */
  byKey: Map<string, Y.XmlElement>
  keyOf: WeakMap<Y.XmlElement, string>
  /** Blocks were inserted or removed: sweep for deleted units and recheck the page's types. */
  structural: boolean
  author: string | null
  unobserve: () => void
}

/**
 * Keeps the search index equal to the documents, incrementally, on the same path as the task
 * index: a deep observer collects the units (top-level blocks and indexed blocks such as tasks)
 * a transaction touched, and after the commit only those are re-derived and written as
 * differences. A load re-derives the whole document; `rebuildProject` does the same from storage.
 */
export class SearchIndexer implements DocExtension {
  readonly name = 'search'
  private readonly watches = new Map<Room, Watch>()
  readonly stats = { incremental: 0, rowsWritten: 0, lastIncrementalMs: 0 }

  constructor(
    private readonly deps: {
      registry: RoomRegistry
      hub: HubStore
      index: SqliteSearchStore
      store: Store
      log: FastifyBaseLogger
      now?: () => number
      /** A member's name, so a task is found by its assignee's name, not only by the id it stores. */
      nameOf?: (userId: string) => string | null
    },
  ) {}

  /** Task rows carry the assignee's name in their searchable text (the attribute is an id). */
  private named(rows: DerivedRow[]): DerivedRow[] {
    const nameOf = this.deps.nameOf
    if (!nameOf) return rows
    return rows.map((r) => {
      const name = r.kind === 'task' && r.assignee ? nameOf(r.assignee) : null
      return name ? { ...r, body: r.body.split(r.assignee!).join(name) } : r
    })
  }

  private now(): number {
    return this.deps.now?.() ?? Date.now()
  }

  onLoad(room: Room): void {
    const row = this.deps.hub.doc(room.id)
    if (!row?.projectId || row.kind !== 'doc') return
    const fragment = room.doc.getXmlFragment(EDITOR_FRAGMENT)
    const watch: Watch = {
      projectId: row.projectId,
      dirty: new Set(),
      dirtyData: new Set(),
      byKey: new Map(),
      keyOf: new WeakMap(),
      structural: false,
      author: null,
      unobserve: () => {},
    }
    const observer = (events: Y.YEvent<Y.AbstractType<unknown>>[], tr: Y.Transaction) => {
      watch.author = (tr.origin as Peer | null)?.userId ?? watch.author
      for (const event of events) {
        const unit = unitOf(event.target as Y.AbstractType<unknown>, fragment)
        if (unit) watch.dirty.add(unit)
        if (event.target instanceof Y.XmlText) continue
        for (const item of event.changes.added) {
          const content = item.content
          if (content instanceof Y.ContentType && content.type instanceof Y.XmlElement) {
            for (const el of unitsIn(content.type, fragment)) watch.dirty.add(el)
            watch.structural = true
          }
        }
        if (event.changes.deleted.size > 0) watch.structural = true
      }
    }
    const onData = (event: Y.YMapEvent<unknown>, tr: Y.Transaction) => {
      watch.author = (tr.origin as Peer | null)?.userId ?? watch.author
      for (const key of event.keysChanged) watch.dirtyData.add(key.split(SEP)[0]!)
    }
    fragment.observeDeep(observer)
    const maps = ML_MAPS.map((name) => room.doc.getMap(name))
    for (const m of maps) m.observe(onData)
    watch.unobserve = () => {
      fragment.unobserveDeep(observer)
      for (const m of maps) m.unobserve(onData)
    }
    this.watches.set(room, watch)
    for (const el of allUnits(fragment)) this.track(watch, el)
    this.deps.index.replaceDoc(room.id, watch.projectId, this.named(rowsOfDoc(room.doc)), null, this.now())
  }

  onUnload(room: Room): void {
    this.watches.get(room)?.unobserve()
    this.watches.delete(room)
  }

  private track(watch: Watch, el: Y.XmlElement): string {
    const key = unitKey(el)
    const holder = watch.byKey.get(key)
    if (!holder || holder === el || isDeleted(holder)) watch.byKey.set(key, el)
    watch.keyOf.set(el, key)
    return key
  }

  afterCommit(room: Room): void {
    const watch = this.watches.get(room)
    if (!watch || (watch.dirty.size === 0 && watch.dirtyData.size === 0 && !watch.structural)) return
    const started = performance.now()
    const units = new Set<string>()
    const rows: DerivedRow[] = []
    const derive = (el: Y.XmlElement) => {
      const before = watch.keyOf.get(el)
      if (before) units.add(before)
      if (isDeleted(el)) return
      const key = this.track(watch, el)
      units.add(key)
      // A duplicate id (a pasted copy): the block holding the key keeps the rows.
      if (watch.byKey.get(key) === el) rows.push(...rowsOfUnit(room.doc, el))
    }
    for (const el of watch.dirty) derive(el)
    for (const blockId of watch.dirtyData) {
      const el = watch.byKey.get(`b:${blockId}`)
      if (el && !watch.dirty.has(el)) derive(el)
    }
    watch.dirty.clear()
    watch.dirtyData.clear()
    // The page row: its title lives in the first blocks, its types change only with blocks.
    units.add(PAGE_UNIT)
    if (watch.structural) {
      watch.structural = false
      for (const [key, el] of watch.byKey) {
        if (!isDeleted(el)) continue
        watch.byKey.delete(key)
        units.add(key)
      }
    }
    rows.push(pageRow(room.doc, pageTypesOf(watch.byKey.values())))
    const written = this.deps.index.replaceUnits(room.id, watch.projectId, units, this.named(rows), watch.author, this.now())
    this.stats.incremental++
    this.stats.rowsWritten += written
    this.stats.lastIncrementalMs = performance.now() - started
  }

  /** Re-derives every document of a project from its stored (or loaded) state, and drops rows of pages gone from it. */
  rebuildProject(projectId: string): void {
    const { hub, registry, store, index } = this.deps
    for (const d of hub.docsOf(projectId)) {
      const room = registry.get(d.id)
      const temp = room ? null : docFromStored(store.load(d.id))
      index.replaceDoc(d.id, projectId, this.named(rowsOfDoc(room?.doc ?? temp!)), null, this.now())
      temp?.destroy()
    }
    this.deps.log.debug({ projectId }, 'search index rebuilt')
  }
}
