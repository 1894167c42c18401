import * as Y from 'yjs'
import type { JsonNode } from '#shared/api/docs'
import type {
  AttributionResponse,
  DiffResponse,
  EditTimeSpan,
  EditTimesResult,
  RestoreResult,
  VersionAuthors,
  VersionContent,
  VersionList,
  VersionMeta,
  VisitResult,
} from '#shared/api/history'
import { ErrorCode } from '#shared/api/errors'
import { EDITOR_FRAGMENT } from '#shared/doc/fragment'
import { toMarkdown } from '#shared/doc/markdown'
import { reconcileBlock, reconcileFragment } from '#shared/doc/reconcile'
import { BLOCK_DATA_MAPS, reconcileBlockData } from '#shared/doc/reconcile-data'
import { BLOCK_DATA_ATTR, stripBlockData } from '#shared/history/block-data'
import { diffDocs } from '#shared/history/diff'
import { HISTORY_LIMITS } from '#shared/limits'
import type { RoomRegistry } from '../collab/registry.ts'
import { HttpError, notFound } from '../http/errors.ts'
import type { Store } from '../store/store.ts'
import { authorsJson, newestPerBlock, VersionClocks } from './attribution.ts'
import { matchEditTimes } from './edit-times.ts'
import type { Contents } from './contents.ts'
import type { HistoryStore, VersionRow } from './history-store.ts'
import { authorOf, type NameOf, openMeta, toMeta } from './meta.ts'
import { ClockAuthors, clientRangesOf, stateAt } from './state-at.ts'
import type { VersionTracker } from './tracker.ts'
import { versionJson } from './version-json.ts'

export interface HistoryDeps {
  store: Store
  history: HistoryStore
  registry: RoomRegistry
  tracker: VersionTracker
  contents: Contents
  nameOf: NameOf
  /** Milliseconds a diff may spend building both sides before it gives up inline detail. */
  diffBudgetMs?: number
}

const DEFAULT_DIFF_BUDGET_MS = 1000

/** Whether a version's JSON carries any ML block's data snapshot (attachBlockData). */
function hasBlockData(json: JsonNode): boolean {
  return (json.content ?? []).some((block) => block.attrs?.[BLOCK_DATA_ATTR] !== undefined)
}

/**
 * Version history of one document: listing, content, naming, comparing, restoring, attribution
 * and visits. Reads rebuild past states from checkpoints and the log (`stateAt`), never from the
 * live room; writes (a restore) go through `registry.change`, the normal path, so open editors
 * receive them live and the task index and hub follow. Refuses with HttpError.
 */
export class HistoryService {
  constructor(private readonly deps: HistoryDeps) {}

  private lastSeq(docId: string): number {
    return this.deps.registry.get(docId)?.lastSeq ?? this.deps.store.meta(docId)?.lastSeq ?? 0
  }

  private meta(row: VersionRow): VersionMeta {
    return toMeta(row, this.deps.nameOf, this.deps.history)
  }

  /** The version, or 404: an id of another document is as unknown as one that never existed. */
  version(docId: string, vid: number): VersionRow {
    const row = this.deps.history.version(docId, vid)
    if (!row) throw notFound('version')
    return row
  }

  list(docId: string, before: number | undefined, limit: number): VersionList {
    const rows = this.deps.history.list(docId, before, limit)
    const open = before === undefined && this.deps.history.isPage(docId) ? openMeta(this.deps.history, docId, this.lastSeq(docId), this.deps.nameOf) : null
    const bytes = before === undefined ? this.deps.store.historyBytes(docId) : null
    return {
      versions: [...(open ? [open] : []), ...rows.map((r) => this.meta(r))],
      nextBefore: rows.length === limit ? rows[rows.length - 1]!.id : null,
      ...(bytes ? { historyBytes: bytes.logBytes + bytes.checkpointBytes } : {}),
    }
  }

  content(docId: string, vid: number): VersionContent {
    const row = this.version(docId, vid)
    return { version: this.meta(row), content: this.deps.contents.at(docId, row.toSeq) }
  }

  /** The version's state as one Yjs update (a version never changes: safe to cache). */
  state(docId: string, vid: number): Uint8Array {
    const row = this.version(docId, vid)
    const doc = stateAt(this.deps.store, docId, row.toSeq)
    try {
      return Y.encodeStateAsUpdate(doc)
    } finally {
      doc.destroy()
    }
  }

  markdown(docId: string, vid: number): string {
    const row = this.version(docId, vid)
    return toMarkdown(this.deps.contents.at(docId, row.toSeq))
  }

  /** Closes the open burst as a named version; with nothing new, names the newest (a new row if it has a name). */
  name(docId: string, userId: string, name: string): VersionMeta {
    this.page(docId)
    const { tracker, history } = this.deps
    // Peers' queued updates belong to the state being named: commit them first.
    this.deps.registry.committer.flush()
    const closed = tracker.closeNow(docId, { kind: 'named', name, createdBy: userId })
    if (closed) return this.meta(closed)
    const latest = history.latest(docId)
    if (latest && latest.name === null && latest.toSeq === this.lastSeq(docId)) return this.meta(history.rename(docId, latest.id, name, userId)!)
    return this.meta(tracker.closeNow(docId, { kind: 'named', name, createdBy: userId }, true)!)
  }

  /** Renames a version; the renamer is recorded as who named it (a name cleared keeps the earlier namer). */
  rename(docId: string, vid: number, name: string | null, userId?: string): VersionMeta {
    const row = this.version(docId, vid)
    if (name === null && row.kind === 'named') throw new HttpError(400, ErrorCode.BadRequest, 'a named version keeps a name (rename it instead)')
    return this.meta(this.deps.history.rename(docId, vid, name, name === null ? undefined : userId)!)
  }

  /**
   * The block diff of two versions (or of one and the current state). Bounded: the diff itself
   * by HISTORY_LIMITS, and if rebuilding both sides already took the time budget, the diff runs
   * without word-level detail and says `truncated`.
   */
  diff(docId: string, fromId: number, toId: number | undefined): DiffResponse {
    const started = performance.now()
    const from = this.version(docId, fromId)
    const to = toId === undefined ? null : this.version(docId, toId)
    const before = this.deps.contents.at(docId, from.toSeq)
    const after = to ? this.deps.contents.at(docId, to.toSeq) : this.current(docId)
    const budget = this.deps.diffBudgetMs ?? DEFAULT_DIFF_BUDGET_MS
    const late = performance.now() - started > budget / 2
    // (a cast: the limits' type is HISTORY_LIMITS' literal one, a smaller budget is still the same shape)
    const limits = (late ? { ...HISTORY_LIMITS, maxInlineDiffChars: 0, maxDiffTextChars: 0 } : HISTORY_LIMITS) as typeof HISTORY_LIMITS
    const diff = diffDocs(before, after, limits)
    return { from: this.meta(from), to: to ? this.meta(to) : null, before, after, diff: late ? { ...diff, truncated: true } : diff }
  }

  /**
   * Restores a version (or one top-level block of it) as a forward edit through the normal path.
   * The open burst is closed first, so the state before the restore is a version of its own and
   * restoring that one undoes this; the restore itself is recorded as a 'restore' version.
   */
  restore(docId: string, vid: number, userId: string, block?: number): RestoreResult {
    this.page(docId)
    const row = this.version(docId, vid)
    const target = this.deps.contents.at(docId, row.toSeq)
    if (block !== undefined && block >= (target.content?.length ?? 0)) throw new HttpError(400, ErrorCode.BadRequest, `version ${vid} has no block ${block}`)
    const { registry, tracker } = this.deps
    // The fragment from the version's JSON without its data snapshots (they are not node attrs);
    // the ML blocks' data from the version's own maps, whole or for the one block.
    const fragmentTarget = stripBlockData(target)
    const blockId = block === undefined ? undefined : target.content![block]!.attrs?.id
    // Peers' queued updates are part of the state before the restore: commit them (afterCommit
    // adds them to the open burst) before that burst is closed, or they would land inside the
    // restore version and restoring the "before" version (Undo) would drop them.
    registry.committer.flush()
    tracker.closeNow(docId)
    let version: Y.Doc | null = null
    try {
      // The version's own state only for the ML blocks' data maps: a page with none now and none
      // in the version (no data snapshot in its JSON) skips rebuilding it (measured: 15-180 ms of
      // a restore on the automerge-paper bench). Data of blocks the version does not hold shows
      // nowhere, so skipping it then loses nothing visible.
      const live = registry.readCommitted(docId)
      const needsData = hasBlockData(target) || BLOCK_DATA_MAPS.some((name) => live.getMap(name).size > 0)
      version = needsData ? stateAt(this.deps.store, docId, row.toSeq) : null
      const source = version
      registry.change(docId, userId, (doc) => {
        const fragment = doc.getXmlFragment(EDITOR_FRAGMENT)
        if (block === undefined) {
          reconcileFragment(fragment, fragmentTarget)
          if (source) reconcileBlockData(doc, source)
        } else {
          reconcileBlock(fragment, fragmentTarget, block)
          if (source && typeof blockId === 'string') reconcileBlockData(doc, source, new Set([blockId]))
        }
      })
    } finally {
      version?.destroy()
    }
    // The change may have unloaded nothing, but load again in case (a refused change throws above).
    registry.readCommitted(docId)
    // The change is committed and broadcast: failing to record its version must not answer 500
    // (a client would retry the restore). The tracker logged it and retries the close, as a restore.
    let made: VersionRow | null
    try {
      made = tracker.closeNow(docId, { kind: 'restore', createdBy: userId, restoredFrom: vid }, true)
    } catch {
      made = null
    }
    if (made) return { version: this.meta(made) }
    const open = openMeta(this.deps.history, docId, this.lastSeq(docId), this.deps.nameOf)
    const latest = this.deps.history.latest(docId)
    return { version: open ?? this.meta(latest ?? row) }
  }

  visit(docId: string, userId: string, now = Date.now()): VisitResult {
    const { history, nameOf } = this.deps
    const previous = history.visit(userId, docId, this.lastSeq(docId), now)
    if (!previous) return { previous: null, since: null, versionsSince: 0, authors: [] }
    const since = history.atOrBefore(docId, previous.seq)
    const after = history.after(docId, previous.seq, 1000)
    const open = openMeta(history, docId, this.lastSeq(docId), nameOf)
    // Only other people's changes are news: versions the visitor alone wrote are not counted.
    const others = (authors: readonly string[]): string[] => authors.filter((id) => id !== userId)
    const theirs = after.filter((v) => others(v.authors).length > 0)
    const openTheirs = open ? others(open.authors.map((a) => a.userId)) : []
    const ids = new Set([...theirs.flatMap((v) => others(v.authors)), ...openTheirs])
    return {
      previous: { seq: previous.seq, at: new Date(previous.at).toISOString() },
      since: since ? this.meta(since) : null,
      versionsSince: theirs.length + (openTheirs.length > 0 ? 1 : 0),
      authors: [...ids].map((id) => authorOf(nameOf, id)),
    }
  }

  /** Who last changed each top-level block of the current state, and when (the version that did). */
  attribution(docId: string): AttributionResponse {
    const versions = this.deps.history.all(docId)
    const clocks = new VersionClocks(this.stateVectors(versions))
    const authors = this.clockAuthors(docId, versions)
    const doc = this.deps.registry.readCommitted(docId)
    const fragment = doc.getXmlFragment(EDITOR_FRAGMENT)
    const open = openMeta(this.deps.history, docId, this.lastSeq(docId), this.deps.nameOf)
    const blocks = newestPerBlock(fragment, clocks, authors).map(({ index, version, userId }) => {
      const child = fragment.get(index)
      const id = child instanceof Y.XmlElement ? child.getAttribute('id') : undefined
      const row = version >= 0 && version < versions.length ? versions[version]! : null
      const at = row ? new Date(row.endedAt).toISOString() : version >= versions.length && open ? open.endedAt : null
      return { index, blockId: typeof id === 'string' ? id : null, author: userId ? authorOf(this.deps.nameOf, userId) : null, at, versionId: row?.id ?? null }
    })
    return { blocks }
  }

  /** When `userId`'s offline edits were made, from their client once the server saved them (edit-times.ts). */
  recordEditTimes(docId: string, userId: string, spans: readonly EditTimeSpan[]): EditTimesResult {
    const { rows, result } = matchEditTimes(this.deps.store, docId, userId, this.lastSeq(docId), spans)
    if (rows.length > 0) this.deps.history.recordEditTimes(docId, rows)
    return result
  }

  /** The version's content with text written after version `since` marked with its author. */
  authors(docId: string, vid: number, sinceId: number | undefined): VersionAuthors {
    const row = this.version(docId, vid)
    const since = sinceId === undefined ? null : this.version(docId, sinceId)
    const versions = this.deps.history.all(docId)
    const doc = stateAt(this.deps.store, docId, row.toSeq)
    try {
      const sinceSv = since ? Y.decodeStateVector(this.stateVectors([since])[0]!) : new Map<number, number>()
      const { content, userIds } = authorsJson(doc.getXmlFragment(EDITOR_FRAGMENT), sinceSv, this.clockAuthors(docId, versions))
      return { version: this.meta(row), content, authors: userIds.map((id) => authorOf(this.deps.nameOf, id)) }
    } finally {
      doc.destroy()
    }
  }

  /** The current state, from the room (loaded once) rather than replayed: the log may end in a large update. */
  private current(docId: string): JsonNode {
    const doc = this.deps.registry.readCommitted(docId)
    const seq = this.lastSeq(docId)
    const json = versionJson(doc)
    this.deps.contents.put(docId, seq, json)
    return json
  }

  private page(docId: string): void {
    if (!this.deps.history.isPage(docId)) throw notFound('page')
    // Loads the room (its tracker state) so the open burst can be closed.
    this.deps.registry.readCommitted(docId)
  }

  /** State vectors of `versions`; a baseline from migration 011 has none yet: taken from its checkpoint once. */
  private stateVectors(versions: readonly VersionRow[]): Uint8Array[] {
    return versions.map((v) => {
      if (v.stateVector) return v.stateVector
      const doc = stateAt(this.deps.store, v.docId, v.toSeq)
      const sv = Y.encodeStateVector(doc)
      doc.destroy()
      this.deps.history.setStateVector(v.id, sv)
      v.stateVector = sv
      return sv
    })
  }

  /** Stored clock ranges, plus the open burst's (recorded only when it closes). */
  private clockAuthors(docId: string, versions: readonly VersionRow[]): ClockAuthors {
    const from = versions[versions.length - 1]?.toSeq ?? 0
    const open = clientRangesOf(this.deps.store.readLog(docId, from, this.lastSeq(docId)))
    return new ClockAuthors([...this.deps.history.clientRanges(docId), ...open])
  }
}
